// Fleet-operations dashboard: routing, the campaign list and the campaign page (review, stages, health, history),
// updated live by server-sent events. Views other than campaigns live in their own modules.
import {$, ROLES, call, cell, describe, link, may, me, say, showProblem, text, when} from './common.js';
import {renderHealth} from './health-charts.js';
import {showCampaignForm, showStageReview} from './campaign-form.js';
import {showFleet, showVehicle} from './fleet.js';
import {showRefusals} from './refusals.js';
import {showReleases} from './releases.js';

const STATUSES = ['PENDING', 'ASSIGNED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'DECLINED', 'INCOMPATIBLE'];
const ACTIONS = [
  {action: 'submit', label: 'Submit for approval', roles: ROLES.authors, states: ['DRAFT']},
  {action: 'approve', label: 'Approve', roles: ROLES.approvers, states: ['PENDING_APPROVAL']},
  {action: 'reject', label: 'Reject', roles: ROLES.approvers, states: ['PENDING_APPROVAL'], reason: true},
  {action: 'start', label: 'Start', roles: ROLES.operators, states: ['APPROVED', 'SCHEDULED']},
  {action: 'hold', label: 'Hold', roles: ROLES.operators, states: ['RUNNING'], reason: true},
  {action: 'resume', label: 'Resume', roles: ROLES.operators, states: ['PAUSED'], reason: true},
  {action: 'advance', label: 'Advance stage', roles: ROLES.operators, states: ['RUNNING']},
  {action: 'abort', label: 'Abort', roles: ROLES.operators, states: ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SCHEDULED', 'RUNNING', 'PAUSED'], reason: true},
];
const VIEWS = ['#list-view', '#detail-view', '#new-view', '#fleet-view', '#releases-view', '#refusals-view', '#vehicle-view'];
let source = null;

function listen(url, render) {
  if (source) source.close();
  source = null;
  if (!url) return;
  source = new EventSource(url);
  const live = $('#live');
  source.addEventListener('snapshot', (event) => {
    live.classList.add('on');
    live.setAttribute('aria-label', 'live updates on');
    render(JSON.parse(event.data));
  });
  source.onerror = () => { live.classList.remove('on'); live.setAttribute('aria-label', 'live updates off'); };
}

function renderList(campaigns) {
  const body = $('#campaigns tbody');
  body.replaceChildren();
  campaigns.forEach((c) => {
    const row = document.createElement('tr');
    row.dataset.campaignId = c.id;
    cell(row, link('#/campaigns/' + c.id, c.name));
    cell(row, c.state, {class: 'state ' + c.state});
    cell(row, c.currentStage + ' / ' + c.stageCount);
    cell(row, c.createdBy);
    cell(row, c.approvedBy);
    cell(row, c.dispatched);
    cell(row, when(c.updatedAt));
    row.addEventListener('click', (event) => { if (event.target.tagName !== 'A') location.hash = '#/campaigns/' + c.id; });
    body.appendChild(row);
  });
}

function renderCampaign(snapshot) {
  const c = snapshot.campaign;
  $('#campaign-name').textContent = c.definition.name;
  $('#state').textContent = c.state;
  $('#state').className = 'state ' + c.state;
  $('#current-stage').textContent = c.currentStage;
  $('#stage-count').textContent = c.stageCount;
  $('#created-by').textContent = c.createdBy;
  $('#approved-by').textContent = c.approvedBy || '—';
  renderActions(c);
  renderReview(c);
  renderStageReview(c);
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
  renderHealth($('#health'), snapshot.health);
  const failures = $('#failures');
  failures.replaceChildren();
  Object.entries(snapshot.failures).forEach(([by, counts]) => {
    const p = document.createElement('p');
    p.dataset.failuresBy = by;
    p.textContent = 'by ' + by + ': ' + Object.entries(counts).map(([k, n]) => k + ' ' + n).join(', ');
    failures.appendChild(p);
  });
  if (!failures.children.length) failures.textContent = 'none';
  renderDownloads(snapshot.downloads);
  const history = $('#transitions');
  history.replaceChildren();
  snapshot.transitions.forEach((t) => {
    const li = document.createElement('li');
    li.textContent = when(t.at) + ' — ' + t.action + ' by ' + t.actor + ' → ' + t.to + (t.reason ? ' (' + t.reason + ')' : '');
    history.appendChild(li);
  });
}

// What the director's metadata costs the campaign's vehicles to download, deltas offered against full images.
function renderDownloads(d) {
  const p = $('#downloads');
  if (!d || !d.vehiclesIssued) { p.textContent = 'no vehicle issued yet'; return; }
  const mib = (n) => (n / 1048576).toFixed(1) + ' MiB';
  const saved = d.fullImageBytes ? Math.round(100 * (d.fullImageBytes - d.downloadBytes) / d.fullImageBytes) : 0;
  p.dataset.vehiclesOfferedDelta = d.vehiclesOfferedDelta;
  p.dataset.downloadBytes = d.downloadBytes;
  p.textContent = d.vehiclesOfferedDelta + ' of ' + d.vehiclesIssued + ' vehicles offered a delta; '
      + mib(d.downloadBytes) + ' to download instead of ' + mib(d.fullImageBytes) + ' of full images (' + saved + ' % saved)';
}

// The approver reviews what the server stored, never the author's form: every field of the stored definition.
function renderReview(c) {
  const d = c.definition;
  const pending = c.state === 'PENDING_APPROVAL';
  $('#review-heading').textContent = pending && may(ROLES.approvers) ? 'Review before approving' : 'Definition as stored';
  $('#review-note').textContent = 'As stored by the server when ' + c.createdBy + ' created it on ' + when(c.createdAt)
      + '; this is what an approval approves.';
  const own = pending && may(ROLES.approvers) && c.createdBy === me.name;
  const note = $('#self-approval-note');
  note.hidden = !own;
  note.textContent = 'You created this campaign. Approval needs a second person: the server refuses your approval.';
  const target = d.target.type === 'query' ? 'query ' + d.target.query
      : d.target.type === 'segment' ? 'segment ' + d.target.segment : d.target.vins.length + ' VINs: ' + d.target.vins.join(', ');
  const p = d.policies;
  describe($('#definition'), [
    ['Name', d.name],
    ['Description', d.description || '—'],
    ['Target', target + (d.continuous ? ' (continuous)' : '')],
    ['Bundle', d.bundle.images.map((i) => i.hardwareId + ' ← ' + i.imageName + ' ' + i.version
        + (i.requires.length ? ' (requires ' + i.requires.map((r) => r.hardwareId + ' ≥ ' + r.minReleaseCounter).join(', ') + ')' : '')).join('; ')],
    ['RXSWIN', d.bundle.rxswin || '—'],
    ['Install order', d.bundle.installOrder?.length ? d.bundle.installOrder.join(' → ') : 'as the bundle lists its images'],
    ['Stages', d.stages.map((s, i) => (i + 1) + ': ' + (s.percent != null ? s.percent + ' %' : s.count + ' vehicles')
        + (s.minVehicles ? ', at least ' + s.minVehicles : '') + ', soak ' + s.soakTime + (s.autoAdvance ? ', advances by itself' : ', advanced by hand')).join('; ')],
    ['Health criteria', 'failure rate at most ' + asPercent(d.healthCriteria.maxFailureRate) + ' % at '
        + asPercent(d.healthCriteria.confidence) + ' % confidence, at least ' + d.healthCriteria.minSamples + ' samples, soak '
        + d.healthCriteria.soakTime + ', DTC increase at most ' + d.healthCriteria.maxDtcDelta],
    ['On a failing verdict', d.rollbackPolicy],
    ['Rate limit', p.rateLimit.maximumPerMinute + ' vehicles per minute at most'],
    ['Maintenance window', p.maintenanceWindow ? p.maintenanceWindow.cron + ' for ' + p.maintenanceWindow.duration : 'any time'],
    ['Geofence', p.geofence ? 'set' : 'none'],
    ['Preconditions', (p.preconditions.requireParked ? 'parked, ' : '') + 'battery ≥ ' + p.preconditions.minBatteryPercent
        + ' %' + (p.preconditions.consentRequired ? ', driver consent' : '')],
    ['Vehicle timeout', p.vehicleTimeout],
    ['Retries', text(p.retry.maxRetries)],
  ]);
  $('#definition-json').textContent = JSON.stringify(d, null, 2);
}

// Before the rollout starts: can each stage pass its health criteria on the fleet as it is? Asked once per campaign.
let stageReviewOf = null;
async function renderStageReview(c) {
  const list = $('#stage-review');
  if (!['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SCHEDULED'].includes(c.state)) {
    list.hidden = true;
    stageReviewOf = null;
    return;
  }
  if (stageReviewOf === c.id) return;
  stageReviewOf = c.id;
  try {
    showStageReview(list, await call('GET', '/campaigns/' + c.id + '/review'));
  } catch (refusal) {
    list.hidden = true;
  }
}

const asPercent = (fraction) => String(+(fraction * 100).toFixed(4));

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

let actionsKey = '';
function renderActions(c) {
  const box = $('#actions');
  // Rebuild the buttons only when the campaign or its state changed, so a live update never swaps a button
  // out from under the pointer.
  const key = c.id + ':' + c.state;
  if (key === actionsKey) return;
  actionsKey = key;
  box.replaceChildren();
  const offered = ACTIONS.filter((a) => a.states.includes(c.state));
  offered.filter((a) => may(a.roles)).forEach((a) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = a.label;
    button.dataset.action = a.action;
    button.addEventListener('click', () => confirmAction(c, a));
    box.appendChild(button);
  });
  const none = $('#no-actions');
  none.hidden = box.children.length > 0 || offered.length === 0;
  none.textContent = 'Your roles (' + me.roles.join(', ') + ') allow no action on a ' + c.state + ' campaign.';
}

function confirmAction(c, a) {
  const dialog = $('#confirm');
  $('#confirm-text').textContent = a.label + ' campaign "' + c.definition.name + '"?';
  $('#confirm-reason').value = '';
  dialog.returnValue = '';
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'ok') return;
    const reason = $('#confirm-reason').value.trim();
    showProblem(null);
    try {
      const updated = await call('POST', '/campaigns/' + c.id + '/' + a.action, {reason});
      say(a.label + ': campaign is now ' + updated.state);
      $('#state').textContent = updated.state;
    } catch (refusal) {
      say('');
      showProblem(refusal.problem);
    }
  };
  dialog.showModal();
}

