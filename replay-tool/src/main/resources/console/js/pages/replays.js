// Replays: start one (a dry run first, its differences shown, then the real one), watch it with a
// live progress bar and ETA, cancel it, and the list of past replays with who and why.
import { api, enc, query } from '../api.js';
import { h, clear, table, message, field, fmtTime, fmtNumber, fmtDuration, toLocalInput, fromLocalInput, badge, link } from '../dom.js';
import { components } from '../model.js';

const POLL_MS = 1000;
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

export async function replaysPage(el, page, arg) {
  const params = new URLSearchParams(arg || '');
  el.append(h('h1', {}, 'Replays'));
  const list = await components();
  el.append(startPanel(list, params, page));
  const filter = h('select', { 'data-test': 'replays-state', onchange: () => drawList(listBox, filter.value) },
    ['', 'pending', 'running', 'completed', 'failed', 'cancelled'].map((s) => h('option', { value: s }, s || 'any state')));
  const listBox = h('div', { 'data-test': 'replays-list' });
  el.append(h('section', { class: 'panel' }, h('h2', {}, 'Replays'), h('div', { class: 'actions' }, field('State', filter)), listBox));
  await drawList(listBox, '');
  const timer = setInterval(() => {
    if (!page.alive) { clearInterval(timer); return; }
    drawList(listBox, filter.value);
  }, 5000);
}

async function drawList(box, state) {
  try {
    const body = await api.get(`/api/v1/replays${query({ state })}`);
    clear(box, table([
      { title: 'Replay', cell: (r) => link(`#/replays/${enc(r.id)}`, r.id, { 'data-test': 'replay-link' }) },
      { title: 'Requested', cell: (r) => fmtTime(r.requestedAt) },
      { title: 'Who', cell: (r) => r.requestedBy || '—' },
      { title: 'Why', cell: (r) => r.reason || '—' },
      { title: 'What', cell: (r) => `${r.cohort} on ${r.component}/${r.version}${r.dryRun ? ' (dry run)' : ''}` },
      { title: 'Window', cell: (r) => `${fmtTime(r.from)} → ${fmtTime(r.to)}` },
      { title: 'State', cell: (r) => badge(r.state) },
      { title: 'Progress', cell: (r) => `${fmtNumber(r.percent ?? 0, 0)}%` },
    ], (body && body.replays) || [], { attrs: { 'data-test': 'replays-table' }, empty: 'No replays yet.',
      rowAttrs: (r) => ({ 'data-replay': r.id, 'data-state': r.state }) }));
  } catch (e) {
    clear(box, message('error', e.describe ? e.describe() : e.message));
  }
}

function startPanel(list, params, page) {
  const component = h('select', { 'data-test': 'replay-component' }, list.map((c) => h('option', { value: c.component, selected: c.component === params.get('component') }, c.component)));
  const version = h('select', { 'data-test': 'replay-version' });
  const fillVersions = () => {
    const c = list.find((x) => x.component === component.value);
    clear(version, (c ? c.versions : []).map((v) => h('option', { value: v.version, selected: v.version === params.get('version') }, `${v.version} (${v.members} running)`)));
  };
  component.addEventListener('change', fillVersions);
  fillVersions();
  const now = Date.now();
  const cohort = h('input', { value: params.get('cohort') || '', placeholder: 'customer:acme, plan:enterprise, project:p1', 'data-test': 'replay-cohort', required: true });
  const from = h('input', { type: 'datetime-local', 'data-test': 'replay-from', required: true, value: toLocalInput(new Date(now - 3600e3)) });
  const to = h('input', { type: 'datetime-local', 'data-test': 'replay-to', title: 'empty = now' });
  const rate = h('input', { type: 'number', min: '1', step: 'any', placeholder: 'unlimited', 'data-test': 'replay-rate' });
  const reason = h('input', { placeholder: 'why (recorded with the replay)', 'data-test': 'replay-reason', required: true });
  const status = h('div', { 'data-test': 'replay-start-status' });
  const dryBox = h('div', { 'data-test': 'dry-run' });
  const realButton = h('button', { type: 'button', disabled: true, 'data-test': 'replay-start' }, 'Start the replay');
  const skipDry = h('input', { type: 'checkbox', 'data-test': 'replay-skip-dry-run' });
  const form = h('form', { class: 'grid', 'data-test': 'replay-form' },
    field('Component', component), field('Version (replays onto it)', version), field('Cohort', cohort),
    field('From (UTC)', from), field('To (UTC, empty = now)', to), field('Max events/s', rate), field('Reason', reason));
  let dryFor = null;
  const request = (dryRun) => ({
    component: component.value, version: version.value, cohort: cohort.value.trim(),
    from: fromLocalInput(from.value), to: fromLocalInput(to.value) || undefined,
    maxEventsPerSecond: rate.value ? Number(rate.value) : undefined, dryRun, reason: reason.value,
  });
  const key = () => JSON.stringify({ ...request(false), reason: '' });
  const refreshReal = (dry) => {
    realButton.disabled = !(skipDry.checked || (dry && dryFor === key() && TERMINAL.has(dry.state)));
  };
  let lastDry = null;
  form.addEventListener('input', () => refreshReal(lastDry));
  skipDry.addEventListener('change', () => refreshReal(lastDry));
  const dryButton = h('button', { type: 'submit', 'data-test': 'replay-dry-run' }, 'Dry run');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const started = await api.post('/api/v1/replays', request(true));
      dryFor = key();
      status.replaceChildren(message('info', `Dry run ${started.id} started; the real replay can start once it has finished.`));
      await watch(dryBox, started.id, page, (r) => { lastDry = r; refreshReal(r); });
    } catch (e) {
      status.replaceChildren(message('error', e.describe ? e.describe() : e.message));
    }
  });
  realButton.addEventListener('click', async () => {
    try {
      const started = await api.post('/api/v1/replays', request(false));
      location.hash = `#/replays/${enc(started.id)}`;
    } catch (e) {
      status.replaceChildren(message('error', e.describe ? e.describe() : e.message));
    }
  });
  form.append(h('div', { class: 'actions wide' }, dryButton, realButton,
    h('label', { class: 'muted' }, skipDry, ' start without waiting for the dry run')));
  return h('section', { class: 'panel' }, h('h2', {}, 'Start a replay'), form, status, dryBox);
}

