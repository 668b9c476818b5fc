import type { LaneCell, StepReport } from '../../kernel';
import { escapeHtml } from './escapeHtml';

const TABLE = 'border-collapse:collapse;font-family:monospace;font-size:12px';
const CELL = 'border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top;white-space:nowrap';
const COVERED = 'background:#cfe3ff;border:1px solid #7aa7e0';

/**
 * `%step` as an HTML table, the notebook form of the terminal's marble lanes: one row
 * per stream, one column per batch, each cell the record count and the first records;
 * under each windowed stream a row per batch it computed, shading the batches that
 * window covered (the batches in (end − window, end]); last, each batch's processing time.
 */
export function renderTimelineHtml(report: StepReport): string {
  if (report.batches.length === 0) return '<p>(no batch ran)</p>';
  const times = report.batches.map((b) => b.time);
  const head = `<tr><th style="${CELL}">stream</th>${times.map((t) => `<th style="${CELL}">${t} ms</th>`).join('')}</tr>`;
  const rows: string[] = [];
  for (const lane of report.lanes) {
    const label = `${escapeHtml(lane.label)}${lane.isInput ? ' <i>in</i>' : ''}${lane.windowMs ? ` <i>window ${lane.windowMs} ms</i>` : ''}`;
    rows.push(`<tr><th style="${CELL}">${label}</th>${report.batches.map((b) => `<td style="${CELL}">${cellHtml(b.cells.get(lane.id))}</td>`).join('')}</tr>`);
    if (lane.windowMs === undefined) continue;
    for (const b of report.batches) {
      if (!b.cells.has(lane.id)) continue;
      const windowMs = lane.windowMs;
      const covers = times.map((t) => t > b.time - windowMs && t <= b.time);
      const earlier = times[0] - report.batchMs > Math.max(0, b.time - windowMs);
      rows.push(
        `<tr><td style="${CELL};color:#555">&nbsp;&nbsp;@${b.time} covers${earlier ? ' (and earlier)' : ''}</td>${covers
          .map((c) => `<td style="${CELL}${c ? `;${COVERED}` : ''}">${c ? '&nbsp;' : ''}</td>`)
          .join('')}</tr>`,
      );
    }
  }
  // Each batch's processing time, wall time (as Spark stamps it, even on a manual clock).
  rows.push(`<tr><th style="${CELL}">processing</th>${report.batches.map((b) => `<td style="${CELL}">${b.processingMs === undefined ? '' : `${b.processingMs} ms`}</td>`).join('')}</tr>`);
  return `<table class="eddy-timeline" style="${TABLE}">${head}${rows.join('')}</table>`;
}

function cellHtml(cell: LaneCell | undefined): string {
  if (cell === undefined) return '';
  if (cell.error !== undefined) return `<span style="color:#b00">! ${escapeHtml(cell.error)}</span>`;
  const more = cell.count > cell.sample.length ? ', …' : '';
  return `<b>${cell.count}</b>${cell.sample.length > 0 ? `: ${escapeHtml(cell.sample.join(', '))}${more}` : ''}`;
}
