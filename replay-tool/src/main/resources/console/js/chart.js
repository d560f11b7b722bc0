// Charts drawn as inline SVG: no library, nothing to vendor.

const NS = 'http://www.w3.org/2000/svg';
const PALETTE = ['#2f5fd0', '#c23b32', '#1f8a4c', '#b7791f', '#7a3fc2', '#2a8c9c'];

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/**
 * Grouped bar chart. groups: [{label, values: [{series, value}]}]; values are ratios 0..1 shown
 * as percentages. A series is one colour (a version), a group one x position (a time window).
 */
export function groupedBars(groups, { title = '', height = 220 } = {}) {
  const series = [...new Set(groups.flatMap((g) => g.values.map((v) => v.series)))];
  const max = Math.max(0.01, ...groups.flatMap((g) => g.values.map((v) => v.value || 0)));
  const top = niceCeil(max);
  const width = Math.max(360, groups.length * (series.length * 34 + 40) + 70);
  const left = 48, bottom = 34, plotH = height - bottom - 24;
  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, 'data-test': 'error-rate-chart' });
  svg.append(s('title', {}, title));
  for (let i = 0; i <= 4; i++) {
    const y = 14 + plotH - (plotH * i) / 4;
    svg.append(s('line', { x1: left, x2: width - 10, y1: y, y2: y, stroke: '#e4e7ee' }));
    const pct = ((top * i) / 4) * 100;
    svg.append(s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`));
  }
  let x = left + 16;
  for (const g of groups) {
    const start = x;
    for (const name of series) {
      const v = g.values.find((e) => e.series === name);
      const value = v ? v.value || 0 : 0;
      const barH = (plotH * value) / top;
      const color = PALETTE[series.indexOf(name) % PALETTE.length];
      const rect = s('rect', { x, y: 14 + plotH - barH, width: 26, height: Math.max(barH, 0.5), fill: color, 'data-series': name });
      rect.append(s('title', {}, `${name}, ${g.label}: ${(value * 100).toFixed(2)}%${v && v.detail ? ` (${v.detail})` : ''}`));
      svg.append(rect);
      x += 34;
    }
    svg.append(s('text', { x: (start + x - 8) / 2, y: height - bottom + 16, 'text-anchor': 'middle' }, g.label));
    x += 40;
  }
  const legend = s('g', { transform: `translate(${left}, ${height - 8})` });
  series.forEach((name, i) => {
    legend.append(s('rect', { x: i * 90, y: -9, width: 10, height: 10, fill: PALETTE[i % PALETTE.length] }));
    legend.append(s('text', { x: i * 90 + 14, y: 0 }, name));
  });
  svg.append(legend);
  return svg;
}

function niceCeil(x) {
  const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1];
  return steps.find((v) => v >= x) || 1;
}

/**
 * A timeline of events: one row per version, a dot per event at its time, coloured by that
 * version's status for it. events: [{id, time (ms), statuses: {version: status}}].
 */
export function timeline(events, from, to, versions, onPick) {
  const rowH = 26, left = 150, width = 1100, height = versions.length * rowH + 36;
  // a fixed coordinate system scaled as a whole: dots stay round at any width
  const svg = s('svg', { width: '100%', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'xMinYMin meet', 'data-test': 'timeline' });
  const span = Math.max(1, to - from);
  const xOf = (t) => left + ((t - from) / span) * (width - left - 10);
  versions.forEach((v, i) => {
    const y = 14 + i * rowH;
    const label = s('text', { x: 4, y: y + 4 }, v.length > 24 ? `…${v.slice(-23)}` : v);
    label.append(s('title', {}, v));
    svg.append(label);
    svg.append(s('line', { x1: left, x2: width - 10, y1: y, y2: y, stroke: '#e4e7ee' }));
  });
  for (const e of events) {
    versions.forEach((v, i) => {
      const status = e.statuses[v];
      if (!status) return;
      const color = status.status === 'error' ? '#c23b32' : status.replayed ? '#2f5fd0' : '#1f8a4c';
      const dot = s('circle', { cx: xOf(e.time), cy: 14 + i * rowH, r: status.replayed ? 6 : 4, fill: color, 'fill-opacity': 0.75, class: 'dot', 'data-event': e.id });
      if (status.replayed) dot.setAttribute('stroke', '#2f5fd0');
      dot.append(s('title', {}, `${e.id} · ${v}: ${status.status}${status.replayed ? ' (replay)' : ''}`));
      dot.addEventListener('click', () => onPick(e.id));
      dot.style.cursor = 'pointer';
      svg.append(dot);
    });
  }
  const y = height - 10;
  for (let i = 0; i <= 4; i++) {
    const t = from + (span * i) / 4;
    svg.append(s('text', { x: xOf(t), y, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, new Date(t).toISOString().slice(11, 19)));
  }
  return svg;
}
