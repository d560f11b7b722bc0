// Rollouts: start a guarded rollout, and for each one every step and decision with the error rate of
// the new version and of the baseline at each decision and now (the guard's own figures), with
// pause, resume and abort.
import { api, enc, query } from '../api.js';
import { groupedBars } from '../chart.js';
import { h, clear, table, message, field, fmtTime, fmtPercent, badge, link } from '../dom.js';
import { components } from '../model.js';

const POLL_MS = 2000;
const TERMINAL = new Set(['rolled-back', 'completed', 'aborted']);

export async function rolloutsPage(el, page, arg) {
  const params = new URLSearchParams(arg || '');
  el.append(h('h1', {}, 'Rollouts'));
  el.append(startPanel(await components(), params));
  const listBox = h('div', { 'data-test': 'rollouts-list' });
  el.append(h('section', { class: 'panel' }, h('h2', {}, 'Rollouts'), listBox));
  await drawList(listBox);
  const timer = setInterval(() => {
    if (!page.alive) { clearInterval(timer); return; }
    drawList(listBox);
  }, 5000);
}

async function drawList(box) {
  try {
    const body = await api.get('/api/v1/rollouts');
    clear(box, table([
      { title: 'Rollout', cell: (r) => link(`#/rollouts/${enc(r.id)}`, r.id, { 'data-test': 'rollout-link' }) },
      { title: 'Started', cell: (r) => fmtTime(r.createdAt) },
      { title: 'Who / why', cell: (r) => `${r.author}: ${r.reason}` },
      { title: 'What', cell: (r) => `${r.cohort} of ${r.component}: ${r.baseline} → ${r.version}` },
      { title: 'Step', cell: (r) => `${r.step + 1}/${r.steps.length} (${r.stepPercent}%)` },
      { title: 'State', cell: (r) => badge(r.state) },
    ], (body && body.rollouts) || [], { attrs: { 'data-test': 'rollouts-table' }, empty: 'No rollouts yet.',
      rowAttrs: (r) => ({ 'data-rollout': r.id, 'data-state': r.state }) }));
  } catch (e) {
    clear(box, message('error', e.describe ? e.describe() : e.message));
  }
}

function startPanel(list, params) {
  const component = h('select', { 'data-test': 'rollout-component' }, list.map((c) => h('option', { value: c.component, selected: c.component === params.get('component') }, c.component)));
  const version = h('select', { 'data-test': 'rollout-version' });
  const fillVersions = () => {
    const c = list.find((x) => x.component === component.value);
    clear(version, (c ? c.versions : []).map((v) => h('option', { value: v.version }, `${v.version} (${v.members} running)`)));
  };
  component.addEventListener('change', fillVersions);
  fillVersions();
  const cohort = h('input', { value: params.get('cohort') || '', placeholder: 'plan:enterprise', 'data-test': 'rollout-cohort', required: true });
  const steps = h('input', { value: '10,50,100', 'data-test': 'rollout-steps', title: 'percent of the cohort at each step' });
  const margin = h('input', { type: 'number', min: '0', max: '99.99', step: '0.01', value: '5', 'data-test': 'rollout-margin' });
  const window = h('input', { value: 'PT5M', 'data-test': 'rollout-window', title: 'ISO-8601, e.g. PT30S, PT5M' });
  const minSamples = h('input', { type: 'number', min: '1', value: '20', 'data-test': 'rollout-min-samples' });
  const reason = h('input', { placeholder: 'why (recorded with every decision)', 'data-test': 'rollout-reason', required: true });
  const status = h('div', { 'data-test': 'rollout-start-status' });
  const form = h('form', { class: 'grid', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      const started = await api.post('/api/v1/rollouts', {
        component: component.value, version: version.value, cohort: cohort.value.trim(),
        steps: steps.value.split(',').map((s) => s.trim()).filter((s) => s).map(Number),
        marginPercent: margin.value === '' ? undefined : Number(margin.value), window: window.value.trim() || undefined,
        minSamples: minSamples.value === '' ? undefined : Number(minSamples.value), reason: reason.value.trim(),
      });
      location.hash = `#/rollouts/${enc(started.id)}`;
    } catch (e) {
      clear(status, message('error', e.describe ? e.describe() : e.message));
    }
  } },
  field('Component', component), field('New version', version), field('Cohort', cohort), field('Steps (%)', steps),
  field('Margin (points)', margin), field('Window', window), field('Min. outcomes', minSamples), field('Reason', reason),
  h('button', { type: 'submit', 'data-test': 'rollout-start' }, 'Start rollout'));
  return h('section', { class: 'panel' }, h('h2', {}, 'Start a guarded rollout'), form, status);
}

export async function rolloutPage(el, page, rawId) {
  const id = decodeURIComponent(rawId);
  el.append(h('p', {}, link('#/rollouts', '← all rollouts')));
  const box = h('div', { 'data-test': 'rollout' });
  el.append(box);
  const draw = async () => {
    const r = await api.get(`/api/v1/rollouts/${enc(id)}`);
    clear(box, ...view(r, draw));
    return r;
  };
  let r = await draw();
  const timer = setInterval(async () => {
    if (!page.alive || TERMINAL.has(r.state)) { clearInterval(timer); return; }
    try { r = await draw(); } catch (e) { box.append(message('error', e.describe ? e.describe() : e.message)); }
  }, POLL_MS);
}

