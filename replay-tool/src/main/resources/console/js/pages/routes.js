// Routes & channels: what each cohort selector is routed to and what each channel points at, with
// forms to change them (effective time and reason) and the audit trail of who changed what.
import { api, enc, query } from '../api.js';
import { h, table, message, field, fmtTime, fromLocalInput, link } from '../dom.js';
import { components, routesOf } from '../model.js';

export async function routesPage(el, page, arg) {
  el.append(h('h1', {}, 'Routes & channels'));
  const list = await components();
  if (list.length === 0) {
    el.append(message('info', 'No components yet: start an engine instance or publish a route with the CLI.'));
    return;
  }
  const component = arg ? decodeURIComponent(arg) : list[0].component;
  const picker = h('select', { 'data-test': 'route-component', onchange: (e) => { location.hash = `#/routes/${enc(e.target.value)}`; } },
    list.map((c) => h('option', { value: c.component, selected: c.component === component }, c.component)));
  el.append(h('div', { class: 'actions' }, field('Component', picker)));
  const status = h('div', { 'data-test': 'route-status' });
  const body = h('div');
  el.append(status, body);
  const versions = (list.find((c) => c.component === component) || { versions: [] }).versions.map((v) => v.version);
  const redraw = async () => draw(body, component, versions, status, redraw);
  await redraw();
}

async function draw(body, component, versions, status, redraw) {
  const { routes, channels } = await routesOf(component);
  const audit = await api.get(`/api/v1/audit${query({ component, limit: 20 })}`).catch(() => ({ entries: [] }));
  const routeForm = routeEditor(component, versions, channels, status, redraw);
  const channelForm = channelEditor(component, versions, status, redraw);
  body.replaceChildren(
    h('section', { class: 'panel' },
      h('h2', {}, 'Routes in force'),
      table([
        { title: 'Selector', cell: (r) => h('code', {}, r.selector) },
        { title: 'Target', cell: (r) => `${r.target} (${r.targetKind})` },
        { title: 'Ramp', cell: (r) => rampText(r.ramp) },
        { title: 'Effective from', cell: (r) => fmtTime(r.effectiveFrom) },
        { title: 'By', cell: (r) => r.author || '—' },
        { title: 'Reason', cell: (r) => r.reason || '—' },
        { title: '', cell: (r) => h('div', { class: 'actions' },
          h('button', { class: 'secondary', onclick: () => routeForm.fill(r) }, 'Change'),
          h('button', { class: 'secondary', 'data-test': `unset-${r.selector}`, onclick: () => routeForm.unset(r.selector) }, 'Remove')) },
      ], routes, { attrs: { 'data-test': 'routes-table' }, empty: 'No routes: every event goes to no version.' }),
      routeForm.el),
    h('section', { class: 'panel' },
      h('h2', {}, 'Channels'),
      table([
        { title: 'Channel', cell: (c) => h('code', {}, c.channel) },
        { title: 'Version', cell: (c) => c.version },
        { title: 'Effective from', cell: (c) => fmtTime(c.effectiveFrom) },
        { title: 'By', cell: (c) => c.author || '—' },
        { title: 'Reason', cell: (c) => c.reason || '—' },
        { title: '', cell: (c) => h('button', { class: 'secondary', onclick: () => channelForm.fill(c) }, 'Change') },
      ], channels, { attrs: { 'data-test': 'channels-table' }, empty: 'No channels.' }),
      channelForm.el),
    h('section', { class: 'panel' },
      h('h2', {}, 'Recent changes'),
      table([
        { title: 'When', cell: (a) => fmtTime(a.at) },
        { title: 'Who', cell: (a) => `${a.author || '—'}${a.role ? ` (${a.role})` : ''}` },
        { title: 'What', cell: (a) => `${a.action} ${a.subject || ''}` },
        { title: 'Why', cell: (a) => a.reason || '—' },
        { title: '', cell: (a) => (a.details && a.details.replayId ? link(`#/replays/${enc(a.details.replayId)}`, 'replay') : '') },
      ], (audit && audit.entries) || [], { attrs: { 'data-test': 'audit-table' }, empty: 'No changes recorded.' })));
}

