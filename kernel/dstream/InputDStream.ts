import type { RDD } from '../rdd/RDD';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { Duration } from '../util/Duration';
import { Time } from '../util/Time';
import { DStream } from './DStream';

/**
 * What an input writes into a checkpoint (Spark's DStreamCheckpointData of an input):
 * for each batch it generated that is still remembered, what that batch read (its
 * "range"), plus optional input-specific data. Plain data only (see StateSerializer).
 */
export interface InputPosition<R = unknown> {
  /** `[batch time ms, what that batch read]`, oldest first: file names, offset ranges, WAL block refs. */
  batches: Array<[number, R]>;
  /** Anything else the input needs to continue, e.g. where its next batch starts. */
  next?: unknown;
}

/**
 * A stream with no parent: its RDDs come from outside. Registered with the graph so
 * the context can start and stop it; `start`/`stop` are for sources holding resources.
 *
 * Fault tolerance, the position hook: an input that can be recovered calls
 * `recordBatch(time, range)` from `compute` with what the batch read, and implements
 * `rddForRange(time, range)` to rebuild that batch's RDD from it. The checkpoint writes
 * `checkpointPosition()` (the recorded ranges of the batches still remembered, plus
 * `positionExtra()`), and a recovered context calls `restorePosition(p)` once at start,
 * after initialize and before `start()`: each recorded batch gets its RDD back (so
 * re-run and recomputed batches read exactly what they read before), then
 * `onPositionRestored(p)` lets the input continue after the last recorded batch.
 * `onCheckpointWritten(p)` tells it which position is now durable (what it may forget).
 * `recoveryRefusal` names inputs that cannot be recovered at all (queueStream).
 */
export abstract class InputDStream<T, R = unknown> extends DStream<T> {
  /** What each remembered batch read, by batch time (ms). */
  protected readonly batchRanges = new Map<number, R>();
  private recoveryOptOut = false;

  constructor(ssc: StreamingContext, name: string) {
    super(ssc, name);
    ssc.graph.addInputStream(this as InputDStream<unknown>);
  }

  get slideDuration(): Duration {
    return this.ssc.graph.batchDuration;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return [];
  }

  /** Called when the context starts. */
  start(): void | Promise<void> {}

  /** Called when the context stops. */
  stop(): void | Promise<void> {}

  // ------------------------------------------------------------------ fault tolerance

  /**
   * Why this input cannot be recovered from a checkpoint, or undefined when it can.
   * With a checkpoint directory, start() refuses such an input unless `withoutRecovery()`.
   */
  get recoveryRefusal(): string | undefined {
    return undefined;
  }

  /**
   * Opts this input out of recovery: checkpoints are written without it, and after a
   * restart it starts afresh (its lost batches are not replayed). Returns this stream.
   */
  withoutRecovery(): this {
    this.ssc.assertGraphEditable('a recovery setting');
    this.recoveryOptOut = true;
    return this;
  }

  get isOptedOutOfRecovery(): boolean {
    return this.recoveryOptOut;
  }

  /** The position to checkpoint, or undefined for an input that records none. */
  checkpointPosition(): InputPosition<R> | undefined {
    if (this.recoveryOptOut || this.rddForRange === undefined) return undefined;
    const batches = [...this.batchRanges].sort((a, b) => a[0] - b[0]);
    return { batches, next: this.positionExtra() };
  }

  /** Rebuilds each recorded batch's RDD, then lets the input continue after them. */
  restorePosition(position: InputPosition<R>): void {
    const rebuild = this.rddForRange;
    if (rebuild === undefined || this.recoveryOptOut) return;
    for (const [t, range] of position.batches) {
      const time = new Time(t);
      this.batchRanges.set(t, range);
      this.restoreGeneratedRDD(time, rebuild.call(this, time, range));
    }
    this.onPositionRestored(position);
  }

  /** Recoverable inputs: the RDD of batch `time` that read `range`. */
  protected rddForRange?(time: Time, range: R): RDD<T>;

  /** Called by `compute` of a recoverable input with what batch `time` read. */
  protected recordBatch(time: Time, range: R): void {
    this.batchRanges.set(time.milliseconds, range);
  }

  /** Input-specific data written with the ranges (default none). */
  protected positionExtra(): unknown {
    return undefined;
  }

  /** After the recorded batches are back: continue after them (default nothing). */
  protected onPositionRestored(_position: InputPosition<R>): void {}

  /**
   * After a checkpoint holding `position` (this input's `checkpointPosition()` at the
   * time) is on disk: what older positions needed can go (the receiver write-ahead log
   * deletes old segments here). Default nothing.
   */
  onCheckpointWritten(_position: InputPosition<R>): void | Promise<void> {}

  override clearMetadata(time: Time): void {
    const horizon = time.milliseconds - (this.rememberDuration as Duration).milliseconds;
    for (const t of this.batchRanges.keys()) if (t <= horizon) this.batchRanges.delete(t);
    super.clearMetadata(time);
  }
}
