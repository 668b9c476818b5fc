import type { Partitioner } from '../rdd/Partitioner';
import type { RDD, StorageLevel } from '../rdd/RDD';
import type { StreamingContext } from '../streaming/StreamingContext';
import { EddyError, illegalState } from '../errors/EddyError';
import { Duration, Seconds } from '../util/Duration';
import { Time } from '../util/Time';

/**
 * A discretized stream: one RDD per batch time. A subclass says only *what* to compute
 * (`slideDuration`, `dependencies`, `compute(time)`); `getOrCompute` does the rest:
 * the cache of generated RDDs, the slide check, persistence and lineage cuts.
 * *When* to compute is the scheduler's business, never the stream's.
 *
 * Operators are added in `operations.ts`, `pairOperations.ts` and their kin.
 */
export abstract class DStream<T> {
  readonly id: number;
  /** Set by `initialize` when the context starts: batch times are zeroTime + k × slide. */
  zeroTime: Time | undefined;
  /** How long generated RDDs are kept after their batch (raised by consumers that look back). */
  rememberDuration: Duration | undefined;
  storageLevel: StorageLevel = 'NONE';
  /** Streams whose RDDs depend on earlier batches (windows, state) must cut lineage periodically. */
  mustCheckpoint = false;
  checkpointDuration: Duration | undefined;
  /** The operation that made this stream, for `:graph` and listener events. */
  readonly name: string;
  protected readonly generatedRDDs = new Map<number, RDD<T>>();
  /**
   * Set while a reader (`:step`) wants to see each new RDD's data without computing it
   * again: new RDDs keep the partitions their jobs computed (`persist`) until the reader is done.
   */
  keepComputedFor: Set<RDD<unknown>> | undefined;
  /** Batch times whose RDD could not be built, with the error: asked again, the same error. */
  private readonly failedTimes = new Map<number, unknown>();

  constructor(readonly ssc: StreamingContext, name: string) {
    ssc.assertGraphEditable(name);
    this.id = ssc.graph.newStreamId();
    this.name = name;
  }

  /** Time between this stream's RDDs. */
  abstract get slideDuration(): Duration;

  abstract get dependencies(): ReadonlyArray<DStream<unknown>>;

  /** The RDD for `validTime`, or undefined for none. Pure: reads parents through getOrCompute. */
  abstract compute(validTime: Time): RDD<T> | undefined;

  get context(): StreamingContext {
    return this.ssc;
  }

  /** How far back this stream's parents must remember; windows add their length. */
  get parentRememberDuration(): Duration {
    return this.rememberDuration as Duration;
  }

  isInitialized(): boolean {
    return this.zeroTime !== undefined;
  }

  /**
   * The RDD for `time`: cached if already generated, else computed now when `time` is on the
   * slide. Computed once per time, as Spark's `DStream.getOrCompute`: when `compute` throws,
   * the error is remembered and thrown again to every later reader of that time, so an input
   * never takes a second batch's data for it (which would shift every later batch).
   */
  getOrCompute(time: Time): RDD<T> | undefined {
    const cached = this.generatedRDDs.get(time.milliseconds);
    if (cached !== undefined) return cached;
    if (this.failedTimes.has(time.milliseconds)) throw this.failedTimes.get(time.milliseconds);
    if (!this.isTimeValid(time)) return undefined;
    let rdd: RDD<T> | undefined;
    try {
      rdd = this.compute(time);
    } catch (error) {
      this.failedTimes.set(time.milliseconds, error);
      throw error;
    }
    if (rdd === undefined) return undefined;
    if (this.storageLevel !== 'NONE') rdd.persist(this.storageLevel);
    const zero = this.zeroTime as Time;
    if (this.checkpointDuration !== undefined && time.since(zero).isMultipleOf(this.checkpointDuration)) rdd.checkpoint();
    if (this.keepComputedFor !== undefined && rdd.getStorageLevel() === 'NONE') {
      rdd.persist();
      this.keepComputedFor.add(rdd as RDD<unknown>);
    }
    this.generatedRDDs.set(time.milliseconds, rdd);
    return rdd;
  }

  isTimeValid(time: Time): boolean {
    if (this.zeroTime === undefined) {
      throw illegalState(`${this} has not been initialized.`, 'Start the StreamingContext before asking a stream for RDDs.');
    }
    return time.greater(this.zeroTime) && time.since(this.zeroTime).isMultipleOf(this.slideDuration);
  }

  /** Called once at start (from the outputs down): fixes zero time and default durations. */
  initialize(zeroTime: Time): void {
    if (this.zeroTime !== undefined && !this.zeroTime.equals(zeroTime)) {
      throw illegalState(`${this} was initialized with zero time ${this.zeroTime}, and cannot be given ${zeroTime}.`);
    }
    this.zeroTime = zeroTime;
    if (this.mustCheckpoint && this.checkpointDuration === undefined) {
      // Spark: the first multiple of the slide that is at least 10 seconds.
      this.checkpointDuration = this.slideDuration.times(Math.ceil(Seconds(10).div(this.slideDuration)));
    }
    let minRemember = this.slideDuration;
    if (this.checkpointDuration !== undefined && minRemember.lessEq(this.checkpointDuration)) {
      minRemember = this.checkpointDuration.times(2);
    }
    if (this.rememberDuration === undefined || this.rememberDuration.less(minRemember)) this.rememberDuration = minRemember;
    for (const d of this.dependencies) d.initialize(zeroTime);
  }

