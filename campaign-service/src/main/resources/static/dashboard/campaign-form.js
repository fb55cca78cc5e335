// Campaign creation for release engineers: the form, the live count of the target, and the create (and submit) calls.
import {$, call, debounce, say, showProblem} from './common.js';

let images = [];
let wired = false;

const number = (id) => Number($(id).value);
const minutes = (id) => 'PT' + Math.round(number(id)) + 'M';

/** Counts the vehicles a query matches, as the server's targeting does; says why when the query does not parse. */
export async function countInto(output, query) {
  if (!query.trim()) { output.textContent = ''; delete output.dataset.count; return; }
  try {
    const preview = await call('POST', '/targeting/preview', {type: 'query', query});
    output.textContent = preview.total + ' vehicle' + (preview.total === 1 ? '' : 's') + ' match';
    output.dataset.count = preview.total;
    output.classList.remove('invalid');
  } catch (refusal) {
    output.textContent = 'Not a valid query: ' + (refusal.problem?.detail || refusal.message);
    delete output.dataset.count;
    output.classList.add('invalid');
  }
}

/**
 * Shows the server's review of a campaign's stages: each warning (a stage too small to pass its health criteria, a
 * stage left without vehicles), or that every stage can pass.
 */
export function showStageReview(list, review) {
  const lines = review.warnings.length ? review.warnings
      : review.targeted > 0 ? ['Every stage can pass its health criteria (a stage needs at least '
          + review.smallestPassingStage + ' vehicles).'] : [];
  list.replaceChildren(...lines.map((line) => {
    const item = document.createElement('li');
    item.textContent = line;
    return item;
  }));
  list.className = review.warnings.length ? 'warning' : 'muted';
  list.dataset.warnings = review.warnings.length;
  list.hidden = lines.length === 0;
}

/** Reviews the form's draft as it is typed; an incomplete draft shows nothing. */
async function reviewDraft() {
  const list = $('#f-stage-review');
  const draft = definition();
  if (!draft.target.query || !draft.bundle.images.length || !draft.stages.length) { list.hidden = true; return; }
  try {
    showStageReview(list, await call('POST', '/campaigns/review', draft));
  } catch (refusal) {
    list.hidden = true;
  }
}

let rows = 1;

function fillHardware(row) {
  const image = images[Number(row.querySelector('select.image').value)];
  const select = row.querySelector('select.hardware');
  select.replaceChildren(...(image ? image.hardwareIds : []).map((hw) => new Option(hw, hw)));
}

function imageOptions(select) {
  select.replaceChildren(...images.map((image, i) =>
      new Option(image.imageName + ' ' + image.version + ' (release ' + image.releaseCounter + ')', String(i))));
}

function labelled(text, id, className) {
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = text;
  const select = document.createElement('select');
  select.id = id;
  select.className = className;
  select.required = true;
  return [label, select];
}

/** One more bundle entry (an image for another ECU), with its own label, selects and a way to take it out again. */
function addImageRow() {
  rows += 1;
  const row = document.createElement('div');
  row.className = 'bundle-image';
  const [imageLabel, image] = labelled('Image ' + rows, 'f-image-' + rows, 'image');
  const [hardwareLabel, hardware] = labelled('ECU hardware id of image ' + rows, 'f-hardware-' + rows, 'hardware');
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Remove image ' + rows;
  remove.addEventListener('click', () => { row.remove(); $('#f-add-image').focus(); });
  row.append(imageLabel, image, hardwareLabel, hardware, remove);
  $('#f-add-image').before(row);
  imageOptions(image);
  image.addEventListener('change', () => fillHardware(row));
  fillHardware(row);
  image.focus();
}

/** A stage entry: {@code 20 vehicles} (or {@code 20v}) is an absolute count, a bare number or {@code 10%} a percent. */
export function stage(entry) {
  const vehicles = /^(\d+)\s*(v|vehicles?)$/i.exec(entry);
  return vehicles ? {count: Number(vehicles[1])} : {percent: Number(entry.replace(/%$/, '').trim())};
}

function definition() {
  const bundle = [...document.querySelectorAll('#campaign-form .bundle-image')].map((row) => {
    const image = images[Number(row.querySelector('select.image').value)];
    return image && {hardwareId: row.querySelector('select.hardware').value, imageName: image.imageName,
      version: image.version, requires: []};
  }).filter((entry) => entry);
  const sizes = $('#f-stages').value.split(',').map((s) => s.trim()).filter((s) => s);
  const cron = $('#f-window').value.trim();
  return {
    name: $('#f-name').value.trim(),
    description: $('#f-description').value.trim(),
    target: {type: 'query', query: $('#f-query').value.trim()},
    continuous: $('#f-continuous').checked,
    bundle: {
      images: bundle,
      rxswin: $('#f-rxswin').value.trim() || null,
    },
    stages: sizes.map((size) => ({...stage(size), minVehicles: 0, soakTime: minutes('#f-stage-soak'),
      autoAdvance: $('#f-auto-advance').checked})),
    healthCriteria: {maxFailureRate: number('#f-max-failure') / 100, minSamples: number('#f-min-samples'),
      confidence: number('#f-confidence') / 100, soakTime: minutes('#f-health-soak'), maxDtcDelta: 0},
    rollbackPolicy: $('#f-rollback').value,
    policies: {
      rateLimit: {maximumPerMinute: number('#f-rate')},
      maintenanceWindow: cron ? {cron, duration: minutes('#f-window-duration')} : null,
      preconditions: {requireParked: $('#f-parked').checked, minBatteryPercent: number('#f-battery'), consentRequired: false},
      vehicleTimeout: minutes('#f-timeout'),
      retry: {maxRetries: number('#f-retries'), initialBackoff: 'PT1M', multiplier: 2, maxBackoff: 'PT10M'},
    },
  };
}

async function create(event) {
  event.preventDefault();
  showProblem(null);
  const button = $('#create-campaign');
  button.disabled = true;
  try {
    const created = await call('POST', '/campaigns', definition());
    const submitted = $('#f-submit').checked ? await call('POST', '/campaigns/' + created.id + '/submit') : created;
    // the page's router clears messages on navigation; this listener runs after it
    window.addEventListener('hashchange', () => say('Campaign "' + created.definition.name + '" created, now '
        + submitted.state), {once: true});
    location.hash = '#/campaigns/' + created.id;
  } catch (refusal) {
    showProblem(refusal.problem);
  } finally {
    button.disabled = false;
  }
}

export async function showCampaignForm() {
  if (!wired) {
    wired = true;
    $('#f-image').addEventListener('change', () => fillHardware($('#f-image').closest('.bundle-image')));
    $('#f-add-image').addEventListener('click', addImageRow);
    const count = debounce(() => countInto($('#f-query-count'), $('#f-query').value), 300);
    $('#f-query').addEventListener('input', count);
    const review = debounce(reviewDraft, 400);
    ['#f-query', '#f-stages', '#f-max-failure', '#f-min-samples', '#f-confidence']
        .forEach((field) => $(field).addEventListener('input', review));
    $('#campaign-form').addEventListener('submit', create);
  }
  try {
    images = await call('GET', '/images');
    document.querySelectorAll('#campaign-form .bundle-image').forEach((row) => {
      imageOptions(row.querySelector('select.image'));
      fillHardware(row);
    });
  } catch (refusal) {
    showProblem(refusal.problem);
  }
}
