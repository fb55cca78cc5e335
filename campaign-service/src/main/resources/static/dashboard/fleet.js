// Fleet: vehicles found with the targeting language (the count while typing), and one vehicle's page.
import {$, ROLES, call, cell, describe, debounce, link, may, showProblem, when} from './common.js';
import {entryFailure, verifyCheckpoint} from './audit-proof.js';

let wired = false;

async function search() {
  const query = $('#fleet-query').value;
  const count = $('#fleet-count');
  const results = $('#fleet-results');
  if (!query.trim()) { count.textContent = ''; results.hidden = true; return; }
  try {
    const found = await call('POST', '/fleet/search', {query});
    count.textContent = found.total + ' vehicle' + (found.total === 1 ? '' : 's') + ' match';
    count.dataset.count = found.total;
    count.classList.remove('invalid');
    $('#fleet-breakdown').textContent = 'by model: ' + Object.entries(found.byModel).map(([k, n]) => k + ' ' + n).join(', ')
        + ' · by region: ' + Object.entries(found.byRegion).map(([k, n]) => k + ' ' + n).join(', ')
        + (found.total > found.vehicles.length ? ' · the first ' + found.vehicles.length + ' are listed' : '');
    const body = results.querySelector('tbody');
    body.replaceChildren(...found.vehicles.map((v) => {
      const row = document.createElement('tr');
      row.dataset.vin = v.vin;
      cell(row, link('#/vehicles/' + encodeURIComponent(v.vin), v.vin));
      [v.model, v.modelYear, v.region, v.ecus, when(v.lastSeen)].forEach((value) => cell(row, value));
      return row;
    }));
    results.hidden = false;
  } catch (refusal) {
    count.textContent = 'Not a valid query: ' + (refusal.problem?.detail || refusal.message);
    delete count.dataset.count;
    count.classList.add('invalid');
    $('#fleet-breakdown').textContent = '';
    results.hidden = true;
  }
}

export function showFleet() {
  if (wired) return;
  wired = true;
  const canSearch = may(ROLES.previewers);
  $('#fleet-query').disabled = !canSearch;
  $('#fleet-form button').disabled = !canSearch;
  if (!canSearch) $('#fleet-count').textContent = 'Searching the fleet needs one of ' + ROLES.previewers.join(', ') + '.';
  $('#fleet-query').addEventListener('input', debounce(search, 300));
  $('#fleet-form').addEventListener('submit', (event) => { event.preventDefault(); search(); });
  $('#vin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const vin = $('#vin-input').value.trim();
    if (vin) location.hash = '#/vehicles/' + encodeURIComponent(vin);
  });
}

export async function showVehicle(vin) {
  $('#vehicle-vin').textContent = vin;
  try {
    const page = await call('GET', '/vehicles/' + encodeURIComponent(vin));
    const v = page.vehicle;
    describe($('#vehicle-facts'), [
      ['Model', v.model + ' (' + v.modelYear + ')'], ['Region / market', v.region + ' / ' + v.market],
      ['Tags', v.tags.join(', ') || '—'], ['Time zone', v.timeZone], ['Last seen', when(v.lastSeen)],
      ['Last manifest', when(v.manifestAt) + (v.manifestAt ? (v.manifestVerified ? ', signature verified' : ', not verified') : '')],
      ['Last location', v.latitude != null ? v.latitude + ', ' + v.longitude : '—'],
    ]);
    $('#vehicle-ecus tbody').replaceChildren(...v.ecus.map((e) => {
      const row = document.createElement('tr');
      row.dataset.ecu = e.serial;
      [e.serial, e.hardwareId, e.primary ? 'yes' : 'no', e.imageName || 'not reported', e.version || '—',
        e.releaseCounter ?? '—', when(e.reportedAt), e.keyId ? e.keyId.substring(0, 16) + '…' : 'no key registered'].forEach((value) => cell(row, value));
      return row;
    }));
    const open = page.campaigns.filter((c) => ['PENDING', 'ASSIGNED', 'IN_PROGRESS'].includes(c.status));
    $('#vehicle-pending').textContent = open.length
        ? open.map((c) => c.campaignName + ': ' + c.status + (c.phase ? ' (' + c.phase + ')' : '')).join('; ')
        : 'none';
    $('#vehicle-history tbody').replaceChildren(...page.campaigns.map((c) => {
      const row = document.createElement('tr');
      row.dataset.campaignId = c.campaignId;
      cell(row, link('#/campaigns/' + c.campaignId, c.campaignName));
      [c.campaignState, c.stage, c.status, when(c.assignedAt), c.phase || '—', c.reason || '—'].forEach((value) => cell(row, value));
      return row;
    }));
  } catch (refusal) {
    showProblem(refusal.problem);
  }
  await showAudit(vin);
}

