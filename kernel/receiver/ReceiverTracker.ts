import type { BatchInfo } from '../scheduler/BatchInfo';
import type { BatchInputAllocator } from '../scheduler/JobGenerator';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { Time } from '../util/Time';
import type { ReceivedBlock } from './ReceivedBlock';
import type { Receiver } from './Receiver';
import { readReceiverConfig, type ReceiverConfig } from './ReceiverConfig';
import { ReceiverSupervisor } from './ReceiverSupervisor';
import { createRateEstimator } from './rate/createRateEstimator';
import { RateController } from './rate/RateController';
import { WriteAheadLogBlockHandler, type WalBlockRef } from './WriteAheadLogBlockHandler';

const trackers = new WeakMap<StreamingContext, ReceiverTracker>();

/**
 * The receivers of one StreamingContext (Spark's ReceiverTracker + ReceivedBlockTracker):
 * starts a supervisor per receiver stream, gives each batch the blocks stored up to its
 * time (`allocateBlocksToBatch`, called by the job generator before the batch's jobs are
 * built), runs backpressure's rate controllers on each completed batch, and on a graceful
 * stop lets one more batch take what the receivers stored last.
 *
 * With the write-ahead log on, it owns each stream's log. Which block went to which
 * batch is kept in the checkpoint metadata (each receiver stream's input position
 * records its batches' block references). A recovered stream hands back the batches
 * its checkpoint knew (`restoreStream`): those times are not allocated again, and the
 * blocks logged after them go to the next batch.
 */
export class ReceiverTracker implements BatchInputAllocator {
  readonly config: ReceiverConfig;
  private readonly supervisors = new Map<number, ReceiverSupervisor<unknown>>();
  private readonly controllers = new Map<number, RateController>();
  private allocations = new Map<number, Map<number, Array<ReceivedBlock<unknown>>>>();
  private allocationWaiters: Array<() => void> = [];
  private stopping: Promise<void> | undefined;
  private readonly blockLogs = new Map<number, WriteAheadLogBlockHandler<unknown>>();
  /** Recovered streams: batches up to this time (ms) already have their blocks. */
  private readonly restoredThrough = new Map<number, number>();
  /** Recovered streams: blocks logged but given to no batch before the restart. */
  private readonly recoveredBlocks = new Map<number, Array<ReceivedBlock<unknown>>>();

  /** The tracker of `ssc`, created (and wired to its generator, bus and stop) on first use. */
  static of(ssc: StreamingContext): ReceiverTracker {
    let tracker = trackers.get(ssc);
    if (tracker === undefined) trackers.set(ssc, (tracker = new ReceiverTracker(ssc)));
    return tracker;
  }

  private constructor(private readonly ssc: StreamingContext) {
    this.config = readReceiverConfig(ssc.conf);
    ssc.generator.addAllocator(this);
    ssc.addStopHook((graceful) => this.stop(graceful));
    ssc.bus.on('batch.submitted', (e) => {
      for (const c of this.controllers.values()) c.onBatchSubmitted(e.payload.batchInfo);
    });
    ssc.bus.on('batch.completed', (e) => this.onBatchCompleted(e.payload.batchInfo));
  }

  startReceiver<T>(streamId: number, receiver: Receiver<T>): ReceiverSupervisor<T> {
    const ssc = this.ssc;
    const blockLog = this.blockLog<T>(streamId);
    if (blockLog !== undefined && !this.restoredThrough.has(streamId)) {
      // A fresh start: blocks an earlier run logged cannot be placed in any batch, and must not be taken for this run's.
      const stale = blockLog.log.discardAll();
      if (stale > 0) ssc.err(`Deleted ${stale} write-ahead log segment(s) of an earlier run in ${blockLog.log.directory} (no checkpoint recovers them).\n`);
    }
    const supervisor = new ReceiverSupervisor<T>(
      { clock: ssc.clock, config: this.config, post: (e) => ssc.bus.post(e), warn: (t) => ssc.err(t) },
      receiver,
      streamId,
      blockLog,
    );
    this.supervisors.set(streamId, supervisor as ReceiverSupervisor<unknown>);
    if (this.config.backpressure) {
      const estimator = createRateEstimator(ssc.conf, ssc.batchDuration.milliseconds);
      const limiter = supervisor.limiter;
      // Without an initial rate, input waits for the first batch to be measured (see RateController).
      const gate = this.config.initialRateSet ? undefined : {
        hold: () => {
          limiter.hold();
          this.postRate(streamId);
        },
        release: () => limiter.release(),
      };
      this.controllers.set(streamId, new RateController(streamId, estimator, (rate) => {
        limiter.updateRate(rate);
        this.postRate(streamId);
      }, gate));
    }
    if (this.stopping === undefined) supervisor.start();
    return supervisor;
  }

