// Dead letters: a component's DLQ entries filtered by failing version, reason, cohort and event time;
// one entry with its original key, value and headers; and a redrive of a selection through a chosen
// version, dry run first (the real redrive is offered once a dry run of the same selection finished).
import { api, enc, query } from '../api.js';
import { h, table, message, field, fmtTime, fromLocalInput, toLocalInput, link } from '../dom.js';
import { components } from '../model.js';
import { watch } from './replays.js';

const FILTERS = ['version', 'reason', 'cohort', 'from', 'to'];

export async function deadLettersPage(el, page, arg) {
  el.append(h('h1', {}, 'Dead letters'));
  const list = await components();
  if (list.length === 0) {
    el.append(message('info', 'No components yet: start an engine instance or publish a route with the CLI.'));
    return;
  }
  const [path, rawQuery] = (arg || '').split('?');
  const component = path ? decodeURIComponent(path) : list[0].component;
  const params = new URLSearchParams(rawQuery || '');
  const versions = (list.find((c) => c.component === component) || { versions: [] }).versions.map((v) => v.version);
  const picker = h('select', { 'data-test': 'dlq-component', onchange: (e) => { location.hash = `#/dlq/${enc(e.target.value)}`; } },
    list.map((c) => h('option', { value: c.component, selected: c.component === component }, c.component)));
  el.append(h('div', { class: 'actions' }, field('Component', picker)));

  const inputs = {
    version: h('input', { list: 'dlq-versions', value: params.get('version') || '', placeholder: 'any', 'data-test': 'dlq-version' }),
    reason: h('input', { value: params.get('reason') || '', placeholder: 'PROCESSOR_ERROR, UNDECODABLE, UNROUTABLE ...', 'data-test': 'dlq-reason' }),
    cohort: h('input', { value: params.get('cohort') || '', placeholder: 'customer:acme, plan:enterprise', 'data-test': 'dlq-cohort' }),
    from: h('input', { type: 'datetime-local', value: params.get('from') ? toLocalInput(new Date(params.get('from'))) : '', 'data-test': 'dlq-from' }),
    to: h('input', { type: 'datetime-local', value: params.get('to') ? toLocalInput(new Date(params.get('to'))) : '', 'data-test': 'dlq-to' }),
  };
  const filters = h('form', { class: 'grid', 'data-test': 'dlq-filters' },
    field('Failed version', inputs.version), h('datalist', { id: 'dlq-versions' }, versions.map((v) => h('option', { value: v }))),
    field('Reason (prefix)', inputs.reason), field('Cohort', inputs.cohort),
    field('Event time from (UTC)', inputs.from), field('Event time to (UTC)', inputs.to),
    h('div', { class: 'actions wide' }, h('button', { type: 'submit', 'data-test': 'dlq-search' }, 'List')));
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/dlq/${enc(component)}${query(currentFilters(inputs))}`;
  });
  const listBox = h('div', { 'data-test': 'dlq-list' });
  const selected = new Set();
  el.append(h('section', { class: 'panel' }, h('h2', {}, `Entries of rewind.dlq.${component}`), filters, listBox),
    redrivePanel(component, versions, inputs, selected, page));
  await drawList(listBox, component, currentFilters(inputs), selected, null);
}

function currentFilters(inputs) {
  const f = {};
  for (const name of FILTERS) {
    const v = inputs[name].value.trim();
    f[name] = name === 'from' || name === 'to' ? fromLocalInput(v) : v;
  }
  return f;
}

async function drawList(box, component, filters, selected, cursor) {
  const body = await api.get(`/api/v1/components/${enc(component)}/dlq${query({ ...filters, limit: 100, cursor })}`);
  const entries = (body && body.entries) || [];
  const all = h('input', { type: 'checkbox', 'data-test': 'dlq-select-all', title: 'select every entry of this page',
    onchange: (e) => { entries.forEach((d) => (e.target.checked ? selected.add(d.id) : selected.delete(d.id))); box.querySelectorAll('input[data-entry]').forEach((c) => { c.checked = e.target.checked; }); } });
  box.replaceChildren(table([
    { title: all, cell: (d) => h('input', { type: 'checkbox', 'data-entry': d.id, checked: selected.has(d.id),
      onchange: (e) => (e.target.checked ? selected.add(d.id) : selected.delete(d.id)) }) },
    { title: 'Entry', cell: (d) => link(`#/dlq/${enc(component)}/${enc(d.id)}`, d.id, { 'data-test': 'dlq-entry-link' }) },
    { title: 'Version', cell: (d) => (d.version ? d.version : h('span', { class: 'muted', title: 'dead-lettered on behalf of no version' }, 'none')) },
    { title: 'Reason', cell: (d) => h('span', { 'data-test': 'dlq-entry-reason' }, d.reason) },
    { title: 'Event', cell: (d) => (d.eventId ? link(`#/events/${enc(d.eventId)}`, d.eventId) : h('span', { class: 'muted' }, 'not decodable')) },
    { title: 'Cohort', cell: (d) => cohortText(d.cohort) },
    { title: 'Source', cell: (d) => h('code', {}, `${d.sourceTopic}-${d.sourcePartition}@${d.sourceOffset}`) },
    { title: 'Event time', cell: (d) => fmtTime(d.eventTime) },
    { title: 'Failed at', cell: (d) => fmtTime(d.failedAt) },
  ], entries, { attrs: { 'data-test': 'dlq-table' }, empty: 'No dead letters match.' }),
  body && body.nextCursor ? h('div', { class: 'actions' }, h('button', { class: 'secondary', 'data-test': 'dlq-next',
    onclick: () => drawList(box, component, filters, selected, body.nextCursor) }, 'Next page')) : '');
}

