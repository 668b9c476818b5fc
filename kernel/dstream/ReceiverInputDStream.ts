import { EddyError } from '../errors/EddyError';
import { BlockRDD } from '../receiver/BlockRDD';
import type { ReceivedBlock } from '../receiver/ReceivedBlock';
import type { Receiver } from '../receiver/Receiver';
import { ReceiverTracker } from '../receiver/ReceiverTracker';
import type { ReceiverSupervisor } from '../receiver/ReceiverSupervisor';
import { WAL_ENABLE_KEY, type WalBlockRef, type WriteAheadLogBlockHandler } from '../receiver/WriteAheadLogBlockHandler';
import type { RDD } from '../rdd/RDD';
import { CHECKPOINTS_KEPT } from '../streaming/ContextCheckpointing';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { Time } from '../util/Time';
import { compareSegments, type WalPosition } from '../wal/walSegment';
import { InputDStream, type InputPosition } from './InputDStream';

/** What a receiver stream checkpoints besides its batches' block references. */
interface ReceiverPositionExtra {
  /** The last logged block given to a batch: blocks logged after it were given to none. */
  lastAllocated?: WalPosition;
}

/**
 * An input stream fed by a Receiver (Spark's ReceiverInputDStream). Subclasses give the
 * receiver; the stream starts it when the context starts, and each batch's RDD has one
 * partition per block the receiver stored before the batch time. The batch's record
 * count is reported to the InputInfoTracker (BatchInfo.numRecords).
 *
 * With the write-ahead log (`spark.streaming.receiver.writeAheadLog.enable=true`, which
 * needs a checkpoint directory) the stream is recoverable: each batch records the log
 * references of its blocks in the checkpoint (Spark's ReceivedBlockTracker allocations),
 * a recovered batch reads its blocks back from the log (Spark's
 * WriteAheadLogBackedBlockRDD), and once a checkpoint is on disk, log segments that no
 * kept checkpoint needs any more (older than the remember window) are deleted.
 */
export abstract class ReceiverInputDStream<T> extends InputDStream<T, WalBlockRef[]> {
  private supervisorRef: ReceiverSupervisor<T> | undefined;
  private lastAllocated: WalPosition | undefined;
  /** The oldest segment each of the last checkpoints written needs (undefined: all), newest last. */
  private readonly neededByCheckpoints: Array<string | undefined> = [];

  constructor(ssc: StreamingContext, name: string) {
    super(ssc, name);
    ReceiverTracker.of(ssc); // reads and checks the receiver settings now, before start
  }

  /** The receiver to run; called once, when the context starts. */
  abstract getReceiver(): Receiver<T>;

  /** The running supervisor (rate limit, queue length, receiver state), after start. */
  get supervisor(): ReceiverSupervisor<T> | undefined {
    return this.supervisorRef;
  }

  /** The write-ahead log of this stream, when enabled. */
  private get blockLog(): WriteAheadLogBlockHandler<T> | undefined {
    return ReceiverTracker.of(this.ssc).blockLog<T>(this.id);
  }

  override validateAtStart(): void {
    super.validateAtStart();
    // Spark's ReceiverSupervisorImpl refuses the same.
    if (ReceiverTracker.of(this.ssc).config.writeAheadLog && this.ssc.checkpointDir === undefined) {
      throw new EddyError('missing-checkpoint', `${WAL_ENABLE_KEY} is true, so ${this} logs received blocks under the checkpoint directory, and none is set.`, {
        hint: `Call ssc.checkpoint('/some/dir') before ssc.start(), or set ${WAL_ENABLE_KEY} to 'false'.`,
      });
    }
  }

  override start(): void {
    this.supervisorRef ??= ReceiverTracker.of(this.ssc).startReceiver(this.id, this.getReceiver());
  }

  override stop(): Promise<void> {
    return ReceiverTracker.of(this.ssc).stop(false);
  }

