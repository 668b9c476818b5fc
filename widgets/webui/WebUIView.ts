import type { StreamSnapshot } from '../../kernel';
import type { GraphNode } from '../describeStreams';
import type { SeriesColumns } from './DownsampledSeries';

/**
 * What the page is sent (JSON over the WebSocket) and may send back. The page
 * (static/app.js) reads exactly these shapes. Times are epoch ms, delays ms, rates records/s.
 */
export type BatchStatus = 'queued' | 'processing' | 'done' | 'failed';

/** One row of the active or completed batches table. */
export interface BatchSummary {
  batchTime: number;
  status: BatchStatus;
  numRecords: number;
  schedulingDelay: number | null;
  processingDelay: number | null;
  totalDelay: number | null;
  outputOps: number;
  failedOutputs: number;
}

/** A batch opened from the table: its output operations and its input per source. */
export interface BatchDetail extends BatchSummary {
  submissionTime: number;
  processingStartTime: number | null;
  processingEndTime: number | null;
  inputs: Array<{ streamId: number; name: string; numRecords: number; metadata: string }>;
  outputs: Array<{
    id: number;
    name: string;
    description: string;
    status: 'queued' | 'running' | 'succeeded' | 'failed';
    startTime: number | null;
    endTime: number | null;
    duration: number | null;
    failureReason: string | null;
  }>;
}

/** A receiver or rate-controlled input stream. */
export interface ReceiverView {
  streamId: number;
  /** The input stream (`sampleStream(words) [0]`). */
  stream: string;
  /** The receiver's name (`SampleReceiver`), or `-` for a direct stream. */
  name: string;
  active: boolean | null;
  /** Records/s of the last batch, and over the batches in the rate chart. */
  rate: number | null;
  avgRate: number | null;
  /** The limit in force (maxRate or backpressure's estimate), records/s; null: unlimited. */
  limit: number | null;
  queued: number | null;
  errors: number;
  lastError: string;
  lastErrorTime: number | null;
  /** Backpressure's estimate against the actual rate, per completed batch (bounded). */
  chart: { t: number[]; actual: number[]; estimate: Array<number | null> };
}

/** The latest batch of a stream published with `toUI(name)` (or `outputTap`). */
export interface PublishedStream {
  name: string;
  streamId: number;
  batchTime: number;
  snapshot: StreamSnapshot;
}

export interface WebUIView {
  /** Changes when the page must drop what it drew: a new context, or a reconnected session. */
  epoch: number;
  appName: string;
  pid: number | null;
  batchIntervalMs: number | null;
  status: 'waiting' | 'running' | 'stopped' | 'detached';
  /** Why the UI shows no live session (the session ended and is being looked for again). */
  notice: string;
  completedBatches: number;
  failedBatches: number;
  totalRecords: number;
  /** Batches per older series point (1 until the history was downsampled). */
  bucketWidth: number;
  series: SeriesColumns;
  active: BatchSummary[];
  completed: BatchSummary[];
  receivers: ReceiverView[];
  graph: GraphNode[];
  streams: PublishedStream[];
  errors: string[];
}

export type ServerMessage =
  | { type: 'view'; view: WebUIView }
  | { type: 'batch'; batchTime: number; detail: BatchDetail | null };

/** The only message the page sends: data, never code. Anything else is ignored. */
export type PageMessage = { type: 'batch'; batchTime: number };

/** Parses what the page sent; undefined for anything that is not a well-formed request. */
export function parsePageMessage(data: string): PageMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as { type?: unknown; batchTime?: unknown };
  if (m.type === 'batch' && typeof m.batchTime === 'number' && Number.isFinite(m.batchTime)) return { type: 'batch', batchTime: m.batchTime };
  return undefined;
}