async function fetchAudit(path) {
  const response = await fetch('/dashboard/api/audit' + path);
  if (!response.ok) {
    let problem = {title: response.statusText, status: response.status};
    try { problem = await response.json(); } catch (e) { /* not a problem detail */ }
    throw Object.assign(new Error(problem.detail || problem.title), {problem});
  }
  return response.text();
}

// The vehicle's audit entries, each proven in the page against the signed checkpoint; nothing taken on trust.
async function showAudit(vin) {
  const checkpoint = $('#audit-checkpoint'), summary = $('#audit-summary'), table = $('#audit-entries');
  table.hidden = true;
  summary.textContent = '';
  delete checkpoint.dataset.verified;
  if (!may(['AUDITOR', 'ADMIN'])) {
    checkpoint.textContent = 'Audit entries need the AUDITOR or ADMIN role (audit-service checks it).';
    return;
  }
  checkpoint.textContent = 'Fetching the audit entries…';
  let key, lines;
  try {
    key = JSON.parse(await fetchAudit('/checkpoint-key'));
    lines = (await fetchAudit('/vehicles/' + encodeURIComponent(vin) + '/bundle')).split('\n').filter((l) => l).map((l) => JSON.parse(l));
  } catch (refusal) {
    checkpoint.textContent = 'The audit log did not answer: ' + (refusal.problem?.detail || refusal.message);
    return;
  }
  $('#audit-key').textContent = 'Audit log key: ' + key.verifierKey;
  const [header, ...entries] = lines;
  let note;
  try {
    note = await verifyCheckpoint(header.checkpoint, key);
    if (note.treeSize !== header.treeSize) throw new Error('the bundle names tree size ' + header.treeSize + ', the checkpoint ' + note.treeSize);
    checkpoint.textContent = 'Checkpoint signature verified: ' + note.origin + ', tree size ' + note.treeSize + ', signed at ' + note.timestamp + '.';
    checkpoint.dataset.verified = 'true';
    checkpoint.className = 'verified';
  } catch (failure) {
    checkpoint.textContent = 'Checkpoint NOT verified: ' + failure.message + '. No entry below can be trusted.';
    checkpoint.dataset.verified = 'false';
    checkpoint.className = 'failed';
  }
  let proven = 0;
  const rows = [];
  for (const entry of entries) {
    const failure = note ? await entryFailure(entry, note) : 'the checkpoint did not verify';
    if (!failure) proven++;
    const row = document.createElement('tr');
    row.dataset.index = entry.index;
    row.dataset.included = failure ? 'false' : 'true';
    [entry.index, entry.type, when(entry.occurredAt), entry.leafHash.substring(0, 16) + '…'].forEach((v) => cell(row, v));
    cell(row, failure ? 'FAILED: ' + failure : 'verified', {class: failure ? 'failed' : 'verified'});
    rows.push(row);
  }
  table.querySelector('tbody').replaceChildren(...rows);
  table.hidden = false;
  summary.textContent = proven + ' of ' + entries.length + ' entries proven included in the signed log'
      + (proven === entries.length ? '.' : '; ' + (entries.length - proven) + ' FAILED.');
  summary.className = proven === entries.length && note ? 'verified' : 'failed';
}