  compute(validTime: Time): RDD<T> {
    const blocks = ReceiverTracker.of(this.ssc).takeAllocated<T>(validTime, this.id);
    if (this.blockLog !== undefined) {
      const refs = blocks.flatMap((b) => (b.walRef === undefined ? [] : [b.walRef]));
      this.recordBatch(validTime, refs);
      if (refs.length > 0) this.lastAllocated = { file: refs[refs.length - 1].file, offset: refs[refs.length - 1].offset };
    }
    return this.blockRDD(validTime, blocks);
  }

  private blockRDD(time: Time, blocks: ReadonlyArray<ReceivedBlock<T>>): RDD<T> {
    let numRecords = 0;
    for (const b of blocks) numRecords += b.count;
    this.ssc.inputInfoTracker.reportInfo(time, { inputStreamId: this.id, numRecords, metadata: { blocks: blocks.length } });
    return new BlockRDD<T>(this.ssc.sparkContext, blocks, this.name);
  }

  // ------------------------------------------------------------------ fault tolerance (write-ahead log)

  override checkpointPosition(): InputPosition<WalBlockRef[]> | undefined {
    return this.blockLog === undefined ? undefined : super.checkpointPosition();
  }

  protected override positionExtra(): ReceiverPositionExtra {
    return { lastAllocated: this.lastAllocated };
  }

  /** A recovered batch: its blocks, read from the log when a task reads them. */
  protected override rddForRange(time: Time, refs: WalBlockRef[]): RDD<T> {
    const log = this.blockLog;
    if (log === undefined) {
      throw new EddyError('checkpoint-mismatch', `The checkpoint holds write-ahead-logged blocks of ${this}, and ${WAL_ENABLE_KEY} is not on now.`, {
        hint: `Set ${WAL_ENABLE_KEY} to 'true' to recover them, or delete the checkpoint directory to start afresh.`,
      });
    }
    return this.blockRDD(time, refs.map((ref, i) => log.loggedBlock(ref, i)));
  }

  /** Blocks logged after the last one a checkpointed batch got go to the next batch. */
  protected override onPositionRestored(position: InputPosition<WalBlockRef[]>): void {
    const log = this.blockLog;
    this.lastAllocated = (position.next as ReceiverPositionExtra | undefined)?.lastAllocated;
    const last = position.batches.length > 0 ? position.batches[position.batches.length - 1][0] : -Infinity;
    const unallocated = log === undefined ? [] : log.refsAfter(this.lastAllocated, (text) => this.ssc.err(text));
    ReceiverTracker.of(this.ssc).restoreStream(this.id, last, unallocated);
    if (unallocated.length > 0) {
      const records = unallocated.reduce((n, r) => n + r.count, 0);
      this.ssc.err(`Recovered ${unallocated.length} logged block(s) (${records} records) of ${this} that no batch had taken; the next batch takes them.\n`);
    }
  }

  /**
   * Spark's clearOldLogs: segments before the oldest one a kept checkpoint still needs
   * (its oldest remembered batch's first block, or the last allocated block) go.
   */
  override async onCheckpointWritten(position: InputPosition<WalBlockRef[]>): Promise<void> {
    const log = this.blockLog;
    if (log === undefined) return;
    const firstRef = position.batches.find(([, refs]) => refs.length > 0)?.[1][0];
    const needed = firstRef?.file ?? (position.next as ReceiverPositionExtra | undefined)?.lastAllocated?.file;
    this.neededByCheckpoints.push(needed);
    if (this.neededByCheckpoints.length > CHECKPOINTS_KEPT) this.neededByCheckpoints.shift();
    if (this.neededByCheckpoints.some((f) => f === undefined)) return;
    const keepFrom = (this.neededByCheckpoints as string[]).reduce((a, b) => (compareSegments(a, b) <= 0 ? a : b));
    await log.log.cleanBefore(keepFrom);
  }
}