  /** Keeps RDDs for at least `duration`, and asks parents for what this stream needs of them. */
  remember(duration: Duration | undefined): void {
    if (duration !== undefined && (this.rememberDuration === undefined || duration.greater(this.rememberDuration))) {
      this.rememberDuration = duration;
    }
    for (const d of this.dependencies) d.remember(this.parentRememberDuration);
  }

  /** Checks made once the whole graph is known, at start. Messages say value, rule and fix. */
  validateAtStart(): void {
    if ((this.mustCheckpoint || this.checkpointDuration !== undefined) && this.ssc.checkpointDir === undefined) {
      const why = this.mustCheckpoint
        ? 'keeps data across batches (a window with an inverse function, or state)'
        : `is checkpointed every ${this.checkpointDuration}`;
      throw new EddyError(
        'missing-checkpoint',
        `${this} ${why}, so it needs a checkpoint directory, and none is set.`,
        { hint: "Call ssc.checkpoint('/some/dir') before ssc.start()." },
      );
    }
    // Spark's DStream.validateAtStart: at least the slide, and a multiple of it.
    if (this.checkpointDuration !== undefined && this.checkpointDuration.less(this.slideDuration)) {
      throw invalidDuration(`The checkpoint interval of ${this} is ${this.checkpointDuration}, shorter than its slide (${this.slideDuration}).`,
        `Set it to at least ${this.slideDuration}.`);
    }
    if (this.checkpointDuration !== undefined && !this.checkpointDuration.isMultipleOf(this.slideDuration)) {
      throw invalidDuration(`The checkpoint interval of ${this} is ${this.checkpointDuration}, which is not a multiple of its slide (${this.slideDuration}).`,
        `Set it to a multiple of ${this.slideDuration}, such as ${this.slideDuration.times(Math.max(1, Math.round(this.checkpointDuration.div(this.slideDuration))))}.`);
    }
    for (const d of this.dependencies) d.validateAtStart();
  }

  /** Drops RDDs older than `time - rememberDuration`, here and above. */
  clearMetadata(time: Time): void {
    const horizon = time.milliseconds - (this.rememberDuration as Duration).milliseconds;
    for (const [t, rdd] of this.generatedRDDs) {
      if (t <= horizon) {
        this.generatedRDDs.delete(t);
        rdd.unpersist();
      }
    }
    for (const t of this.failedTimes.keys()) if (t <= horizon) this.failedTimes.delete(t);
    for (const d of this.dependencies) d.clearMetadata(time);
  }

  // ------------------------------------------------------------------ checkpoint data

  /** The RDD generated for `time`, if still remembered (what a data checkpoint saves). */
  generatedRDD(time: Time): RDD<T> | undefined {
    return this.generatedRDDs.get(time.milliseconds);
  }

  /** Recovery: puts back the RDD of batch `time` (read from a checkpoint or rebuilt by an input). */
  restoreGeneratedRDD(time: Time, rdd: RDD<T>): void {
    this.generatedRDDs.set(time.milliseconds, rdd);
  }

  /** How restored data must be laid out (the stream's partitioner: state, windows); none by default. */
  get dataPartitioner(): Partitioner | undefined {
    return undefined;
  }

  /** One computed partition as plain data for a checkpoint file (default: its elements). */
  encodePartition(partition: T[]): unknown[] {
    return partition;
  }

  /** The inverse of `encodePartition`. */
  decodePartition(data: unknown[]): T[] {
    return data as T[];
  }

  /** Batch times this stream holds an RDD for, oldest first (for `:graph` and tests). */
  rememberedTimes(): Time[] {
    return [...this.generatedRDDs.keys()].sort((a, b) => a - b).map((t) => new Time(t));
  }

  /** Number of generated RDDs held now. */
  get rememberedRDDCount(): number {
    return this.generatedRDDs.size;
  }

  /** A one-line description: `MappedDStream[3] map (slide 1s)`; windows add theirs. */
  describe(): string {
    const parts = [`slide ${this.slideDuration.toShortString()}`];
    const extra = this.describeExtra();
    if (extra) parts.push(extra);
    if (this.rememberDuration) parts.push(`remember ${this.rememberDuration.toShortString()}`);
    if (this.checkpointDuration) parts.push(`checkpoint ${this.checkpointDuration.toShortString()}`);
    return `${this} (${parts.join(', ')})`;
  }

  /** Window-like streams name their window here. */
  protected describeExtra(): string | undefined {
    return undefined;
  }

  /** The graph above this stream, one line per stream, as a tree. */
  toDebugString(): string {
    const lines: string[] = [];
    const visit = (s: DStream<unknown>, indent: string, last: boolean, root: boolean): void => {
      lines.push(root ? s.describe() : `${indent}${last ? '└─ ' : '├─ '}${s.describe()}`);
      const deps = s.dependencies;
      const childIndent = root ? '' : indent + (last ? '   ' : '│  ');
      deps.forEach((d, i) => visit(d, childIndent, i === deps.length - 1, false));
    };
    visit(this as DStream<unknown>, '', true, true);
    return lines.join('\n');
  }

  toString(): string {
    return `${this.constructor.name}[${this.id}] ${this.name}`;
  }
}

function invalidDuration(message: string, hint: string): EddyError {
  return new EddyError('invalid-duration', message, { hint });
}
