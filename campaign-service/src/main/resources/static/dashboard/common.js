// Shared by the dashboard's views: the signed-in person, element helpers, calls with CSRF, problem details shown.
export const me = {name: '', roles: [], csrfHeader: 'X-CSRF-TOKEN', csrfToken: ''};

export const ROLES = {
  readers: ['RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN'],
  authors: ['RELEASE_ENGINEER', 'ADMIN'],
  previewers: ['RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'ADMIN'],
  approvers: ['APPROVER', 'ADMIN'],
  operators: ['FLEET_OPS', 'ADMIN'],
};

export const $ = (selector) => document.querySelector(selector);
export const text = (value) => value === null || value === undefined ? '' : String(value);
export const may = (roles) => roles.some((r) => me.roles.includes(r));
export const when = (instant) => instant ? new Date(instant).toLocaleString() : '—';

export function cell(row, value, attrs = {}) {
  const td = document.createElement('td');
  if (value instanceof Node) td.appendChild(value); else td.textContent = text(value);
  Object.entries(attrs).forEach(([k, v]) => td.setAttribute(k, v));
  row.appendChild(td);
  return td;
}

export function link(href, label) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = label;
  return a;
}

export function describe(list, entries) {
  list.replaceChildren();
  entries.forEach(([term, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = text(value);
    dd.dataset.term = term;
    list.append(dt, dd);
  });
}

export function say(message) {
  const box = $('#message');
  box.textContent = message;
  box.hidden = !message;
}

/** Shows a refusal as the server described it (RFC 9457 problem detail), or clears it. */
export function showProblem(problem) {
  const box = $('#problem');
  box.hidden = !problem;
  if (!problem) return;
  $('#problem-title').textContent = problem.title || 'Refused';
  $('#problem-status').textContent = problem.status ? '(' + problem.status + ')' : '';
  $('#problem-detail').textContent = problem.detail || '';
  $('#problem-type').textContent = problem.type || 'about:blank';
  box.focus?.();
}

/** Calls a dashboard endpoint; answers the JSON body, or throws the problem detail the server sent. */
export async function call(method, path, body) {
  const headers = {[me.csrfHeader]: me.csrfToken};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch('/dashboard/api' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return response.status === 204 ? null : response.json();
  let problem = {title: response.statusText, status: response.status, detail: ''};
  try { problem = await response.json(); } catch (e) { /* not a problem detail */ }
  throw Object.assign(new Error(problem.detail || problem.title), {problem});
}

/** Runs {@code fn} once typing has paused for {@code ms} milliseconds. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
