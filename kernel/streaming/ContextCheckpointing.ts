import * as fs from 'node:fs';
import type { CheckpointRecord, StreamDataRef } from '../checkpoint/Checkpoint';
import { CheckpointedRDD } from '../checkpoint/CheckpointedRDD';
import { CheckpointStore, type CheckpointWriteInfo, type RecoveredCheckpoint } from '../checkpoint/CheckpointStore';
import { graphShape } from '../checkpoint/graphShape';
import { assertCheckpointable } from '../checkpoint/StateSerializer';
import type { DStream } from '../dstream/DStream';
import type { InputPosition } from '../dstream/InputDStream';
import { EddyError, invalidArgument } from '../errors/EddyError';
import type { RDD } from '../rdd/RDD';
import { Time } from '../util/Time';
import type { StreamingContext } from './StreamingContext';

/** Conf key: `'true'` lets inputs that cannot be recovered (queueStream) run with checkpoints, with a warning. */
export const ALLOW_UNRECOVERABLE_INPUTS = 'eddy.streaming.checkpoint.allowUnrecoverableInputs';

/** Spark's default number of checkpoint files kept is 10; Eddy keeps a few, as each names whole state files. */
export const CHECKPOINTS_KEPT = 3;

/**
 * The checkpointing of one StreamingContext (Spark's Checkpoint, CheckpointWriter and
 * JobGenerator's DoCheckpoint): with `ssc.checkpoint(dir)`, after each batch is generated
 * and after it completes, the metadata (graph shape, pending batches, input positions)
 * is written; at completion of a batch on a stream's checkpoint interval, that stream's
 * RDD is written first (state, previous windows). Writes run one at a time, in order,
 * off the batch's path.
 *
 * Recovery (a context from `getOrCreate` over a checkpoint): at start the streams get
 * their saved RDDs and the inputs their positions back; once the inputs have started,
 * the pending batches and those missed while down are generated again with their own
 * times, then the timer resumes.
 */
export class ContextCheckpointing {
  directory: string | undefined;
  /** Set by getOrCreate when the directory held a checkpoint: restored at start(). */
  recovered: RecoveredCheckpoint | undefined;
  private store: CheckpointStore | undefined;
  private latestData: Record<number, StreamDataRef> = {};
  /** The write loop, while it runs. */
  private writing: Promise<void> | undefined;
  /** A metadata write is wanted (set by each batch event, cleared by the loop). */
  private metadataDue = false;
  /** Per stream, the latest completed batch whose RDD is due to be saved. */
  private readonly dataDue = new Map<number, Time>();
  private readonly reported = new Set<string>();

  constructor(private readonly ssc: StreamingContext) {}

  /** Spark's `ssc.checkpoint(dir)`: creates the directory if needed. */
  setDirectory(directory: string): void {
    if (typeof directory !== 'string' || directory.length === 0) {
      throw invalidArgument('checkpoint() needs a directory path.', "For example ssc.checkpoint('/tmp/eddy-checkpoint').");
    }
    fs.mkdirSync(directory, { recursive: true });
    this.directory = directory;
  }

  /** The last checkpoint written by this context (time, size), for `:status`. */
  get lastWrite(): CheckpointWriteInfo | undefined {
    return this.store?.lastWrite;
  }

  /**
   * Inside start(), before any stream starts: an input that cannot be recovered
   * (queueStream) is refused with Spark's reason, unless it opted out with
   * `withoutRecovery()`, or the conf allows it, or the context runs on a manual clock
   * without recovering (stepped tests and lessons, as Spark's TestSuiteBase).
   */
  checkInputs(): void {
    if (this.directory === undefined) return;
    const ssc = this.ssc;
    const lenient = ssc.conf.getBoolean(ALLOW_UNRECOVERABLE_INPUTS, false) || (ssc.isManualClock && this.recovered === undefined);
    for (const input of ssc.graph.inputStreams) {
      const reason = input.recoveryRefusal;
      if (reason === undefined || input.isOptedOutOfRecovery || lenient) continue;
      throw new EddyError('unrecoverable-input', `${reason} (${input}, with checkpoints in ${this.directory})`, {
        hint: 'Use a recoverable source (textFileStream, a receiver with the write-ahead log, the Kafka direct stream), or call .withoutRecovery() on this stream to run without recovering its data.',
      });
    }
  }

  /** Recovery, inside start() after the graph started: the streams' saved RDDs and the inputs' positions come back. */
  restoreStreams(): void {
    const recovered = this.recovered;
    if (recovered === undefined) return;
    const ssc = this.ssc;
    this.latestData = { ...recovered.record.data };
    for (const stream of ssc.graph.allStreams()) {
      const saved = recovered.data.get(stream.id);
      if (saved !== undefined) stream.restoreGeneratedRDD(new Time(saved.timeMs), this.rddFromData(stream, saved.partitions, recovered.file));
    }
    for (const input of ssc.graph.inputStreams) {
      const position = recovered.record.positions[input.id];
      if (position !== undefined) input.restorePosition(position as InputPosition<never>);
    }
  }

  /** Hooks the writer to the generator; call once the context starts with a directory. */
  attachWriter(): void {
    if (this.directory === undefined) return;
    const ssc = this.ssc;
    this.store = new CheckpointStore(this.directory, CHECKPOINTS_KEPT);
    ssc.generator.addHook({
      onBatchGenerated: () => this.request(),
      onBatchCompleted: (time) => {
        const zero = ssc.graph.zeroTime as Time;
        for (const stream of ssc.graph.allStreams()) {
          const interval = stream.checkpointDuration;
          if (interval !== undefined && time.since(zero).isMultipleOf(interval)) this.dataDue.set(stream.id, time);
        }
        this.request();
      },
    });
  }

