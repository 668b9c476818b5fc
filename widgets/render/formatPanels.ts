import type { TapSnapshot } from '../DashboardEvent';
import type { BatchRow, DashboardState, LogLine, ReceiverRow } from '../DashboardState';

/**
 * The dashboard's panels as plain text and numbers, from a DashboardState. The blessed
 * view only places these on screen, so everything shown is tested without a terminal.
 */

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Batch times: wall-clock times as local HH:MM:SS(.mmm), manual-clock times as `N ms`. */
export function formatBatchTime(ms: number): string {
  if (ms < 1e11) return `${ms} ms`;
  const d = new Date(ms);
  const frac = ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0')}`;
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}${frac}`;
}

export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '-' : ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The points of the three charts, oldest batch first. */
export interface ChartSeries {
  x: string[];
  records: number[];
  processing: number[];
  /** The batch interval repeated: the processing chart's reference line (above it, batches queue up). */
  interval: number[];
  scheduling: number[];
  total: number[];
}

export function chartSeries(state: DashboardState): ChartSeries {
  const rows = state.completed();
  const interval = state.batchIntervalMs ?? 0;
  return {
    x: rows.map((r) => formatBatchTime(r.batchTime)),
    records: rows.map((r) => r.numRecords),
    processing: rows.map((r) => r.processingDelay ?? 0),
    interval: rows.map(() => interval),
    scheduling: rows.map((r) => r.schedulingDelay ?? 0),
    total: rows.map((r) => r.totalDelay ?? 0),
  };
}

/**
 * Chart titles carry the latest figures, so they read at a glance (and in a text capture).
 * A chart narrower than its full title (an 80-column terminal) gets the short form.
 */
export function chartLabels(state: DashboardState, width = Infinity): { records: string; processing: string; delays: string } {
  const last = state.completed().at(-1);
  const interval = state.batchIntervalMs === undefined ? '?' : formatMs(state.batchIntervalMs);
  const full = last
    ? {
        records: ` records/batch ${last.numRecords} `,
        processing: ` processing ${formatMs(last.processingDelay)} (interval ${interval}) `,
        delays: ` delay: sched ${formatMs(last.schedulingDelay)}, total ${formatMs(last.totalDelay)} `,
      }
    : { records: ' records/batch ', processing: ` processing (interval ${interval}) `, delays: ' delay: scheduling, total ' };
  const bare = (ms: number | undefined): string => formatMs(ms).replace(/ ms$/, '');
  const short = last
    ? { records: ` records ${last.numRecords} `, processing: ` proc ${formatMs(last.processingDelay)} / ${interval} `, delays: ` total ${bare(last.totalDelay)}, sched ${formatMs(last.schedulingDelay)} ` }
    : { records: ' records ', processing: ` proc / ${interval} `, delays: ' total, sched ' };
  const pick = (key: keyof typeof full): string => (full[key].length <= width ? full[key] : short[key]);
  return { records: pick('records'), processing: pick('processing'), delays: pick('delays') };
}

export const BATCH_HEADERS = ['batch time', 'records', 'sched', 'process', 'total', 'status'];
/** What a narrow table leaves out first: total is sched + process. */
export const BATCH_DROP_FIRST = ['total', 'sched'];

/** The recent-batches table, newest first. */
export function batchTableRows(state: DashboardState, limit: number): string[][] {
  return state.batches
    .toArray()
    .slice(-limit)
    .reverse()
    .map((b: BatchRow) => [
      formatBatchTime(b.batchTime),
      String(b.numRecords),
      formatMs(b.schedulingDelay),
      formatMs(b.processingDelay),
      formatMs(b.totalDelay),
      b.failedOutputs > 0 ? `failed (${b.failedOutputs})` : b.status,
    ]);
}

export const RECEIVER_HEADERS = ['stream', 'receiver', 'state', 'rate/s', 'queued', 'PID p/i/d'];
/** What a narrow table leaves out first: the PID terms, then the queue, then the stream id. */
export const RECEIVER_DROP_FIRST = ['PID p/i/d', 'queued', 'stream'];

const num = (x: number | undefined, digits = 0): string => (x === undefined ? '-' : x.toFixed(digits));

export function receiverTableRows(state: DashboardState): string[][] {
  return [...state.receivers.values()]
    .sort((a, b) => a.streamId - b.streamId)
    .map((r: ReceiverRow) => [
      String(r.streamId),
      r.name,
      r.active === undefined ? '-' : r.lastError && !r.active ? 'error' : r.active ? 'active' : 'stopped',
      r.rate === undefined ? 'unlimited' : num(r.rate),
      num(r.queued),
      r.proportional === undefined ? '-' : `${num(r.proportional, 2)}/${num(r.integral, 2)}/${num(r.derivative, 2)}`,
    ]);
}

/**
 * A tap as text lines fitting `width` columns: horizontal bars for top-k pairs
 * (`key  ████ 12`), or the elements one per line for a table.
 */
export function tapLines(tap: TapSnapshot | undefined, width: number): string[] {
  if (!tap) return ['No tapped output yet.', 'To chart a stream, tap it', 'BEFORE ssc.start():', '  outputTap(counts, { k: 10 })'].map((l) => clip(l, width));
  const head = `batch ${formatBatchTime(tap.batchTime)}: ${tap.total} element${tap.total === 1 ? '' : 's'}`;
  if (tap.kind === 'table') return [head, ...tap.rows.map((r) => clip(r, width)), ...(tap.total > tap.rows.length ? ['...'] : [])];
  const keyWidth = Math.min(Math.max(...tap.rows.map(([k]) => k.length), 1), Math.max(4, Math.floor(width / 3)));
  const max = Math.max(...tap.rows.map(([, v]) => Math.abs(v)), 1);
  const valueWidth = Math.max(...tap.rows.map(([, v]) => String(v).length));
  const barSpace = Math.max(1, width - keyWidth - valueWidth - 3);
  return [
    head,
    ...tap.rows.map(([k, v]) => {
      const bar = '█'.repeat(Math.max(v === 0 ? 0 : 1, Math.round((Math.abs(v) / max) * barSpace)));
      return `${clip(k, keyWidth).padEnd(keyWidth)} ${bar} ${v}`;
    }),
  ];
}

/** The newest log lines that fit `height` rows, each clipped to `width`. */
export function logLines(state: DashboardState, height: number, width: number): LogLine[] {
  return state.log
    .toArray()
    .slice(-Math.max(0, height))
    .map((l) => ({ level: l.level, text: clip(l.text, width) }));
}

/** The bottom line; when it must be cut to `width`, the keys hint stays whole at its end. */
export function statusLine(state: DashboardState, keysHint: string, width = Infinity): string {
  const hint = ` | ${keysHint}`;
  const line = (intervalWord: string): string => {
    const interval = state.batchIntervalMs === undefined ? '' : ` | ${intervalWord} ${formatMs(state.batchIntervalMs)}`;
    return ` ${state.appName || 'eddy'} | ${state.status}${interval} | ${state.completedBatches} batches, ${state.totalRecords} records`;
  };
  // why: on 80 columns "batch interval" is what makes the line too long; the keys must stay.
  const figures = [line('batch interval'), line('interval')].find((f) => f.length + hint.length <= width) ?? line('interval');
  return figures.length + hint.length <= width ? figures + hint : clip(figures, Math.max(0, width - hint.length)) + hint;
}

export function clip(text: string, width: number): string {
  return text.length <= width ? text : width <= 1 ? text.slice(0, width) : text.slice(0, width - 1) + '…';
}
