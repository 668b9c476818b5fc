import type { LaneCell, StepReport } from '../kernel';

/**
 * Draws a `:step` report as marble-style lanes: one row per stream, one column per
 * batch, each cell the record count and the first records. A windowed stream gets a row
 * per batch showing which batches its window covered:
 *
 *   stream             | 1000 ms        | 2000 ms        | 3000 ms
 *   queueStream[0] in  | 2: a b, c d    | 2: e f, g h    | 2: i j, k l
 *   window[2] 2s       | 2: a b, c d    | 4: a b, c d..  | 4: e f, g h..
 *     @2000 covers     | [==============|==============] |
 *   processing         | 3 ms           | 1 ms           | 2 ms
 *
 * The last row is each batch's processing time (wall time, as Spark stamps it).
 * Columns fit the terminal width; older batches drop off the left when they do not fit.
 */
export function renderTimeline(report: StepReport, columns = 100): string {
  if (report.batches.length === 0) return '(no batch ran)';
  const labels = report.lanes.map((l) => `${l.label}${l.isInput ? ' in' : ''}${l.windowMs ? ` ${fmtMs(l.windowMs)}` : ''}`);
  // the window rows' "  @<time> covers" labels fit too
  const coverLabel = report.lanes.some((l) => l.windowMs !== undefined) ? `  @${Math.max(0, ...report.batches.map((b) => b.time))} covers `.length : 0;
  const labelWidth = Math.min(28, Math.max(12, coverLabel, ...labels.map((l) => l.length + 2)));
  const maxCols = Math.max(1, Math.floor((columns - labelWidth) / 13));
  const batches = report.batches.slice(-maxCols);
  const cellWidth = Math.max(10, Math.min(40, Math.floor((columns - labelWidth) / batches.length) - 2));
  const row = (label: string, cells: string[]): string =>
    `${pad(label, labelWidth)}|${cells.map((c) => ` ${pad(c, cellWidth)}`).join('|')}`.replace(/\s+$/, '');

  const lines = [row('stream', batches.map((b) => `${b.time} ms`))];
  lines.push('-'.repeat(labelWidth) + `+${'-'.repeat(cellWidth + 1)}`.repeat(batches.length));
  report.lanes.forEach((lane, i) => {
    lines.push(row(labels[i], batches.map((b) => cellText(b.cells.get(lane.id), cellWidth))));
    if (lane.windowMs === undefined) return;
    for (const b of batches) {
      if (!b.cells.has(lane.id)) continue;
      lines.push(coverRow(b.time, lane.windowMs, report.batchMs, batches.map((x) => x.time), labelWidth, cellWidth));
    }
  });
  lines.push(row('processing', batches.map((b) => (b.processingMs === undefined ? '' : `${b.processingMs} ms`))));
  return lines.join('\n');
}

/** Marks the columns of batches in (end − window, end]: the RDDs that window read. */
function coverRow(end: number, windowMs: number, batchMs: number, times: number[], labelWidth: number, cellWidth: number): string {
  const covered = times.map((t) => t > end - windowMs && t <= end);
  const first = covered.indexOf(true);
  const last = covered.lastIndexOf(true);
  // '<': the window also read batches older than the first column shown
  const startsEarlier = first === 0 && times[0] - batchMs > Math.max(0, end - windowMs);
  const cells = covered.map((c, i) => {
    if (!c) return ' '.repeat(cellWidth + 1);
    const open = i === first ? (startsEarlier ? '<' : '[') : '=';
    const close = i === last ? ']' : '=';
    return open + '='.repeat(cellWidth - 1) + close;
  });
  const joined = cells.map((c, i) => (i === 0 ? c : (covered[i - 1] && covered[i] ? '=' : '|') + c)).join('');
  return `${pad(`  @${end} covers`, labelWidth)}|${joined}`.replace(/\s+$/, '');
}

function cellText(cell: LaneCell | undefined, width: number): string {
  if (cell === undefined) return '';
  if (cell.error !== undefined) return clip(`! ${cell.error}`, width);
  const more = cell.count > cell.sample.length ? ' ..' : '';
  return clip(`${cell.count}: ${cell.sample.join(', ')}${more}`, width);
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 2)}..`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

function fmtMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
