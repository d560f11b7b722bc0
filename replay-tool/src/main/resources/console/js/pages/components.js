// Components & versions: instances, routed cohorts, throughput, error rate, p99 and lag per
// version, and a chart of each version's error rate over the last minute, 15 minutes and hour.
import { groupedBars } from '../chart.js';
import { enc } from '../api.js';
import { h, table, message, fmtNumber, fmtPercent, fmtTime, link } from '../dom.js';
import { components, routesOf, routedCohorts, versionStats, fmtMillis } from '../model.js';

const WINDOWS = ['1m', '15m', '1h'];
const REFRESH_MS = 10000;

export async function componentsPage(el, page) {
  el.append(h('h1', {}, 'Components & versions'));
  const body = h('div', { 'data-test': 'components' });
  el.append(body);
  await draw(body);
  const timer = setInterval(async () => {
    if (!page.alive) { clearInterval(timer); return; }
    await draw(body);
  }, REFRESH_MS);
}

async function draw(body) {
  const list = await components();
  const sections = [];
  for (const c of list) sections.push(await componentSection(c));
  body.replaceChildren(...(sections.length ? sections
    : [message('info', 'No components yet: start an engine instance (a consumer group <component>.<version>) or publish a route.')]));
}

async function componentSection(c) {
  const section = h('section', { class: 'panel', 'data-component': c.component });
  section.append(h('h2', {}, c.component));
  const problems = [];
  const [routing, stats] = await Promise.all([
    routesOf(c.component).catch((e) => { problems.push(`Routes: ${e.describe ? e.describe() : e.message}`); return { routes: [], channels: [] }; }),
    Promise.all(WINDOWS.map((w) => versionStats(c.component, w).catch((e) => {
      problems.push(`Statistics: ${e.describe ? e.describe() : e.message}`);
      return new Map();
    }))),
  ]);
  const owned = routedCohorts(routing.routes, routing.channels);
  const hour = stats[2];
  const versions = [...new Set([...c.versions.map((v) => v.version), ...hour.keys()])].sort();
  const members = new Map(c.versions.map((v) => [v.version, v]));
  const rows = versions.map((version) => ({ version, group: members.get(version), s: hour.get(version) || {}, owned: owned.get(version) || [] }));
  section.append(table([
    { title: 'Version', cell: (r) => h('strong', {}, r.version) },
    { title: 'Instances', cell: (r) => fmtNumber(r.s.instances ?? (r.group && r.group.members)) },
    { title: 'Routed cohorts', cell: (r) => chips(routed(r)) },
    { title: 'Throughput (1h)', cell: (r) => (r.s.throughputPerSecond === undefined ? '—' : `${fmtNumber(r.s.throughputPerSecond, 2)}/s`) },
    { title: 'Error rate (1h)', cell: (r) => h('span', { 'data-test': `error-rate-${r.version}` }, fmtPercent(r.s.errorRate, 2)) },
    { title: 'Outcomes / errors', cell: (r) => h('span', { 'data-test': `outcomes-${r.version}` }, `${fmtNumber(r.s.outcomes)} / ${fmtNumber(r.s.errors)}`) },
    { title: 'p99 (1h)', cell: (r) => fmtMillis(r.s.p99Millis) },
    { title: 'Lag', cell: (r) => lagCell(r.s) },
    { title: 'Paused partitions', cell: (r) => pausedCell(r.version, r.s) },
    { title: 'Consumer group', cell: (r) => h('code', {}, r.group ? r.group.group : `${c.component}.${r.version}`) },
  ], rows, { attrs: { 'data-test': 'versions-table' }, empty: 'No versions known.' }));
  section.append(h('p', { class: 'muted', 'data-test': 'unroutable' },
    h('strong', { 'data-test': 'unroutable-count' }, fmtNumber(hour.unroutable || 0)),
    ' records in the last hour belonged to no version (no route at their time, or not an event): dead-lettered once, in no version\'s error rate. ',
    link(`#/dlq/${enc(c.component)}`, 'Dead letters')));
  section.append(h('h3', {}, 'Error rate per version'));
  section.append(groupedBars(WINDOWS.map((w, i) => ({
    label: `last ${w}`,
    values: versions.map((v) => {
      const s = stats[i].get(v) || {};
      return { series: v, value: s.errorRate || 0, detail: `${fmtNumber(s.errors)} of ${fmtNumber(s.outcomes)}` };
    }),
  })), { title: `${c.component}: error rate per version over the last hour` }));
  section.append(sliceView(c.component, versions));
  new Set(problems).forEach((p) => section.append(message('error', p)));
  return section;
}

