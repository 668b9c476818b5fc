import { escapeHtml } from './escapeHtml';
import type { MimeBundle } from './Iopub';
import type { BatchPoint, LiveView } from './LiveView';

const CELL = 'border:1px solid #ccc;padding:1px 6px;text-align:left;font-family:monospace;font-size:12px';
const DELAYS = [
  ['schedulingDelay', 'scheduling delay', '#f58518'],
  ['processingDelay', 'processing delay', '#54a24b'],
  ['totalDelay', 'total delay', '#e45756'],
] as const;

/**
 * A live view as a MIME bundle: `text/plain`; `text/html` (the latest batch as a table,
 * its time, the top keys of a pair stream, and an inline SVG chart); the chart of records
 * per batch and the three delays as Vega-Lite v5 (JupyterLab and VS Code draw it with no
 * extension); and the same chart as `image/svg+xml` for fronts that draw neither.
 */
export function renderLiveView(view: LiveView): MimeBundle {
  const svg = renderChartSvg(view.history);
  return {
    'text/plain': renderText(view),
    'text/html': renderHtml(view, svg),
    'application/vnd.vegalite.v5+json': renderVegaLite(view),
    'image/svg+xml': svg,
  };
}

function status(view: LiveView): string {
  const latest = view.latest;
  const parts = [view.title];
  if (latest === undefined) parts.push(view.final ? 'the context stopped before its first batch' : 'waiting for the first batch');
  else parts.push(`batch ${latest.time} ms (${new Date(latest.time).toISOString().slice(11, 23)})`, `${view.batches} batch${view.batches === 1 ? '' : 'es'}`);
  if (view.failures > 0) parts.push(`${view.failures} failed`);
  if (view.final) parts.push('context stopped: final state');
  return parts.join(' · ');
}

function renderText(view: LiveView): string {
  const latest = view.latest;
  const lines = [status(view)];
  if (latest?.error) lines.push(`error: ${latest.error.split('\n')[0]}`);
  if (latest?.text !== undefined) lines.push(latest.text.replace(/\n+$/, ''));
  else if (latest?.rows !== undefined) {
    lines.push(`${latest.count ?? latest.rows.length} records${latest.rows.length < (latest.count ?? 0) ? `, first ${latest.rows.length}` : ''}:`);
    lines.push(...latest.rows.map((r) => `  ${r}`));
  }
  if (latest?.topKeys !== undefined) lines.push(`${latest.count ?? 0} records; top keys: ${latest.topKeys.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  return lines.join('\n');
}

function renderHtml(view: LiveView, svg: string): string {
  const latest = view.latest;
  const out = [`<div class="eddy-live"><div style="font-family:sans-serif;font-size:12px;color:#333;margin-bottom:4px"><b>${escapeHtml(status(view))}</b></div>`];
  if (latest?.error) out.push(`<pre style="color:#b00;margin:2px 0">${escapeHtml(latest.error)}</pre>`);
  out.push('<div style="display:flex;gap:16px;align-items:flex-start">');
  if (latest?.text !== undefined) out.push(`<pre style="margin:0;font-size:12px">${escapeHtml(latest.text.replace(/\n+$/, ''))}</pre>`);
  else if (latest?.rows !== undefined) {
    const head = `<tr><th style="${CELL}">#</th><th style="${CELL}">record (${latest.count ?? latest.rows.length} in batch ${latest.time} ms)</th></tr>`;
    const rows = latest.rows.map((r, i) => `<tr><td style="${CELL}">${i + 1}</td><td style="${CELL}">${escapeHtml(r)}</td></tr>`).join('');
    const more = (latest.count ?? 0) > latest.rows.length ? `<tr><td style="${CELL}" colspan="2">… ${(latest.count ?? 0) - latest.rows.length} more</td></tr>` : '';
    out.push(`<table style="border-collapse:collapse">${head}${rows}${more}</table>`);
  }
  if (latest?.topKeys && latest.topKeys.length > 0) {
    const rows = latest.topKeys.map(([k, v]) => `<tr><td style="${CELL}">${escapeHtml(k)}</td><td style="${CELL};text-align:right">${v}</td></tr>`).join('');
    out.push(`<table style="border-collapse:collapse"><tr><th style="${CELL}">top key (${latest.count ?? 0} records in batch ${latest.time} ms)</th><th style="${CELL}">value</th></tr>${rows}</table>`);
  }
  if (view.history.length > 0) out.push(svg);
  out.push('</div></div>');
  return out.join('');
}

function renderVegaLite(view: LiveView): Record<string, unknown> {
  const values = view.history.flatMap((p) => [
    { batch: p.time, series: 'records', value: p.records },
    ...DELAYS.filter(([key]) => p[key] !== undefined).map(([key, label]) => ({ batch: p.time, series: label, value: p[key] })),
  ]);
  const x = { field: 'batch', type: 'quantitative', title: 'batch time (ms)', axis: { format: 'd' }, scale: { zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: view.title,
    data: { values },
    vconcat: [
      { width: 360, height: 90, mark: { type: 'bar' }, transform: [{ filter: "datum.series === 'records'" }], encoding: { x, y: { field: 'value', type: 'quantitative', title: 'records' } } },
      {
        width: 360,
        height: 90,
        mark: { type: 'line', point: true },
        transform: [{ filter: "datum.series !== 'records'" }],
        encoding: { x, y: { field: 'value', type: 'quantitative', title: 'delay (ms)' }, color: { field: 'series', type: 'nominal', scale: { domain: DELAYS.map((d) => d[1]), range: DELAYS.map((d) => d[2]) } } },
      },
    ],
  };
}

/** Records per batch as bars over the delays as lines, in one small SVG. */
export function renderChartSvg(history: readonly BatchPoint[]): string {
  const w = 360;
  const h = 120;
  const pad = 24;
  const n = Math.max(1, history.length);
  const maxRecords = Math.max(1, ...history.map((p) => p.records));
  const maxDelay = Math.max(1, ...history.flatMap((p) => DELAYS.map(([key]) => p[key] ?? 0)));
  const bw = (w - 2 * pad) / n;
  const bars = history
    .map((p, i) => {
      const bh = ((h - 2 * pad) * p.records) / maxRecords;
      return `<rect x="${(pad + i * bw + 1).toFixed(1)}" y="${(h - pad - bh).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="#4c78a8"/>`;
    })
    .join('');
  const lines = DELAYS.map(([key, , color]) => {
    const pts = history.map((p, i) => `${(pad + i * bw + bw / 2).toFixed(1)},${(h - pad - ((h - 2 * pad) * (p[key] ?? 0)) / maxDelay).toFixed(1)}`).join(' ');
    return `<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="1.5"/>`;
  }).join('');
  const legend = `<text x="${pad}" y="14" font-size="10" font-family="sans-serif">records/batch (max ${maxRecords}) · delays ms (max ${maxDelay}): <tspan fill="#f58518">sched</tspan> <tspan fill="#54a24b">proc</tspan> <tspan fill="#e45756">total</tspan></text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="white"/>${legend}<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/>${bars}${lines}</svg>`;
}
