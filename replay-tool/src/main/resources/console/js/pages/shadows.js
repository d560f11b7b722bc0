// Shadow runs: builds that are not deployed, run by `rewind shadow start` on a developer's machine on one
// cohort's live events. The service shows what their runners report; this page lists them and follows one
// live (its counts of same / changed / new / missing outputs against the owning versions, and a sample of
// the differences), and can ask a running one to stop.
import { api, enc, query } from '../api.js';
import { h, clear, table, message, fmtTime, fmtNumber, badge, link } from '../dom.js';

const POLL_MS = 1000;

export async function shadowsPage(el, page) {
  el.append(h('h1', {}, 'Shadow runs'));
  el.append(h('section', { class: 'panel' },
    h('p', {}, 'A shadow run runs a build that is not deployed on one cohort\'s live events, on the machine that '
      + 'started it, and compares its outputs with what the owning version produced for the same events. It joins '
      + 'no consumer group, commits nothing and writes no topic; when it stops, one audit entry is all that stays.'),
    h('pre', {}, './rewind shadow start -c release-coordinator -v v2 --processor-class CLASS [--jar build.jar] '
      + '--cohort plan:enterprise --source-topics release.events')));
  const listBox = h('div', { 'data-test': 'shadows-list' });
  el.append(h('section', { class: 'panel' }, h('h2', {}, 'Running and recently ended'), listBox));
  await drawList(listBox);
  const timer = setInterval(() => {
    if (!page.alive) { clearInterval(timer); return; }
    drawList(listBox);
  }, POLL_MS * 2);
}

async function drawList(box) {
  try {
    const body = await api.get(`/api/v1/shadows${query({})}`);
    clear(box, table([
      { title: 'Run', cell: (r) => link(`#/shadows/${enc(r.id)}`, r.id, { 'data-test': 'shadow-link' }) },
      { title: 'What', cell: (r) => `${r.component} ${r.version} on ${r.cohort}` },
      { title: 'Who', cell: (r) => `${r.startedBy}${r.host ? ` (${r.host})` : ''}` },
      { title: 'Since', cell: (r) => fmtTime(r.from) },
      { title: 'State', cell: (r) => badge(r.state) },
      { title: 'Events', cell: (r) => fmtNumber(r.comparison.events) },
      { title: 'Same', cell: (r) => fmtNumber(r.comparison.same) },
      { title: 'Changed', cell: (r) => fmtNumber(r.comparison.changed) },
      { title: 'New', cell: (r) => fmtNumber(r.comparison.added) },
      { title: 'Missing', cell: (r) => fmtNumber(r.comparison.missing) },
    ], (body && body.shadowRuns) || [], { attrs: { 'data-test': 'shadows-table' },
      empty: 'No shadow run is running or ended in the last hour.',
      rowAttrs: (r) => ({ 'data-shadow': r.id, 'data-state': r.state }) }));
  } catch (e) {
    clear(box, message('error', e.describe ? e.describe() : e.message));
  }
}

/** One run, repainted every second until it ends or the page is left. */
export async function shadowPage(el, page, arg) {
  const id = decodeURIComponent(arg);
  el.append(h('h1', {}, 'Shadow run'), h('p', {}, link('#/shadows', '← all shadow runs')));
  const view = h('div');
  const stop = stopForm(id);
  el.append(view, stop);
  const tick = async () => {
    if (!page.alive) return;
    let r;
    try {
      r = await api.get(`/api/v1/shadows/${enc(id)}`);
    } catch (e) {
      view.replaceChildren(message('error', e.describe ? e.describe() : e.message));
      return;
    }
    if (!page.alive) return;
    view.replaceChildren(shadowView(r));
    stop.hidden = r.state !== 'running' || r.stopRequested;
    if (r.state === 'running') setTimeout(tick, POLL_MS);
  };
  await tick();
}

function shadowView(r) {
  const c = r.comparison;
  const owners = Object.entries(c.owners || {}).map(([v, n]) => `${v}: ${fmtNumber(n)}`).join(', ') || '—';
  const view = h('section', { class: 'panel', 'data-test': 'shadow-view', 'data-shadow': r.id, 'data-state': r.state },
    h('div', { class: 'actions' }, h('strong', {}, `${r.component} ${r.version}`), ` on ${r.cohort} `, badge(r.state)),
    h('p', { class: 'muted' }, `Events from ${fmtTime(r.from)} on, state of ${r.stateFrom || '—'} as of then; started `
      + `${fmtTime(r.startedAt)} by ${r.startedBy}${r.host ? ` on ${r.host}` : ''}; last report ${fmtTime(r.reportedAt)}.`
      + `${r.reason ? ` Why: ${r.reason}${/[.!?]$/.test(r.reason) ? '' : '.'}` : ''}`),
    h('div', { class: 'cards' },
      card('Events run', c.events), card('Compared', c.compared), card('Same outputs', c.same),
      card('Changed', c.changed), card('New', c.added), card('Missing', c.missing), card('Pending', c.pending),
      card('Unmatched', c.unmatched), card('Shadow errors', c.shadowErrors), card('Owner errors', c.ownerErrors)),
    h('p', {}, `Compared against: ${owners}.`));
  if (r.message) view.append(message(r.state === 'failed' || r.state === 'expired' ? 'error' : 'info', r.message));
  if (r.stopRequested && r.state === 'running') view.append(message('info', `Stop requested by ${r.stopRequestedBy}; the runner stops on its next report.`));
  if (r.auditEntryId) view.append(h('p', { class: 'muted' }, `Audit entry ${r.auditEntryId}.`));
  view.append(h('h3', {}, 'Differences (first 20)'), table([
    { title: 'Event', cell: (d) => link(`#/events/${enc(d.eventId)}`, d.eventId) },
    { title: 'Kind', cell: (d) => h('span', { class: `diff-${String(d.kind).toLowerCase()}` }, String(d.kind).toLowerCase()) },
    { title: 'Topic / key', cell: (d) => `${d.topic} / ${d.key ?? '—'}` },
    { title: 'Owner produced', cell: (d) => (d.expected ? h('pre', {}, pretty(d.expected)) : '—') },
    { title: 'Shadow produced', cell: (d) => (d.actual ? h('pre', {}, pretty(d.actual)) : '—') },
  ], c.sample || [], { attrs: { 'data-test': 'shadow-sample', class: 'diff' }, empty: 'No differences so far.' }));
  return view;
}

function card(label, value) {
  return h('div', { class: 'card' }, h('div', { class: 'muted' }, label), h('div', { class: 'n' }, fmtNumber(value ?? 0)));
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}

function stopForm(id) {
  const out = h('span');
  const button = h('button', { type: 'button', class: 'danger', 'data-test': 'shadow-stop', onclick: async () => {
    try {
      await api.del(`/api/v1/shadows/${enc(id)}`);
      out.replaceChildren(message('ok', 'Stop requested; the runner stops on its next report.'));
    } catch (e) {
      out.replaceChildren(message('error', e.describe ? e.describe() : e.message));
    }
  } }, 'Stop shadow run');
  return h('div', { class: 'actions', hidden: true }, button, out);
}