function show(view) {
  VIEWS.forEach((v) => { $(v).hidden = v !== view; });
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.getAttribute('href') === location.hash || (a.id === 'nav-campaigns' && view === '#list-view')) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
}

function route() {
  say('');
  showProblem(null);
  const hash = location.hash;
  const campaign = hash.match(/^#\/campaigns\/([0-9a-f-]{36})$/);
  const vehicle = hash.match(/^#\/vehicles\/(.+)$/);
  if (campaign) {
    actionsKey = '';
    show('#detail-view');
    listen('/dashboard/api/campaigns/' + campaign[1] + '/stream', renderCampaign);
  } else if (hash === '#/new') {
    show('#new-view');
    listen(null);
    showCampaignForm();
  } else if (hash === '#/fleet') {
    show('#fleet-view');
    listen(null);
    showFleet();
  } else if (hash === '#/releases') {
    show('#releases-view');
    listen(null);
    showReleases();
  } else if (hash === '#/refusals') {
    show('#refusals-view');
    listen(null);
    showRefusals();
  } else if (vehicle) {
    show('#vehicle-view');
    listen(null);
    showVehicle(decodeURIComponent(vehicle[1]));
  } else {
    show('#list-view');
    listen('/dashboard/api/stream', renderList);
  }
}

async function init() {
  const response = await fetch('/dashboard/api/me');
  if (response.status === 401) { location.href = '/oauth2/authorization/ota'; return; }
  Object.assign(me, await response.json());
  $('#user').textContent = me.name + ' (' + me.roles.join(', ') + ')';
  $('#user').dataset.user = me.name;
  $('#nav-new').hidden = !may(ROLES.authors);
  const csrf = $('#logout-csrf');
  csrf.name = '_csrf';
  csrf.value = me.csrfToken;
  window.addEventListener('hashchange', route);
  route();
}

init();