function cohortText(c) {
  if (!c) return h('span', { class: 'muted' }, '—');
  return ['customer', 'plan', 'project'].filter((k) => c[k]).map((k) => `${k}:${c[k]}`).join(' ');
}

/**
 * Redrive: the ticked entries, or when none is ticked every entry matching the filters. A dry run of
 * exactly this selection must finish before the real redrive can start.
 */
function redrivePanel(component, versions, inputs, selected, page) {
  const version = h('select', { 'data-test': 'redrive-version' }, versions.map((v) => h('option', { value: v, selected: v === versions[versions.length - 1] }, v)));
  const rate = h('input', { type: 'number', min: '1', step: 'any', placeholder: 'unlimited', 'data-test': 'redrive-rate' });
  const reason = h('input', { placeholder: 'why (recorded with the redrive)', 'data-test': 'redrive-reason', required: true });
  const status = h('div', { 'data-test': 'redrive-status' });
  const dryBox = h('div', { 'data-test': 'redrive-dry-run' });
  const realButton = h('button', { type: 'button', disabled: true, 'data-test': 'redrive-start' }, 'Redrive');
  let dryFor = null;
  const request = (dryRun) => {
    const f = currentFilters(inputs);
    const body = { version: version.value, reason: reason.value, dryRun,
      maxEventsPerSecond: rate.value ? Number(rate.value) : undefined };
    if (selected.size > 0) body.entries = [...selected].sort();
    else Object.assign(body, { failedVersion: f.version || undefined, dlqReason: f.reason || undefined,
      cohort: f.cohort || undefined, from: f.from || undefined, to: f.to || undefined });
    return body;
  };
  const key = () => JSON.stringify({ ...request(false), reason: undefined });
  const form = h('form', { class: 'grid', 'data-test': 'redrive-form' },
    field('Through version', version), field('Max events/s per partition', rate), field('Reason', reason));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    realButton.disabled = true;
    status.replaceChildren(message('info', 'Asking the service for a dry run of this selection…'));
    try {
      const started = await api.post(`/api/v1/components/${enc(component)}/dlq/redrives`, request(true));
      dryFor = key();
      status.replaceChildren(message('info', selection(started, true)));
      await watch(dryBox, started.id, page, (r) => { realButton.disabled = !(r.state === 'completed' && dryFor === key()); });
    } catch (e) {
      status.replaceChildren(message('error', e.describe ? e.describe() : e.message));
    }
  });
  realButton.addEventListener('click', async () => {
    if (dryFor !== key()) {
      status.replaceChildren(message('error', 'The selection changed since the dry run: run the dry run again first.'));
      realButton.disabled = true;
      return;
    }
    try {
      const started = await api.post(`/api/v1/components/${enc(component)}/dlq/redrives`, request(false));
      status.replaceChildren(message('ok', selection(started, false)),
        h('p', {}, link(`#/replays/${enc(started.id)}`, `Follow redrive ${started.id}`, { 'data-test': 'redrive-link' })));
      realButton.disabled = true;
    } catch (e) {
      status.replaceChildren(message('error', e.describe ? e.describe() : e.message));
    }
  });
  form.append(h('div', { class: 'actions wide' }, h('button', { type: 'submit', 'data-test': 'redrive-dry-run-start' }, 'Dry run'), realButton,
    h('span', { class: 'muted' }, 'Ticked entries, or every entry matching the filters when none is ticked.')));
  return h('section', { class: 'panel' }, h('h2', {}, 'Redrive through a version'), form, status, dryBox);
}

