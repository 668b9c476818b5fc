import type { InputPosition } from '../dstream/InputDStream';

/** One stream as the checkpoint knows it: enough to tell whether `create()` rebuilt the same graph. */
export interface StreamShape {
  id: number;
  /** The class, `StateDStream`, say. */
  className: string;
  /** The operation that made it, `updateStateByKey`, say. */
  name: string;
  slideMs: number;
  /** For windowed streams. */
  windowMs?: number;
  rememberMs?: number;
  checkpointMs?: number;
  /** Ids of the streams it reads. */
  parents: number[];
}

/** A stream's saved data: its generated RDD at one batch time, in a data file of its own. */
export interface StreamDataRef {
  timeMs: number;
  /** File name inside the checkpoint directory. */
  file: string;
  numPartitions: number;
}

/**
 * The metadata of one checkpoint (Spark's Checkpoint): everything a restarted context
 * needs that `create()` cannot give back. Written at each batch generation and
 * completion as `checkpoint-<ms>`; data of stateful streams lives in `data-*` files it
 * names (written first).
 */
export interface CheckpointRecord {
  version: 1;
  appName: string;
  batchDurationMs: number;
  zeroTimeMs: number;
  /** The last batch generated when this was written. */
  checkpointTimeMs: number;
  /** Wall time of writing (ms since the epoch). */
  writtenAtMs: number;
  graph: StreamShape[];
  /** Batches generated and not completed: re-run first, with these times. */
  pendingTimesMs: number[];
  /** Latest saved RDD of each stream that checkpoints data, by stream id. */
  data: Record<number, StreamDataRef>;
  /** What each recoverable input read, by stream id (see InputDStream.checkpointPosition). */
  positions: Record<number, InputPosition>;
}

/** `checkpoint-<ms>` files, as Spark names them. */
export const CHECKPOINT_PREFIX = 'checkpoint-';

export function checkpointFileName(timeMs: number): string {
  return `${CHECKPOINT_PREFIX}${timeMs}`;
}

/** The batch time of a `checkpoint-<ms>` file name, or undefined for other files. */
export function checkpointTimeOf(fileName: string): number | undefined {
  const m = /^checkpoint-(\d+)$/.exec(fileName);
  return m ? Number(m[1]) : undefined;
}