function view(r, redraw) {
  const parts = [h('h1', {}, `Rollout of ${r.version} to ${r.cohort}`)];
  parts.push(h('section', { class: 'panel', 'data-test': 'rollout-summary', 'data-state': r.state },
    h('p', {}, badge(r.state), ` ${r.component}: ${r.baseline} → ${r.version}, step ${r.step + 1} of ${r.steps.length} (${r.stepPercent}% of ${r.cohort}, steps ${r.steps.join('% → ')}%, by ${r.rampDimension})`),
    h('p', {}, `Guard: rolls back when ${r.version}'s error rate exceeds ${r.baseline}'s by more than ${r.marginPercent} points; each step watched for ${r.window} with at least ${r.minSamples} outcomes.`),
    r.guard ? h('p', { 'data-test': 'rollout-guard' }, `Now: ${r.version} ${fmtPercent(r.guard.versionErrorRate)} (${r.guard.versionErrors}/${r.guard.versionOutcomes}) vs ${r.baseline} ${fmtPercent(r.guard.baselineErrorRate)} (${r.guard.baselineErrors}/${r.guard.baselineOutcomes}, ${r.guard.baselineScope}) — ${r.guard.verdict}: ${r.guard.detail}`) : '',
    r.replayId ? h('p', {}, 'Rollback replay: ', link(`#/replays/${enc(r.replayId)}`, r.replayId, { 'data-test': 'rollout-replay' }), ` over ${fmtTime(r.movedFrom)} → ${fmtTime(r.rollbackEffectiveFrom)}`) : '',
    h('p', { class: 'muted' }, `Started ${fmtTime(r.createdAt)} by ${r.author}: ${r.reason}`),
    actions(r, redraw)));
  const points = r.decisions.filter((d) => d.versionOutcomes > 0 || d.baselineOutcomes > 0)
    .map((d) => ({ label: `${d.kind} ${fmtTime(d.at).slice(11, 19)}`, v: d }));
  if (r.guard) points.push({ label: 'now', v: r.guard });
  parts.push(h('section', { class: 'panel' }, h('h2', {}, `Error rate: ${r.version} (new) and ${r.baseline} (baseline)`),
    points.length ? groupedBars(points.map(({ label, v }) => ({ label, values: [
      { series: `${r.version} (new)`, value: rate(v.versionErrors, v.versionOutcomes), detail: `${v.versionErrors} of ${v.versionOutcomes}` },
      { series: `${r.baseline} (baseline)`, value: rate(v.baselineErrors, v.baselineOutcomes), detail: `${v.baselineErrors} of ${v.baselineOutcomes}` },
    ] })), { title: `${r.component}: error rate of ${r.version} and ${r.baseline} at each decision` })
      : message('info', 'No guard figures yet: the step takes effect after the route margin, then the guard counts outcomes.')));
  parts.push(h('section', { class: 'panel' }, h('h2', {}, 'Steps and decisions'), table([
    { title: 'At', cell: (d) => fmtTime(d.at) },
    { title: 'Decision', cell: (d) => badge(d.kind) },
    { title: 'Step', cell: (d) => `${d.step + 1} (${r.steps[d.step]}%)` },
    { title: `${r.version} errors`, cell: (d) => `${d.versionErrors}/${d.versionOutcomes}` },
    { title: `${r.baseline} errors`, cell: (d) => `${d.baselineErrors}/${d.baselineOutcomes}` },
    { title: 'Who', cell: (d) => d.author },
    { title: 'Why', cell: (d) => d.detail },
  ], r.decisions, { attrs: { 'data-test': 'rollout-decisions' }, rowAttrs: (d) => ({ 'data-kind': d.kind }) })));
  return parts;
}

function rate(errors, outcomes) {
  return outcomes ? errors / outcomes : 0;
}

function actions(r, redraw) {
  const reason = h('input', { placeholder: 'why', 'data-test': 'rollout-action-reason' });
  const status = h('span', { 'data-test': 'rollout-action-status' });
  const button = (action, label) => h('button', { type: 'button', 'data-test': `rollout-${action}`, onclick: async () => {
    try {
      await api.post(`/api/v1/rollouts/${enc(r.id)}/${action}`, { reason: reason.value.trim() });
      await redraw();
    } catch (e) {
      clear(status, message('error', e.describe ? e.describe() : e.message));
    }
  } }, label);
  const buttons = [];
  if (r.state === 'watching') buttons.push(button('pause', 'Pause'));
  if (r.state === 'paused') buttons.push(button('resume', 'Resume'));
  if (r.state === 'watching' || r.state === 'paused') buttons.push(button('abort', 'Abort (restore the route)'));
  return buttons.length ? h('div', { class: 'actions' }, field('Reason', reason), ...buttons, status) : '';
}