/** Which version fails for whom: the last hour's error rate per version and cohort value. */
function sliceView(component, versions) {
  const box = h('div', { 'data-test': 'slices' });
  const by = h('select', { 'data-test': 'slice-by', onchange: () => draw() },
    ['', 'plan', 'customer', 'project'].map((d) => h('option', { value: d, selected: d === sliceBy.get(component) }, d ? `by ${d}` : 'no slicing')));
  const body = h('div');
  const draw = async () => {
    sliceBy.set(component, by.value);
    if (!by.value) { body.replaceChildren(); return; }
    try {
      const stats = await versionStats(component, '1h', by.value);
      const slices = [...new Set([...stats.values()].flatMap((v) => Object.keys(v.byCohort || {})))].sort();
      body.replaceChildren(table([
        { title: by.value, cell: (slice) => h('code', {}, slice) },
        ...versions.map((v) => ({ title: v, cell: (slice) => {
          const s = ((stats.get(v) || {}).byCohort || {})[slice];
          return s ? `${fmtPercent(s.errorRate, 1)} of ${fmtNumber(s.outcomes)}` : '—';
        } })),
      ], slices, { attrs: { 'data-test': 'slice-table' }, empty: 'No outcomes in the last hour.' }));
    } catch (e) {
      body.replaceChildren(message('error', e.describe ? e.describe() : e.message));
    }
  };
  box.append(h('h3', {}, 'Error rate per version and cohort (last hour) ', by), body);
  draw();
  return box;
}

// the slice chosen per component survives the page's periodic refresh
const sliceBy = new Map();

/** The service's routed cohorts (history API) when it answered, else those worked out from the routes. */
function routed(r) {
  if (!Array.isArray(r.s.routedCohorts)) return r.owned;
  return r.s.routedCohorts.map((c) => (c.via ? `${c.selector} (via ${c.via})` : c.selector));
}

function chips(list) {
  return list.length ? list.map((s) => h('span', { class: 'chip badge' }, s)) : h('span', { class: 'muted' }, 'none');
}

function lagCell(s) {
  if (s.totalLag === undefined) return '—';
  const parts = s.lag || [];
  const title = parts.map((p) => `${p.topic}-${p.partition}: ${p.lag} (committed ${p.committed}, end ${p.end})`).join('\n');
  return h('span', { title }, `${fmtNumber(s.totalLag)}${parts.length ? ` (${parts.length} partitions)` : ''}`);
}

/** Partitions the version's instances hold paused: where, why and since when (none: a dash). */
function pausedCell(version, s) {
  const paused = s.pausedPartitions || [];
  if (paused.length === 0) return h('span', { class: 'muted', 'data-test': `paused-${version}` }, 'none');
  return h('div', { 'data-test': `paused-${version}` }, paused.map((p) => h('div', { class: 'badge cancelled', 'data-test': 'paused-partition',
    title: `${p.reason === 'routes' ? 'waiting for the route history to cover the record\'s time (no route yet, or dated ahead)' : 'stopped by error.policy=stop-partition until a restart'}; instance ${p.instance}` },
  `${p.topic}-${p.partition} @${p.offset}: ${p.reason} since ${fmtTime(p.since)}${p.eventTime ? ` (record dated ${fmtTime(p.eventTime)})` : ''}`)));
}
