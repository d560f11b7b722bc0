// Event history: a cohort's events in a window on a timeline with each version's status, and one
// event's whole story (payload, every processing, replays that touched it, outputs, DLQ entries).
import { api, enc, query } from '../api.js';
import { timeline } from '../chart.js';
import { h, table, message, field, fmtTime, toLocalInput, fromLocalInput, badge, link } from '../dom.js';

const PRESETS = [['15m', 15], ['1h', 60], ['6h', 360], ['24h', 1440]];

export async function eventsPage(el, page, arg) {
  const params = new URLSearchParams(arg || '');
  el.append(h('h1', {}, 'Event history'));
  const now = new Date();
  const cohort = h('input', { value: params.get('cohort') || '', placeholder: 'customer:acme, plan:enterprise or project:p1', 'data-test': 'events-cohort', required: true });
  const from = h('input', { type: 'datetime-local', 'data-test': 'events-from', value: params.get('from') ? toLocalInput(new Date(params.get('from'))) : toLocalInput(new Date(now - 3600e3)) });
  const to = h('input', { type: 'datetime-local', 'data-test': 'events-to', value: params.get('to') ? toLocalInput(new Date(params.get('to'))) : '' });
  const status = h('select', { 'data-test': 'events-status' }, ['', 'ok', 'error', 'skipped-dup'].map((s) => h('option', { value: s, selected: params.get('status') === s }, s || 'any')));
  const version = h('input', { value: params.get('version') || '', placeholder: 'any', 'data-test': 'events-version' });
  const presets = PRESETS.map(([label, minutes]) => h('button', { type: 'button', class: 'secondary', onclick: () => {
    from.value = toLocalInput(new Date(Date.now() - minutes * 60e3)); to.value = ''; form.requestSubmit();
  } }, `last ${label}`));
  const form = h('form', { class: 'grid', 'data-test': 'events-form' },
    field('Cohort', cohort), field('From (UTC)', from), field('To (UTC, empty = now)', to), field('Status', status), field('Version', version),
    h('div', { class: 'actions wide' }, h('button', { type: 'submit', 'data-test': 'events-search' }, 'Show events'), presets));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/events${query({ cohort: cohort.value.trim(), from: fromLocalInput(from.value), to: fromLocalInput(to.value), status: status.value, version: version.value.trim() })}`;
  });
  el.append(h('section', { class: 'panel' }, form));
  const results = h('div', { 'data-test': 'events-results' });
  el.append(results);
  if (params.get('cohort')) {
    await search(results, {
      cohort: params.get('cohort'), from: params.get('from') || new Date(now - 3600e3).toISOString(),
      to: params.get('to') || undefined, status: params.get('status') || undefined, version: params.get('version') || undefined,
    });
  }
}

async function search(results, q) {
  const events = [];
  let cursor;
  let more = false;
  try {
    // a few pages at most: the timeline is for looking, the CLI is for bulk
    for (let i = 0; i < 4; i++) {
      const page = await api.get(`/api/v1/events${query({ ...q, limit: 250, cursor })}`);
      events.push(...((page && page.events) || []));
      cursor = page && (page.nextCursor || page.next);
      more = Boolean(cursor);
      if (!cursor) break;
    }
  } catch (e) {
    results.replaceChildren(message('error', e.describe ? e.describe() : e.message));
    return;
  }
  const toMs = q.to ? Date.parse(q.to) : Date.now();
  const fromMs = Date.parse(q.from);
  const versions = [...new Set(events.flatMap((e) => (e.outcomes || []).map((o) => `${o.component}/${o.version}`)))].sort();
  const points = events.map((e) => ({
    id: e.eventId,
    time: Date.parse(e.timestamp),
    statuses: Object.fromEntries((e.outcomes || []).map((o) => [`${o.component}/${o.version}`, { status: o.status, replayed: Boolean(o.replayId) }])),
  }));
  const open = (id) => { location.hash = `#/events/${enc(id)}`; };
  results.replaceChildren(
    h('section', { class: 'panel' },
      h('h2', {}, `${events.length} event${events.length === 1 ? '' : 's'} of ${q.cohort}${more ? ' (more in the window: narrow it)' : ''}`),
      versions.length ? timeline(points, fromMs, toMs, versions, open) : '',
      h('p', { class: 'muted' }, 'Green: processed live · blue: processed by a replay · red: error. Click a dot or a row to open the event.')),
    table([
      { title: 'Time', cell: (e) => fmtTime(e.timestamp) },
      { title: 'Type', cell: (e) => shortType(e.type) },
      { title: 'Event id', cell: (e) => link(`#/events/${enc(e.eventId)}`, e.eventId, { 'data-test': 'event-link' }) },
      { title: 'Per version', cell: (e) => (e.outcomes || []).map((o) => h('span', { class: 'chip' },
        `${o.version} `, badge(o.status), o.replayId ? h('span', { class: 'badge replay', title: o.replayId }, 'replay') : '')) },
      { title: 'DLQ', cell: (e) => (e.deadLettered ? badge('failed') : '') },
    ], events, { attrs: { 'data-test': 'events-table' }, empty: 'No events of this cohort in the window.',
      rowAttrs: (e) => ({ class: 'clickable', 'data-event': e.eventId, onclick: (ev) => { if (ev.target.tagName !== 'A') open(e.eventId); } }) }));
}