  /**
   * Recovery, once the inputs have started: the manual clock (if any) is brought to the
   * checkpoint's time, then the generator re-runs pending and missed batches.
   */
  resume(): void {
    const recovered = this.recovered;
    if (recovered === undefined) return;
    const ssc = this.ssc;
    const record = recovered.record;
    ssc.stepper.moveManualClockTo(record.checkpointTimeMs);
    const times = ssc.generator.restart(
      new Time(record.checkpointTimeMs),
      record.pendingTimesMs.map((t) => new Time(t)),
    );
    ssc.err(
      `Recovered from ${recovered.file}: ${times.length} batch(es) to run again${times.length ? ` (${times[0].milliseconds} to ${times[times.length - 1].milliseconds} ms)` : ''}.\n`,
    );
  }

  /** Resolves once every checkpoint write asked for so far is done (stop waits for it). */
  flush(): Promise<void> {
    return this.writing ?? Promise.resolve();
  }

  /**
   * One write loop at a time. why coalesce: a metadata write snapshots the context when
   * it runs, so requests made while a write is in flight are all served by the next one;
   * and only the newest due RDD of a stream matters. Checkpointing thus never queues up
   * behind batches, however short they are.
   */
  private request(): void {
    this.metadataDue = true;
    this.writing ??= this.writeLoop().finally(() => {
      this.writing = undefined;
    });
  }

  private async writeLoop(): Promise<void> {
    while (this.metadataDue) {
      this.metadataDue = false;
      const data = [...this.dataDue];
      this.dataDue.clear();
      // Data first: the metadata names the data files. A stream whose data fails keeps its older file.
      await this.writeStreamData(data).catch((error) => this.reportFailure(error));
      await this.writeMetadata().catch((error) => this.reportFailure(error));
    }
  }

  private reportFailure(error: unknown): void {
    const ssc = this.ssc;
    const message = error instanceof Error ? error.message : String(error);
    if (this.reported.has(message)) return; // the same failure at every batch is said once
    this.reported.add(message);
    ssc.err(`Checkpoint to ${this.directory} failed: ${message}\n`);
    // A value that cannot be checkpointed is the user's to fix: it fails the context as a job error does.
    if (error instanceof EddyError && error.code === 'unserializable-state') ssc.reportError(error);
  }

  private async writeMetadata(): Promise<void> {
    const store = this.store;
    const ssc = this.ssc;
    const zero = ssc.graph.zeroTime;
    if (store === undefined || zero === undefined) return;
    const positions: Record<number, InputPosition> = {};
    for (const input of ssc.graph.inputStreams) {
      const p = input.checkpointPosition();
      if (p !== undefined) positions[input.id] = p;
    }
    const record: CheckpointRecord = {
      version: 1,
      appName: ssc.sparkContext.appName,
      batchDurationMs: ssc.batchDuration.milliseconds,
      zeroTimeMs: zero.milliseconds,
      checkpointTimeMs: (ssc.generator.lastBatchTime ?? zero).milliseconds,
      writtenAtMs: Date.now(),
      graph: graphShape(ssc.graph),
      pendingTimesMs: ssc.scheduler.pendingBatches().map((t) => t.milliseconds),
      data: { ...this.latestData },
      positions,
    };
    await store.writeMetadata(record);
    for (const input of ssc.graph.inputStreams) {
      const p = positions[input.id];
      if (p !== undefined) await input.onCheckpointWritten(p as InputPosition<never>);
    }
  }

  /** Saves each due stream's RDD of its due batch. */
  private async writeStreamData(due: Array<[number, Time]>): Promise<void> {
    const store = this.store;
    if (store === undefined) return;
    const streams = new Map(this.ssc.graph.allStreams().map((s) => [s.id, s]));
    for (const [id, time] of due) {
      const stream = streams.get(id);
      const rdd = stream?.generatedRDD(time);
      if (stream === undefined || rdd === undefined) continue;
      const partitions = (await partitionsOf(rdd)).map((p) => stream.encodePartition(p));
      for (const part of partitions) for (const item of part) assertItem(stream, item);
      this.latestData[stream.id] = await store.writeData({ streamId: stream.id, timeMs: time.milliseconds, partitions });
    }
  }

  private rddFromData(stream: DStream<unknown>, encoded: unknown[][], file: string): RDD<unknown> {
    const partitioner = stream.dataPartitioner;
    if (partitioner !== undefined && partitioner.numPartitions !== encoded.length) {
      throw new EddyError(
        'checkpoint-mismatch',
        `The checkpoint ${file} holds ${encoded.length} partitions of ${stream}, which now has ${partitioner.numPartitions}.`,
        { hint: 'Use the number of partitions the checkpoint was written with, or delete the checkpoint directory to start afresh.' },
      );
    }
    return new CheckpointedRDD(this.ssc.sparkContext, encoded.map((p) => stream.decodePartition(p)), partitioner);
  }
}

/** The RDD's partitions, computing those not cached yet (an output that used take() leaves some). */
async function partitionsOf<T>(rdd: RDD<T>): Promise<T[][]> {
  return rdd.sc.runJob(rdd, (split) => {
    const out: T[] = [];
    rdd.iterator(split, (x) => {
      out.push(x);
    });
    return out;
  });
}

/** A `[key, value, ...]` item names its key in the error; anything else is checked whole. */
function assertItem(stream: DStream<unknown>, item: unknown): void {
  if (Array.isArray(item) && item.length >= 2) {
    for (let i = 1; i < item.length; i++) assertCheckpointable(item[i], { stream: String(stream), key: item[0] });
    assertCheckpointable(item[0], { stream: `${stream} (a key)` });
  } else {
    assertCheckpointable(item, { stream: String(stream) });
  }
}