function selection(r, dryRun) {
  return `${dryRun ? 'Dry run' : 'Redrive'} ${r.id}: ${r.matched} matched, ${r.selected} records sent to ${r.version}`
    + `, ${r.alreadyOk} already ok (fixed by a replay or an earlier redrive), ${r.notRedrivable} not redrivable.`;
}

export async function deadLetterPage(el, page, arg) {
  const [component, id] = arg.split('/').map(decodeURIComponent);
  el.append(h('p', {}, link(`#/dlq/${enc(component)}`, `← dead letters of ${component}`)), h('h1', {}, `Dead letter ${id}`));
  const d = await api.get(`/api/v1/components/${enc(component)}/dlq/${enc(id)}`);
  const e = d.entry;
  el.append(h('section', { class: 'panel', 'data-test': 'dlq-detail' },
    h('dl', { class: 'kv' },
      h('dt', {}, 'Version'), h('dd', { 'data-test': 'dlq-detail-version' }, e.version || 'none (no version owned it)'),
      h('dt', {}, 'Reason'), h('dd', { 'data-test': 'dlq-detail-reason' }, e.reason),
      h('dt', {}, 'Error class'), h('dd', {}, e.errorClass || '—'),
      h('dt', {}, 'Event'), h('dd', {}, e.eventId ? link(`#/events/${enc(e.eventId)}`, e.eventId) : 'not decodable'),
      h('dt', {}, 'Cohort'), h('dd', {}, cohortText(e.cohort)),
      h('dt', {}, 'Source'), h('dd', {}, h('code', {}, `${e.sourceTopic}-${e.sourcePartition}@${e.sourceOffset}`)),
      h('dt', {}, 'Event time'), h('dd', {}, fmtTime(e.eventTime)),
      h('dt', {}, 'Failed at'), h('dd', {}, fmtTime(e.failedAt))),
    h('h3', {}, 'Original key'), h('pre', { 'data-test': 'dlq-detail-key' }, decoded(d.key)),
    h('h3', {}, 'Original value'), h('pre', { 'data-test': 'dlq-detail-value' }, decoded(d.value)),
    h('h3', {}, 'Original headers'),
    table([{ title: 'Key', cell: (x) => h('code', {}, x.key) }, { title: 'Value', cell: (x) => decoded(x.value) }],
      d.headers || [], { empty: 'No headers.' })));
}

/** Base64 as text when it is printable UTF-8, else as hex; "not kept" for null. */
function decoded(b64) {
  if (b64 === null || b64 === undefined) return 'not kept (or none)';
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return text;
  } catch (e) { /* not UTF-8 */ }
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
