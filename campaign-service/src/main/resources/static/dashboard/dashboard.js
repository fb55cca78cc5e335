'use strict';
// Fleet-operations dashboard: campaign list and campaign detail, updated live by server-sent events.
const STATUSES = ['PENDING', 'ASSIGNED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'DECLINED', 'INCOMPATIBLE'];
const ACTIONS = [
  {action: 'approve', label: 'Approve', roles: ['APPROVER', 'ADMIN'], states: ['PENDING_APPROVAL']},
  {action: 'reject', label: 'Reject', roles: ['APPROVER', 'ADMIN'], states: ['PENDING_APPROVAL'], reason: true},
  {action: 'start', label: 'Start', roles: ['FLEET_OPS', 'ADMIN'], states: ['APPROVED', 'SCHEDULED']},
  {action: 'hold', label: 'Hold', roles: ['FLEET_OPS', 'ADMIN'], states: ['RUNNING'], reason: true},
  {action: 'resume', label: 'Resume', roles: ['FLEET_OPS', 'ADMIN'], states: ['PAUSED'], reason: true},
  {action: 'advance', label: 'Advance stage', roles: ['FLEET_OPS', 'ADMIN'], states: ['RUNNING']},
  {action: 'abort', label: 'Abort', roles: ['FLEET_OPS', 'ADMIN'], states: ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SCHEDULED', 'RUNNING', 'PAUSED'], reason: true},
];
let me = {name: '', roles: [], csrfHeader: 'X-CSRF-TOKEN', csrfToken: ''};
let source = null;
let current = null;

const $ = (selector) => document.querySelector(selector);
const text = (value) => value === null || value === undefined ? '' : String(value);
function cell(row, value, attrs = {}) {
  const td = document.createElement('td');
  td.textContent = text(value);
  Object.entries(attrs).forEach(([k, v]) => td.setAttribute(k, v));
  row.appendChild(td);
  return td;
}

function say(message, error = false) {
  const box = $('#message');
  box.textContent = message;
  box.className = error ? 'error' : '';
  box.hidden = !message;
}

function listen(url, render) {
  if (source) source.close();
  source = new EventSource(url);
  source.addEventListener('snapshot', (event) => { $('#live').classList.add('on'); render(JSON.parse(event.data)); });
  source.onerror = () => $('#live').classList.remove('on');
}

function renderList(campaigns) {
  const body = $('#campaigns tbody');
  body.replaceChildren();
  campaigns.forEach((c) => {
    const row = document.createElement('tr');
    row.dataset.campaignId = c.id;
    cell(row, c.name);
    cell(row, c.state, {class: 'state ' + c.state});
    cell(row, c.currentStage + ' / ' + c.stageCount);
    cell(row, c.createdBy);
    cell(row, c.approvedBy);
    cell(row, c.dispatched);
    cell(row, new Date(c.updatedAt).toLocaleString());
    row.addEventListener('click', () => { location.hash = '#/campaigns/' + c.id; });
    body.appendChild(row);
  });
}

function renderCampaign(snapshot) {
  const c = snapshot.campaign;
  current = c;
  $('#campaign-name').textContent = c.definition.name;
  $('#state').textContent = c.state;
  $('#state').className = 'state ' + c.state;
  $('#current-stage').textContent = c.currentStage;
  $('#stage-count').textContent = c.stageCount;
  $('#created-by').textContent = c.createdBy;
  $('#approved-by').textContent = c.approvedBy || '—';
  renderActions(c);
  renderFinishing(c, snapshot.stages);
  const body = $('#stage-table tbody');
  body.replaceChildren();
  snapshot.stages.forEach((s) => {
    const row = document.createElement('tr');
    row.dataset.stage = s.stage;
    cell(row, s.stage);
    cell(row, s.state, {'data-field': 'state'});
    cell(row, s.planned);
    STATUSES.forEach((status) => cell(row, s.vehicles[status] || 0, {'data-status': status}));
    cell(row, s.verdict ? s.verdict + (s.verdictDetail ? ' — ' + s.verdictDetail : '') : '—');
    cell(row, notUpdated(s), {'data-field': 'not-updated'});
    body.appendChild(row);
  });
  renderHealth(snapshot.health);
  const failures = $('#failures');
  failures.replaceChildren();
  Object.entries(snapshot.failures).forEach(([by, counts]) => {
    const p = document.createElement('p');
    p.dataset.failuresBy = by;
    p.textContent = 'by ' + by + ': ' + Object.entries(counts).map(([k, n]) => k + ' ' + n).join(', ');
    failures.appendChild(p);
  });
  if (!failures.children.length) failures.textContent = 'none';
  const history = $('#transitions');
  history.replaceChildren();
  snapshot.transitions.forEach((t) => {
    const li = document.createElement('li');
    li.textContent = new Date(t.at).toLocaleString() + ' — ' + t.action + ' by ' + t.actor + ' → ' + t.to + (t.reason ? ' (' + t.reason + ')' : '');
    history.appendChild(li);
  });
}

// Which of the stage's vehicles did not update and why, what it still waits for, and why it held the campaign.
function notUpdated(s) {
  const parts = s.notUpdated.map((n) => n.status + ' ' + n.vehicles + (n.reason ? ': ' + n.reason : ''));
  if (s.awaitingOutcome && s.verdict === 'PASS') parts.push('waits for ' + s.awaitingOutcome + ' outcomes');
  if (s.review) parts.push('held: ' + s.review);
  return parts.length ? parts.join('; ') : '—';
}

// The current stage's verdict passed, but the stage closes only once every one of its vehicles has an outcome.
function renderFinishing(c, stages) {
  const box = $('#finishing');
  const stage = stages.find((s) => s.stage === c.currentStage);
  const waiting = stage ? stage.awaitingOutcome : 0;
  box.hidden = !(c.state === 'RUNNING' && stage && stage.verdict === 'PASS' && stage.state !== 'PASSED' && waiting > 0);
  box.textContent = 'Stage ' + c.currentStage + ' passed its health verdict; it closes when the last ' + waiting
      + ' vehicle' + (waiting === 1 ? '' : 's') + ' finish or time out.';
}

function renderHealth(points) {
  const box = $('#health');
  if (!points.length) { box.textContent = 'no verdicts yet'; return; }
  const width = 600, height = 160, pad = 24;
  const max = Math.max(0.01, ...points.map((p) => Math.max(p.failureRateUpperBound, p.threshold))) * 1.2;
  const x = (i) => pad + (points.length === 1 ? 0 : i * (width - 2 * pad) / (points.length - 1));
  const y = (v) => height - pad - v / max * (height - 2 * pad);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', width); svg.setAttribute('height', height);
  const line = (pts, colour, dash) => {
    const path = document.createElementNS(ns, 'polyline');
    path.setAttribute('points', pts.map(([a, b]) => a + ',' + b).join(' '));
    path.setAttribute('fill', 'none'); path.setAttribute('stroke', colour); path.setAttribute('stroke-width', '2');
    if (dash) path.setAttribute('stroke-dasharray', '6 4');
    svg.appendChild(path);
  };
  line(points.map((p, i) => [x(i), y(p.threshold)]), '#c22', true);
  line(points.map((p, i) => [x(i), y(p.failureRateUpperBound)]), '#0a6', false);
  points.forEach((p, i) => {
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(i)); dot.setAttribute('cy', y(p.failureRateUpperBound)); dot.setAttribute('r', 4);
    dot.setAttribute('fill', p.outcome === 'FAIL' ? '#c22' : p.outcome === 'PASS' ? '#0a6' : '#999');
    const title = document.createElementNS(ns, 'title');
    title.textContent = 'stage ' + p.stage + ' ' + p.cohort + ': ' + p.outcome + ', ' + p.failures + '/' + p.samples + ' failed, bound ' + p.failureRateUpperBound.toFixed(3) + ' vs ' + p.threshold;
    dot.appendChild(title);
    svg.appendChild(dot);
  });
  box.replaceChildren(svg);
}

let actionsKey = '';
function renderActions(c) {
  const box = $('#actions');
  // Rebuild the buttons only when the campaign or its state changed, so a live update never swaps a button
  // out from under the pointer.
  const key = c.id + ':' + c.state;
  if (key === actionsKey) return;
  actionsKey = key;
  box.replaceChildren();
  ACTIONS.filter((a) => a.states.includes(c.state) && a.roles.some((r) => me.roles.includes(r))).forEach((a) => {
    const button = document.createElement('button');
    button.textContent = a.label;
    button.dataset.action = a.action;
    button.addEventListener('click', () => confirmAction(c, a));
    box.appendChild(button);
  });
}

function confirmAction(c, a) {
  const dialog = $('#confirm');
  $('#confirm-text').textContent = a.label + ' campaign "' + c.definition.name + '"?';
  $('#confirm-reason').value = '';
  dialog.returnValue = '';
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'ok') return;
    const reason = $('#confirm-reason').value.trim();
    const response = await fetch('/dashboard/api/campaigns/' + c.id + '/' + a.action, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', [me.csrfHeader]: me.csrfToken},
      body: JSON.stringify({reason}),
    });
    if (response.ok) {
      const updated = await response.json();
      say(a.label + ': campaign is now ' + updated.state);
      $('#state').textContent = updated.state;
    } else {
      let detail = response.status + ' ' + response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      say(detail, true);
    }
  };
  dialog.showModal();
}

function route() {
  const match = location.hash.match(/^#\/campaigns\/([0-9a-f-]{36})$/);
  say('');
  if (match) {
    $('#list-view').hidden = true;
    $('#detail-view').hidden = false;
    listen('/dashboard/api/campaigns/' + match[1] + '/stream', renderCampaign);
  } else {
    $('#detail-view').hidden = true;
    $('#list-view').hidden = false;
    listen('/dashboard/api/stream', renderList);
  }
}

async function init() {
  const response = await fetch('/dashboard/api/me');
  if (response.status === 401) { location.href = '/oauth2/authorization/ota'; return; }
  me = await response.json();
  $('#user').textContent = me.name + ' (' + me.roles.join(', ') + ')';
  $('#user').dataset.user = me.name;
  const csrf = $('#logout-csrf');
  csrf.name = '_csrf';
  csrf.value = me.csrfToken;
  window.addEventListener('hashchange', route);
  route();
}

init();