function routeEditor(component, versions, channels, status, redraw) {
  const selector = h('input', { placeholder: 'customer:acme, plan:enterprise, default', 'data-test': 'route-selector', required: true });
  const targetKind = h('select', { 'data-test': 'route-kind' }, h('option', { value: 'version' }, 'version'), h('option', { value: 'channel' }, 'channel'));
  const target = h('input', { list: 'route-targets', placeholder: 'v2 or stable', 'data-test': 'route-target', required: true });
  const targets = h('datalist', { id: 'route-targets' }, [...versions, ...channels.map((c) => c.channel)].map((t) => h('option', { value: t })));
  const from = h('input', { type: 'datetime-local', 'data-test': 'route-from', title: 'UTC; empty = as soon as the safety margin allows' });
  const reason = h('input', { placeholder: 'why (recorded in the audit log)', 'data-test': 'route-reason', required: true });
  // a ramp sends a share of the selector's values (hashed, stable) to another target; empty = no ramp
  const rampTarget = h('input', { list: 'route-targets', placeholder: 'none, or v2', 'data-test': 'route-ramp-to' });
  const rampPercent = h('input', { type: 'number', min: '0', max: '100', step: '0.01', placeholder: '10', 'data-test': 'route-ramp-percent' });
  const rampBy = h('select', { 'data-test': 'route-ramp-by' }, ['customer', 'plan', 'project'].map((d) => h('option', { value: d }, d)));
  const form = h('form', { class: 'grid', 'data-test': 'route-form' },
    field('Selector', selector), field('Target kind', targetKind), field('Target', target), targets,
    field('Effective from (UTC, optional)', from), field('Reason', reason),
    field('Ramp to (optional)', rampTarget), field('Ramp percent', rampPercent), field('Ramp by', rampBy),
    h('div', { class: 'actions wide' }, h('button', { type: 'submit', 'data-test': 'route-save' }, 'Set route')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await run(status, redraw, `Route ${selector.value} set to ${target.value}.`, () => api.put(
      `/api/v1/components/${enc(component)}/routes/${enc(selector.value.trim())}`,
      { target: target.value.trim(), targetKind: targetKind.value, effectiveFrom: fromLocalInput(from.value) || undefined, reason: reason.value,
        ramp: rampTarget.value.trim() ? { target: rampTarget.value.trim(), percent: Number(rampPercent.value || 0), dimension: rampBy.value } : undefined }));
  });
  return {
    el: h('div', {}, h('h3', {}, 'Change a route'), form),
    fill: (r) => {
      selector.value = r.selector; targetKind.value = r.targetKind; target.value = r.target;
      rampTarget.value = r.ramp ? r.ramp.target : ''; rampPercent.value = r.ramp ? r.ramp.percent : ''; rampBy.value = r.ramp ? r.ramp.dimension : 'customer';
      reason.focus();
    },
    unset: async (sel) => {
      if (!reason.value.trim()) {
        status.replaceChildren(message('error', 'Give a reason in the form below before removing a route; it is recorded in the audit log.'));
        reason.focus();
        return;
      }
      await run(status, redraw, `Route ${sel} removed.`, () => api.del(
        `/api/v1/components/${enc(component)}/routes/${enc(sel)}${query({ reason: reason.value })}`));
    },
  };
}

function channelEditor(component, versions, status, redraw) {
  const channel = h('input', { placeholder: 'stable', 'data-test': 'channel-name', required: true });
  const version = h('input', { list: 'channel-versions', placeholder: 'v2', 'data-test': 'channel-version', required: true });
  const list = h('datalist', { id: 'channel-versions' }, versions.map((v) => h('option', { value: v })));
  const from = h('input', { type: 'datetime-local', 'data-test': 'channel-from' });
  const reason = h('input', { placeholder: 'why', 'data-test': 'channel-reason', required: true });
  const form = h('form', { class: 'grid', 'data-test': 'channel-form' },
    field('Channel', channel), field('Version', version), list, field('Effective from (UTC, optional)', from), field('Reason', reason),
    h('div', { class: 'actions wide' }, h('button', { type: 'submit', 'data-test': 'channel-save' }, 'Point channel')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await run(status, redraw, `Channel ${channel.value} points at ${version.value}.`, () => api.put(
      `/api/v1/components/${enc(component)}/channels/${enc(channel.value.trim())}`,
      { version: version.value.trim(), effectiveFrom: fromLocalInput(from.value) || undefined, reason: reason.value }));
  });
  return {
    el: h('div', {}, h('h3', {}, 'Point a channel'), form),
    fill: (c) => { channel.value = c.channel; version.value = c.version; reason.focus(); },
  };
}

/** "10% of customer values → v2 (version)", or none. */
function rampText(ramp) {
  if (!ramp) return h('span', { class: 'muted' }, 'none');
  return h('span', { 'data-test': 'route-ramp', title: 'values hashed as Kafka\'s default partitioner hashes a key: a value stays on its side while the percentage grows' },
    `${ramp.percent}% of ${ramp.dimension} values → ${ramp.target}${ramp.targetKind ? ` (${ramp.targetKind})` : ''}`);
}

async function run(status, redraw, done, call) {
  try {
    const result = await call();
    const when = result && result.effectiveFrom ? ` Effective from ${fmtTime(result.effectiveFrom)}.` : '';
    status.replaceChildren(message('ok', done + when));
    await redraw();
  } catch (e) {
    status.replaceChildren(message('error', e.describe ? e.describe() : e.message));
  }
}
