// Tiny DOM helpers: build elements without innerHTML so API data is never parsed as markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A table from column definitions [{title, cell: row => node|string}] and rows; options:
 * attrs (on the table), empty (text when there are no rows), rowAttrs (row => attributes).
 */
export function table(columns, rows, { attrs = {}, empty = 'Nothing yet.', rowAttrs = () => ({}) } = {}) {
  if (!rows || rows.length === 0) return h('p', { class: 'empty', ...attrs }, empty);
  return h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c.title)))),
    h('tbody', {}, rows.map((r) => h('tr', rowAttrs(r), columns.map((c) => h('td', {}, c.cell(r)))))));
}

/** A message box; kind is error, ok or info. */
export function message(kind, text) {
  return h('div', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-test': `msg-${kind}` }, text);
}

export function field(label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function fmtPercent(x, digits = 1) {
  if (x === undefined || x === null || Number.isNaN(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

export function fmtNumber(x, digits = 1) {
  if (x === undefined || x === null || Number.isNaN(Number(x))) return '—';
  const n = Number(x);
  return Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(digits);
}

export function fmtDuration(seconds) {
  if (seconds === undefined || seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** datetime-local value (UTC) for an instant, and back. The console works in UTC throughout. */
export function toLocalInput(date) {
  return date.toISOString().slice(0, 16);
}

export function fromLocalInput(value) {
  if (!value) return null;
  return new Date(`${value}Z`).toISOString();
}

export function badge(state) {
  const s = String(state || 'unknown').toLowerCase();
  return h('span', { class: `badge ${s}` }, s);
}

export function link(href, text, attrs = {}) {
  return h('a', { href, ...attrs }, text);
}
