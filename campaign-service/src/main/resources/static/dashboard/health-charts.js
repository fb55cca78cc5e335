// Health per cohort: one SVG chart per cohort with a time axis, a failure-rate axis in percent, the threshold and a legend.
const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 560, HEIGHT = 220;
const M = {left: 64, right: 16, top: 16, bottom: 44};
const COLOURS = {bound: '#0a6', threshold: '#c22', PASS: '#0a6', FAIL: '#c22', INSUFFICIENT_DATA: '#777'};

function el(name, attrs = {}, content) {
  const node = document.createElementNS(NS, name);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
  if (content !== undefined) node.textContent = content;
  return node;
}

const percent = (rate) => (rate * 100).toFixed(rate < 0.1 ? 1 : 0) + ' %';
const clock = (ms) => new Date(ms).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});

/** Readable cohort names: "all" is the whole stage, "hw:x" an ECU hardware id, "model:x" a vehicle model. */
export function cohortLabel(cohort) {
  if (cohort === 'all') return 'whole stage';
  if (cohort.startsWith('hw:')) return 'hardware id ' + cohort.substring(3);
  if (cohort.startsWith('model:')) return 'model ' + cohort.substring(6);
  return cohort;
}

function ticks(max, count) {
  return Array.from({length: count + 1}, (_, i) => max * i / count);
}

function chart(cohort, points, index) {
  const times = points.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const span = Math.max(t1 - t0, 1000);
  const top = Math.max(0.01, ...points.map((p) => Math.max(p.failureRateUpperBound, p.threshold))) * 1.15;
  const plotW = WIDTH - M.left - M.right, plotH = HEIGHT - M.top - M.bottom;
  const x = (t) => M.left + (times.length === 1 ? plotW / 2 : (t - t0) / span * plotW);
  const y = (rate) => M.top + plotH - rate / top * plotH;

  const titleId = 'health-title-' + index, descId = 'health-desc-' + index;
  const svg = el('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img',
    'aria-labelledby': titleId + ' ' + descId});
  svg.appendChild(el('title', {id: titleId}, 'Failure-rate bound for ' + cohortLabel(cohort)));
  const last = points[points.length - 1];
  svg.appendChild(el('desc', {id: descId}, points.length + ' verdicts; last: ' + last.outcome + ', bound '
      + percent(last.failureRateUpperBound) + ' against a threshold of ' + percent(last.threshold)));

  const yAxis = el('g', {class: 'axis y-axis'});
  ticks(top, 4).forEach((v) => {
    yAxis.appendChild(el('line', {x1: M.left, x2: WIDTH - M.right, y1: y(v), y2: y(v), class: 'grid'}));
    yAxis.appendChild(el('text', {x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end'}, percent(v)));
  });
  yAxis.appendChild(el('text', {x: 12, y: M.top + plotH / 2, transform: `rotate(-90 12 ${M.top + plotH / 2})`,
    'text-anchor': 'middle', class: 'axis-label'}, 'failure rate, upper bound (%)'));
  svg.appendChild(yAxis);

  const xAxis = el('g', {class: 'axis x-axis'});
  xAxis.appendChild(el('line', {x1: M.left, x2: WIDTH - M.right, y1: M.top + plotH, y2: M.top + plotH, class: 'baseline'}));
  const xTicks = times.length === 1 ? [t0] : ticks(span, 3).map((d) => t0 + d);
  xTicks.forEach((t) => xAxis.appendChild(el('text', {x: x(t), y: M.top + plotH + 16, 'text-anchor': 'middle'}, clock(t))));
  xAxis.appendChild(el('text', {x: M.left + plotW / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'axis-label'},
      'time of verdict (local time)'));
  svg.appendChild(xAxis);

  const polyline = (values, colour, dashed, cls) => el('polyline', {
    points: points.map((p, i) => x(times[i]) + ',' + y(values(p))).join(' '), fill: 'none', stroke: colour,
    'stroke-width': 2, 'stroke-dasharray': dashed ? '6 4' : 'none', class: cls});
  svg.appendChild(polyline((p) => p.threshold, COLOURS.threshold, true, 'threshold'));
  svg.appendChild(polyline((p) => p.failureRateUpperBound, COLOURS.bound, false, 'bound'));
  points.forEach((p, i) => {
    const dot = el('circle', {cx: x(times[i]), cy: y(p.failureRateUpperBound), r: 4,
      fill: COLOURS[p.outcome] || COLOURS.INSUFFICIENT_DATA, 'data-outcome': p.outcome});
    dot.appendChild(el('title', {}, 'stage ' + p.stage + ', ' + clock(times[i]) + ': ' + p.outcome + ', ' + p.failures
        + ' of ' + p.samples + ' failed, bound ' + percent(p.failureRateUpperBound) + ' vs threshold ' + percent(p.threshold)));
    svg.appendChild(dot);
  });

  const figure = document.createElement('figure');
  figure.className = 'health-chart';
  figure.dataset.cohort = cohort;
  const caption = document.createElement('figcaption');
  caption.textContent = cohortLabel(cohort) + ' — last verdict ' + last.outcome + ' (stage ' + last.stage + ', '
      + last.failures + ' of ' + last.samples + ' failed)';
  figure.append(caption, svg, legend());
  return figure;
}

function legend() {
  const list = document.createElement('ul');
  list.className = 'legend';
  [['bound', 'failure-rate upper bound', 'line'], ['threshold', 'threshold (highest allowed failure rate)', 'dashed'],
   ['PASS', 'verdict PASS', 'dot'], ['FAIL', 'verdict FAIL', 'dot'], ['INSUFFICIENT_DATA', 'too few samples', 'dot']]
    .forEach(([key, label, shape]) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch ' + shape;
      swatch.style.setProperty('--colour', COLOURS[key]);
      swatch.setAttribute('aria-hidden', 'true');
      item.append(swatch, ' ' + label);
      list.appendChild(item);
    });
  return list;
}

/** Renders the campaign's verdicts as one chart per cohort, the whole stage first. */
export function renderHealth(box, points) {
  if (!points.length) { box.textContent = 'no verdicts yet'; return; }
  const byCohort = new Map();
  points.forEach((p) => { if (!byCohort.has(p.cohort)) byCohort.set(p.cohort, []); byCohort.get(p.cohort).push(p); });
  const order = (c) => c === 'all' ? 0 : c.startsWith('hw:') ? 1 : 2;
  const cohorts = [...byCohort.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  box.replaceChildren(...cohorts.map((c, i) => chart(c, byCohort.get(c), i)));
}