export async function replayPage(el, page, arg) {
  const id = decodeURIComponent(arg);
  el.append(h('p', {}, link('#/replays', '← all replays')), h('h1', {}, `Replay ${id}`));
  const box = h('div');
  el.append(box);
  await watch(box, id, page, () => {});
}

/** Shows a replay and polls it every second until it ends or the page is left. */
export async function watch(box, id, page, onUpdate) {
  // a box shows one replay: a newer watch on the same box ends the older one
  const generation = (box.watchGeneration = (box.watchGeneration || 0) + 1);
  const alive = () => page.alive && box.watchGeneration === generation;
  const samples = [];
  // the view is repainted on every poll; the cancel form stays so what is typed there survives
  const view = h('div');
  const controls = cancelForm(id);
  box.replaceChildren(view, controls);
  const tick = async () => {
    if (!alive()) return;
    let r;
    try {
      r = await api.get(`/api/v1/replays/${enc(id)}`);
    } catch (e) {
      view.replaceChildren(message('error', e.describe ? e.describe() : e.message));
      if (e.status === 404) return;
      setTimeout(tick, POLL_MS * 3);
      return;
    }
    samples.push({ t: Date.now(), p: r.percent || 0 });
    if (!alive()) return;
    view.replaceChildren(replayView(r, eta(r, samples)));
    controls.hidden = TERMINAL.has(r.state);
    onUpdate(r);
    if (!TERMINAL.has(r.state)) setTimeout(tick, POLL_MS);
  };
  await tick();
}

/** The service's ETA when it gives one, else one from how fast the percentage moved here. */
function eta(r, samples) {
  if (r.etaSeconds !== undefined && r.etaSeconds !== null) return r.etaSeconds;
  if (samples.length < 2) return null;
  const a = samples[Math.max(0, samples.length - 10)];
  const b = samples[samples.length - 1];
  const rate = (b.p - a.p) / ((b.t - a.t) / 1000);
  return rate > 0 ? (100 - b.p) / rate : null;
}

