// The few API reads more than one page needs.
import { api, enc, query } from './api.js';

export async function components() {
  const body = await api.get('/api/v1/components');
  return (body && body.components) || [];
}

export async function routesOf(component) {
  const [r, c] = await Promise.all([
    api.get(`/api/v1/components/${enc(component)}/routes`),
    api.get(`/api/v1/components/${enc(component)}/channels`),
  ]);
  return { routes: (r && r.routes) || [], channels: (c && c.channels) || [] };
}

/** Selectors each version owns now: routes to the version itself or to a channel pointing at it. */
export function routedCohorts(routes, channels) {
  const channelVersion = new Map(channels.map((c) => [c.channel, c.version]));
  const byVersion = new Map();
  for (const r of routes) {
    const version = r.targetKind === 'channel' ? channelVersion.get(r.target) : r.target;
    if (!version) continue;
    if (!byVersion.has(version)) byVersion.set(version, []);
    byVersion.get(version).push(r.targetKind === 'channel' ? `${r.selector} (via ${r.target})` : r.selector);
  }
  return byVersion;
}

/**
 * Per-version statistics over a window (1m, 15m, 1h): a map version -> the service's entry
 * {version, group, instances, outcomes, errors, errorRate, throughputPerSecond, p99Millis,
 * totalLag, lag: [{topic, partition, committed, end, lag}], byCohort: {value: {outcomes, errors, errorRate, ...}},
 * pausedPartitions: [{topic, partition, offset, reason, since, eventTime, instance}]}, and as the map's
 * {@code unroutable} the records dead-lettered on behalf of no version; with {@code by} (plan, customer,
 * project) byCohort is filled.
 */
export async function versionStats(component, window, by) {
  const body = await api.get(`/api/v1/components/${enc(component)}/versions${query({ window, by })}`);
  const versions = new Map(((body && body.versions) || []).map((v) => [v.version, v]));
  versions.unroutable = (body && body.unroutable) || 0; // dead-lettered on behalf of no version in the window
  return versions;
}

/** Milliseconds as text. */
export function fmtMillis(value) {
  return value === undefined || value === null ? '—' : `${Number(value).toFixed(1)} ms`;
}
