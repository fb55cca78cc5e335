// Refusals, for auditors and security: what the platform refused the vehicles (messages, connections, director asks,
// certificate requests), as the audit log holds it, counted by reason and by sender, latest first.
import {$, call, cell, link} from './common.js';

let wired = false;

/** Each audit entry stands for itself and the refusals of its sender counted since its previous one (the budget). */
const weight = (entry) => 1 + (entry.event.alsoRefused || 0);

function tally(entries, key) {
  const counts = new Map();
  entries.forEach((entry) => counts.set(key(entry), (counts.get(key(entry)) || 0) + weight(entry)));
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function fill(table, rows, render) {
  const body = table.querySelector('tbody');
  body.replaceChildren(...rows.map((item) => {
    const row = document.createElement('tr');
    render(row, item);
    return row;
  }));
}

const sender = (vin) => vin === 'unidentified' ? vin : link('#/vehicles/' + encodeURIComponent(vin), vin);

export async function showRefusals() {
  if (!wired) {
    wired = true;
    $('#refusals-hours').addEventListener('change', showRefusals);
  }
  const hours = Number($('#refusals-hours').value);
  const summary = $('#refusals-summary');
  let entries;
  try {
    entries = await call('GET', '/audit/refusals?hours=' + hours);
  } catch (refusal) {
    summary.textContent = refusal.problem?.status === 403
      ? 'Refusals need the AUDITOR or ADMIN role (audit-service checks it).'
      : 'The audit log did not answer: ' + refusal.message;
    [$('#refusals-by-reason'), $('#refusals-by-sender'), $('#refusals-latest')].forEach((t) => fill(t, [], () => {}));
    return;
  }
  const total = entries.reduce((sum, entry) => sum + weight(entry), 0);
  const bySender = tally(entries, (entry) => entry.event.sender);
  summary.dataset.total = total;
  summary.textContent = total + ' refusal' + (total === 1 ? '' : 's') + ' of ' + bySender.length + ' sender'
      + (bySender.length === 1 ? '' : 's') + ' in the last ' + hours + ' h, in ' + entries.length + ' audit entr'
      + (entries.length === 1 ? 'y' : 'ies') + (entries.length >= 1000 ? ' (the first 1,000 of the period)' : '') + '.';
  fill($('#refusals-by-reason'), tally(entries, (entry) => entry.event.reason), (row, [reason, count]) => {
    row.dataset.reason = reason;
    cell(row, reason);
    cell(row, count);
  });
  fill($('#refusals-by-sender'), bySender.slice(0, 10), (row, [vin, count]) => {
    row.dataset.sender = vin;
    cell(row, sender(vin));
    cell(row, count);
  });
  fill($('#refusals-latest'), entries.slice(-50).reverse(), (row, entry) => {
    row.dataset.index = entry.index;
    cell(row, new Date(entry.occurredAt).toISOString().replace('T', ' ').substring(0, 19) + ' UTC');
    cell(row, sender(entry.event.sender));
    cell(row, entry.event.reason);
    cell(row, entry.event.mqttTopic);
    cell(row, entry.event.detail + (entry.event.alsoRefused ? ' (and ' + entry.event.alsoRefused + ' more not logged one by one)' : ''));
  });
}