function replayView(r, etaSeconds) {
  const percent = Math.max(0, Math.min(100, r.percent || (r.state === 'completed' ? 100 : 0)));
  const running = !TERMINAL.has(r.state);
  const view = h('section', { class: 'panel', 'data-test': 'replay-view', 'data-replay': r.id, 'data-state': r.state, 'data-dry-run': String(Boolean(r.dryRun)) },
    h('div', { class: 'actions' }, h('strong', {}, r.dryRun ? 'Dry run ' : 'Replay '), link(`#/replays/${enc(r.id)}`, r.id), badge(r.state),
      r.cancelRequested && running ? h('span', { class: 'muted' }, 'cancel requested') : ''),
    h('div', { class: `progress ${r.state}`, role: 'progressbar', 'aria-valuenow': percent.toFixed(0), 'aria-valuemin': '0', 'aria-valuemax': '100', 'data-test': 'replay-progress' },
      h('div', { style: `width: ${percent}%` })),
    h('p', { 'data-test': 'replay-progress-text' }, `${percent.toFixed(1)}%`, r.offsetsTotal ? ` · ${fmtNumber(r.offsetsDone)} of ${fmtNumber(r.offsetsTotal)} offsets` : '',
      running ? ` · ETA ${etaSeconds === null || etaSeconds === undefined ? 'estimating…' : fmtDuration(etaSeconds)}` : ''),
    r.dryRun ? '' : h('div', { class: 'cards' },
      card('Reprocessed', r.reprocessed), card('Skipped', r.skipped), card('Errored', r.errored),
      card('Partitions', (r.partitions || []).length)),
    h('dl', { class: 'kv' },
      h('dt', {}, 'What'), h('dd', {}, `${r.cohort} on ${r.component}/${r.version}`),
      h('dt', {}, 'Window'), h('dd', {}, `${fmtTime(r.from)} → ${fmtTime(r.to)} `,
        link(`#/events${query({ cohort: r.cohort, from: r.from, to: r.to })}`, 'events of the cohort in this window', { 'data-test': 'replay-events-link' })),
      h('dt', {}, 'Who'), h('dd', { 'data-test': 'replay-who' }, r.requestedBy || '—'),
      h('dt', {}, 'Why'), h('dd', { 'data-test': 'replay-why' }, r.reason || '—'),
      h('dt', {}, 'Requested'), h('dd', {}, fmtTime(r.requestedAt)),
      h('dt', {}, 'Rate limit'), h('dd', {}, r.maxEventsPerSecond ? `${r.maxEventsPerSecond} events/s` : 'none')));
  const diff = r.dryRunResult;
  if (r.dryRun) view.append(diffView(diff, r.state));
  // a dry run runs in a sandbox on one instance: it has a report, not partition plans
  if (r.dryRun && !(r.partitions || []).length) return view;
  view.append(h('h3', {}, 'Partitions'), table([
    { title: 'Partition', cell: (p) => `${p.topic}-${p.partition}` },
    { title: 'State', cell: (p) => badge(p.state) },
    { title: 'Start → position → end', cell: (p) => `${p.startOffset ?? '—'} → ${p.position ?? '—'} → ${p.endOffset ?? '—'}` },
    { title: 'Reprocessed / skipped / errored', cell: (p) => `${fmtNumber(p.reprocessed)} / ${fmtNumber(p.skipped)} / ${fmtNumber(p.errored)}` },
    { title: '%', cell: (p) => `${fmtNumber(p.percent ?? 0, 0)}%` },
    { title: 'Instance', cell: (p) => p.instanceId || '—' },
    { title: 'Note', cell: (p) => p.message || '' },
  ], r.partitions || [], { attrs: { 'data-test': 'replay-partitions' }, empty: 'No partition has a plan yet: waiting for a live instance of the version to take the command.' }));
  return view;
}

function card(label, value) {
  return h('div', { class: 'card' }, h('div', { class: 'muted' }, label), h('div', { class: 'n' }, fmtNumber(value ?? 0)));
}

function diffView(diff, state) {
  const box = h('div', { 'data-test': 'dry-run-diff' }, h('h3', {}, 'What the dry run found'));
  if (!diff) {
    box.append(h('p', { class: 'muted' }, TERMINAL.has(state) ? 'The service reported no differences summary for this dry run.' : 'Running in a sandbox; the differences appear when it ends.'));
    return box;
  }
  box.append(h('div', { class: 'cards' },
    card('Events run', diff.events), card('Same outputs', diff.same), card('Changed', diff.changed),
    card('New', diff.added), card('Missing', diff.missing), card('Errored', diff.errored)));
  if (diff.failed || diff.message) box.append(message(diff.failed ? 'error' : 'info', diff.message || 'The dry run failed.'));
  box.append(table([
    { title: 'Event', cell: (d) => link(`#/events/${enc(d.eventId)}`, d.eventId) },
    { title: 'Kind', cell: (d) => h('span', { class: `diff-${String(d.kind).toLowerCase()}` }, String(d.kind).toLowerCase()) },
    { title: 'Topic / key', cell: (d) => `${d.topic} / ${d.key ?? '—'}` },
    { title: 'Produced', cell: (d) => (d.expected ? h('pre', {}, pretty(d.expected)) : '—') },
    { title: 'Would produce', cell: (d) => (d.actual ? h('pre', {}, pretty(d.actual)) : '—') },
  ], sortedSample(diff.sample || []), { attrs: { 'data-test': 'dry-run-sample', class: 'diff' }, empty: 'No differences.' }));
  return box;
}

// changed outputs first: they are what a reviewer came to see
function sortedSample(sample) {
  const rank = { changed: 0, new: 1, missing: 2 };
  return [...sample].sort((a, b) => (rank[String(a.kind).toLowerCase()] ?? 3) - (rank[String(b.kind).toLowerCase()] ?? 3));
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}

function cancelForm(id) {
  const reason = h('input', { placeholder: 'why cancel', 'data-test': 'cancel-reason' });
  const out = h('span');
  const button = h('button', { type: 'button', class: 'danger', 'data-test': 'replay-cancel', onclick: async () => {
    try {
      await api.del(`/api/v1/replays/${enc(id)}${query({ reason: reason.value })}`);
      // the poller repaints within a second; this note is for the moment in between
      out.replaceChildren(message('ok', 'Cancel requested; what was already committed stays.'));
    } catch (e) {
      out.replaceChildren(message('error', e.describe ? e.describe() : e.message));
    }
  } }, 'Cancel replay');
  return h('div', { class: 'actions', hidden: true }, reason, button, out);
}