  supervisor(streamId: number): ReceiverSupervisor<unknown> | undefined {
    return this.supervisors.get(streamId);
  }

  /**
   * The write-ahead log of stream `streamId`, when `spark.streaming.receiver.writeAheadLog.enable`
   * is on (the checkpoint directory is checked at start, see ReceiverInputDStream).
   */
  blockLog<T>(streamId: number): WriteAheadLogBlockHandler<T> | undefined {
    const dir = this.ssc.checkpointDir;
    if (!this.config.writeAheadLog || dir === undefined) return undefined;
    let log = this.blockLogs.get(streamId);
    if (log === undefined) {
      log = new WriteAheadLogBlockHandler<unknown>(dir, streamId, this.ssc.clock, this.config.walRollingIntervalMs);
      this.blockLogs.set(streamId, log);
    }
    return log as WriteAheadLogBlockHandler<T>;
  }

  /**
   * Recovery of one stream (before its receiver starts): batches up to `throughMs` got
   * their blocks back from the checkpoint; `unallocated` (logged after the last of them)
   * go to the next batch allocated.
   */
  restoreStream(streamId: number, throughMs: number, unallocated: WalBlockRef[]): void {
    const log = this.blockLog(streamId);
    this.restoredThrough.set(streamId, throughMs);
    if (log !== undefined && unallocated.length > 0) {
      this.recoveredBlocks.set(streamId, unallocated.map((ref, i) => log.loggedBlock(ref, -1 - i)));
    }
  }

  allocateBlocksToBatch(batchTime: Time): void {
    const byStream = new Map<number, Array<ReceivedBlock<unknown>>>();
    for (const [id, s] of this.supervisors) {
      if (batchTime.milliseconds <= (this.restoredThrough.get(id) ?? -Infinity)) continue; // re-run: blocks from the checkpoint
      const recovered = this.recoveredBlocks.get(id);
      this.recoveredBlocks.delete(id);
      const blocks = s.takeBlocks();
      byStream.set(id, recovered === undefined ? blocks : [...recovered, ...blocks]);
    }
    // Streams take their blocks while this batch's jobs are built, right after this call.
    this.allocations = new Map([[batchTime.milliseconds, byStream]]);
    for (const id of this.supervisors.keys()) if (!this.controllers.has(id)) this.postRate(id);
    this.allocationWaiters.splice(0).forEach((w) => w());
  }

  /** The blocks allocated to batch `batchTime` for one stream (each handed out once). */
  takeAllocated<T>(batchTime: Time, streamId: number): Array<ReceivedBlock<T>> {
    const byStream = this.allocations.get(batchTime.milliseconds);
    const blocks = byStream?.get(streamId) ?? [];
    byStream?.delete(streamId);
    return blocks as Array<ReceivedBlock<T>>;
  }

  /** Stops every receiver; a graceful stop then makes one more batch take what they stored. */
  stop(graceful: boolean): Promise<void> {
    this.stopping ??= this.doStop(graceful);
    return this.stopping;
  }

  private async doStop(graceful: boolean): Promise<void> {
    await Promise.all([...this.supervisors.values()].map((s) => s.shutdown()));
    await Promise.all([...this.blockLogs.values()].map((l) => l.log.close()));
    const leftover = [...this.supervisors.values()].some((s) => s.queued > 0);
    if (!graceful || !leftover || this.ssc.getState() !== 'ACTIVE') return;
    const allocated = new Promise<void>((resolve) => this.allocationWaiters.push(resolve));
    this.ssc.stepper.requestDrainBatch();
    await allocated;
  }

  private onBatchCompleted(batchInfo: BatchInfo): void {
    for (const c of this.controllers.values()) c.onBatchCompleted(batchInfo);
  }

  private postRate(streamId: number): void {
    const s = this.supervisors.get(streamId);
    if (s === undefined) return;
    const terms = this.controllers.get(streamId)?.terms;
    this.ssc.bus.post({
      type: 'rate.updated',
      payload: {
        streamId,
        rate: s.limiter.limit,
        proportional: terms?.proportional,
        integral: terms?.integral,
        derivative: terms?.derivative,
        queued: s.queued,
        queuedBytes: s.queuedBytes,
      },
    });
  }
}