function shortType(type) {
  return type ? type.substring(type.lastIndexOf('.') + 1) : '—';
}

export async function eventPage(el, page, arg) {
  const id = decodeURIComponent(arg);
  el.append(h('p', {}, h('a', { href: '#/events', onclick: (ev) => { ev.preventDefault(); history.back(); } }, '← back')), h('h1', {}, `Event ${id}`));
  const body = await api.get(`/api/v1/events/${enc(id)}`);
  const event = body.event || {};
  const processings = body.processings || [];
  const replayIds = [...new Set(processings.map((p) => p.replayId).filter(Boolean))];
  const replays = await Promise.all(replayIds.map((r) => api.get(`/api/v1/replays/${enc(r)}`).catch((e) => ({ id: r, problem: e }))));
  const cohort = event.cohort || {};
  el.append(
    h('section', { class: 'panel', 'data-test': 'event-detail' },
      h('dl', { class: 'kv' },
        h('dt', {}, 'Type'), h('dd', {}, event.type || '—'),
        h('dt', {}, 'Time'), h('dd', {}, fmtTime(event.timestamp)),
        h('dt', {}, 'Where'), h('dd', {}, event.topic ? `${event.topic}-${event.partition} @ ${event.offset}` : '—'),
        h('dt', {}, 'Cohort'), h('dd', {}, ['customer', 'plan', 'project'].filter((k) => cohort[k]).map((k) =>
          h('span', { class: 'chip' }, link(`#/events${query({ cohort: `${k}:${cohort[k]}`, from: new Date(Date.parse(event.timestamp) - 1800e3).toISOString() })}`, `${k}:${cohort[k]}`))))),
      h('h2', {}, 'Payload'),
      h('pre', { 'data-test': 'event-payload' }, JSON.stringify(event.payload, null, 2))),
    h('section', { class: 'panel' },
      h('h2', {}, 'Processings'),
      table([
        { title: 'When', cell: (p) => fmtTime(p.processedAt) },
        { title: 'Version', cell: (p) => `${p.component}/${p.version}` },
        { title: 'Mode', cell: (p) => badge(p.mode || (p.replayId ? 'replay' : 'live')) },
        { title: 'Replay', cell: (p) => (p.replayId ? link(`#/replays/${enc(p.replayId)}`, p.replayId) : '') },
        { title: 'Status', cell: (p) => badge(p.status) },
        { title: 'Duration', cell: (p) => (p.durationMicros === undefined ? '—' : `${(p.durationMicros / 1000).toFixed(2)} ms`) },
        { title: 'Instance', cell: (p) => p.instanceId || '—' },
        { title: 'Error', cell: (p) => p.error || '' },
      ], processings, { attrs: { 'data-test': 'event-processings' }, empty: 'Not processed by any version yet.' })),
    h('section', { class: 'panel' },
      h('h2', {}, 'Replays that touched it'),
      table([
        { title: 'Replay', cell: (r) => link(`#/replays/${enc(r.id)}`, r.id) },
        { title: 'Version', cell: (r) => (r.problem ? '—' : `${r.component}/${r.version}`) },
        { title: 'State', cell: (r) => (r.problem ? r.problem.describe() : badge(r.state)) },
        { title: 'Who', cell: (r) => r.requestedBy || '—' },
        { title: 'Why', cell: (r) => r.reason || '—' },
      ], replays, { attrs: { 'data-test': 'event-replays' }, empty: 'No replay has reprocessed this event.' })),
    h('section', { class: 'panel' },
      h('h2', {}, 'Outputs'),
      table([
        { title: 'Topic', cell: (o) => o.topic },
        { title: 'Partition', cell: (o) => o.partition ?? '—' },
        { title: 'Offset', cell: (o) => o.offset ?? '—' },
        { title: 'Key', cell: (o) => o.key ?? '—' },
        { title: 'By', cell: (o) => `${o.component || ''}/${o.version || ''}` },
        { title: 'Replay', cell: (o) => (o.replayId ? link(`#/replays/${enc(o.replayId)}`, o.replayId) : 'live') },
      ], body.outputs || [], { attrs: { 'data-test': 'event-outputs' }, empty: 'No outputs.' })),
    h('section', { class: 'panel' },
      h('h2', {}, 'Dead letter queue'),
      table([
        { title: 'Failed at', cell: (d) => fmtTime(d.failedAt) },
        { title: 'Version', cell: (d) => `${d.component}/${d.version}` },
        { title: 'Where', cell: (d) => `${d.topic}-${d.partition} @ ${d.offset}` },
        { title: 'Error', cell: (d) => `${d.errorClass ? `${d.errorClass}: ` : ''}${d.reason}` },
      ], body.dlq || [], { attrs: { 'data-test': 'event-dlq' }, empty: 'Not in any DLQ.' })));
}
