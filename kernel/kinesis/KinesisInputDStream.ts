import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { kinesisSdk } from './kinesisSdk';
import { systemClock } from '../clock/SystemClock';
import { InputDStream, type InputPosition } from '../dstream/InputDStream';
import { EddyError } from '../errors/EddyError';
import { maxMessagesPerPartition } from '../kafka/maxMessagesPerPartition';
import { createRateEstimator } from '../receiver/rate/createRateEstimator';
import { RateController } from '../receiver/rate/RateController';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { defaultAppStateDir, KinesisAppState, type ShardPosition } from './KinesisAppState';
import { KinesisInitialPositions, type KinesisInitialPosition } from './KinesisInitialPositions';
import { describeKinesisError, errorName, kinesisClient, type KinesisCredentials, type KinesisEndpoint } from './kinesisClient';
import { KinesisInputDStreamBuilder } from './KinesisInputDStreamBuilder';
import { KinesisRDD } from './KinesisRDD';
import type { KinesisRecord } from './KinesisRecord';
import { listShards, type ShardInfo } from './listShards';
import { readRange } from './readRange';
import type { KinesisRetryConfig } from './retryOnThrottle';
import { sequenceNumberRange, type SequenceNumberRange } from './SequenceNumberRange';
import { ShardReader, type ShardReaderStats, type ShardStart } from './ShardReader';

/** What the builder hands the stream. */
export interface KinesisStreamSettings<T> {
  streamName: string;
  endpointUrl: string;
  regionName: string;
  initialPosition: KinesisInitialPosition;
  checkpointAppName: string;
  checkpointInterval: Duration;
  credentials: KinesisCredentials | undefined;
  messageHandler: (record: KinesisRecord) => T;
}

interface ShardState {
  info: ShardInfo;
  start: ShardStart;
  reader: ShardReader | undefined;
  /** Batch time whose batch took the shard's last record (-Infinity: done before this stream started). */
  doneAt: number | undefined;
  /** Sequence number of the last record a batch took. */
  lastTaken: string | undefined;
}

/** Read-ahead bounds per shard (records, bytes): reading pauses while either is reached. */
const MAX_BUFFERED_RECORDS = 50_000;
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * A stream of a Kinesis data stream's records (Spark's KinesisInputDStream from
 * spark-streaming-kinesis-asl 3.5), built with `KinesisInputDStream.builder()`.
 *
 * Eddy reads it the way its Kafka direct stream reads a topic, not through a receiver:
 * one read loop per shard (ShardReader) fills a bounded read-ahead; each batch takes,
 * per shard, what was read by batch time, capped by spark.streaming.receiver.maxRate
 * and backpressure, and records it as a SequenceNumberRange (`sequenceNumberRanges(rdd)`).
 * Its RDD has one partition per shard being read.
 *
 * - Shards: the stream follows splits and merges. A child shard's records go into a
 *   batch only after the batch that took the last record of each of its parents, so
 *   per partition key the order is kept across a split.
 * - Start: each shard starts where the application (`checkpointAppName`) last stood,
 *   from positions kept in `spark.streaming.kinesis.appStateDir` (default ~/.eddy/kinesis)
 *   and saved every `checkpointInterval` after a batch's output completed; a shard the
 *   application never read starts at `initialPosition` (Latest: only records put after
 *   the start; TrimHorizon: everything retained, parents before children; AtTimestamp).
 * - Throttling is retried per spark.streaming.kinesis.retry.waitTime/maxAttempts; an
 *   expired shard iterator is renewed; a missing stream, an unreachable endpoint or
 *   rejected credentials are reported on the context's error output with what to do,
 *   and the stream's batches stay empty until it can read.
 * - Manual clock: `advance()` first reads every shard up to its tip, so a step takes
 *   everything put before it.
 */
export class KinesisInputDStream<T> extends InputDStream<T, SequenceNumberRange[]> {
  /** Spark's KinesisInputDStream.builder(). */
  static builder(): KinesisInputDStreamBuilder {
    return new KinesisInputDStreamBuilder();
  }

  readonly settings: KinesisStreamSettings<T>;
  readonly retry: KinesisRetryConfig;
  private readonly endpoint: KinesisEndpoint;
  private readonly client: KinesisClient;
  private readonly appState: KinesisAppState;
  private readonly rateController: RateController | undefined;
  private readonly maxRate: number;
  private readonly initialRate: number;
  private readonly shards = new Map<string, ShardState>();
  private readonly positionsByTime = new Map<number, Map<string, ShardPosition>>();
  private stored: Map<string, ShardPosition> = new Map();
  /** Set by a recovery: positions that win over the application's stored ones. */
  private restoredPositions: Map<string, ShardPosition> | undefined;
  private found = false;
  private warnedMissing = false;
  private unreachable = false;
  private ready: Promise<void> | undefined;
  private discovering: Promise<void> = Promise.resolve();
  private retryTimer: (() => void) | undefined;
  private removeListener: (() => void) | undefined;
  private lastSavedAt = -Infinity;
  private lastCompleted: Map<string, ShardPosition> | undefined;
  private stopped = false;

  constructor(ssc: StreamingContext, settings: KinesisStreamSettings<T>) {
    super(ssc, 'kinesisInputStream');
    this.settings = settings;
    const conf = ssc.conf;
    this.retry = {
      maxAttempts: positiveInt('spark.streaming.kinesis.retry.maxAttempts', conf.getNumber('spark.streaming.kinesis.retry.maxAttempts', 3)),
      waitTimeMs: conf.getDurationMs('spark.streaming.kinesis.retry.waitTime', '100ms'),
    };
    this.maxRate = conf.getNumber('spark.streaming.receiver.maxRate', 0);
    this.initialRate = conf.getNumber('spark.streaming.backpressure.initialRate', 0);
    if (conf.getBoolean('spark.streaming.backpressure.enabled', false)) {
      const estimator = createRateEstimator(conf, ssc.batchDuration.milliseconds);
      const controller: RateController = new RateController(this.id, estimator, () => this.ssc.bus.post({ type: 'rate.updated', payload: controller.rateInfo() }));
      this.rateController = controller;
    }
    this.endpoint = { endpointUrl: settings.endpointUrl, regionName: settings.regionName, credentials: settings.credentials };
    this.client = kinesisClient(this.endpoint);
    this.appState = new KinesisAppState(
      conf.get('spark.streaming.kinesis.appStateDir', '') || defaultAppStateDir(),
      settings.checkpointAppName,
      settings.streamName,
      settings.endpointUrl,
      settings.regionName,
    );
    ssc.addBatchPreparer(async () => {
      if (this.stopped) return;
      await this.start();
      await this.catchUp();
    });
    // A graceful stop lets generated batches run first (a recovered one may still read Kinesis); stop() ends reading then.
    ssc.addStopHook((graceful) => (graceful ? undefined : this.shutdown()));
    const removeSaver = ssc.bus.on('batch.completed', (e) => this.onBatchCompleted(e.payload.batchInfo.batchTime.milliseconds));
    if (this.rateController !== undefined) {
      const controller = this.rateController;
      const removeRate = ssc.bus.on('batch.completed', (e) => controller.onBatchCompleted(e.payload.batchInfo));
      this.removeListener = () => {
        removeRate();
        removeSaver();
      };
    } else {
      this.removeListener = removeSaver;
    }
  }

  /** Looks the stream up, loads the application's positions and starts reading its shards. Idempotent. */
  override start(): Promise<void> {
    this.ready ??= this.connect().catch((error) => {
      this.ssc.err(`Kinesis stream ${this.settings.streamName} could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    return this.ready;
  }

  override async stop(): Promise<void> {
    await this.shutdown();
  }

  /** Per-shard reading counters (GetRecords calls, throttled calls, iterators renewed), summed over shards. */
  get stats(): ShardReaderStats {
    const total: ShardReaderStats = { getRecordsCalls: 0, throttled: 0, iteratorsRenewed: 0 };
    for (const s of this.shards.values()) {
      if (s.reader === undefined) continue;
      total.getRecordsCalls += s.reader.stats.getRecordsCalls;
      total.throttled += s.reader.stats.throttled;
      total.iteratorsRenewed += s.reader.stats.iteratorsRenewed;
    }
    return total;
  }

  /** Where the application stands in each shard after the last batch generated. */
  get currentPositions(): ReadonlyMap<string, ShardPosition> {
    return this.positionsNow();
  }

  /** The file the application's positions are kept in. */
  get appStateFile(): string {
    return this.appState.file;
  }

  /** The last rate backpressure published (records/s), if any. */
  get latestRate(): number | undefined {
    return this.rateController?.latestRate;
  }

  compute(validTime: Time): KinesisRDD<T> {
    const t = validTime.milliseconds;
    const active = [...this.shards.values()].filter((s) => s.doneAt === undefined);
    const cuttable = active.filter((s) => s.reader !== undefined && this.parentsDoneBefore(s, t));
    const lag = new Map<string, number>();
    for (const s of cuttable) lag.set(s.info.shardId, s.reader?.buffered ?? 0);
    const caps = maxMessagesPerPartition(lag, { maxRatePerPartition: 0, minRatePerPartition: 1, backpressureRate: this.rateLimit(), batchMs: this.ssc.batchDuration.milliseconds });
    const ranges: SequenceNumberRange[] = [];
    const records: KinesisRecord[][] = [];
    let numRecords = 0;
    for (const s of active) {
      const id = s.info.shardId;
      let taken: KinesisRecord[] = [];
      if (s.reader !== undefined && cuttable.includes(s)) {
        taken = s.reader.take(caps?.get(id) ?? Infinity);
        if (s.reader.isFinished && s.reader.buffered === 0) s.doneAt = t;
      }
      if (taken.length > 0) s.lastTaken = taken[taken.length - 1].sequenceNumber;
      ranges.push(
        taken.length === 0
          ? sequenceNumberRange(this.settings.streamName, id, '', '', 0)
          : sequenceNumberRange(this.settings.streamName, id, taken[0].sequenceNumber, taken[taken.length - 1].sequenceNumber, taken.length),
      );
      records.push(taken);
      numRecords += taken.length;
    }
    this.recordBatch(validTime, ranges);
    this.positionsByTime.set(t, this.positionsNow());
    this.ssc.inputInfoTracker.reportInfo(validTime, {
      inputStreamId: this.id,
      numRecords,
      metadata: { sequenceNumberRanges: ranges, description: describeRanges(ranges) },
    });
    return new KinesisRDD<T>(this.ssc.sparkContext, ranges, records, (r) => readRange(this.client, r, this.retry), this.settings.messageHandler);
  }

  /**
   * Recovery (as Spark's DirectKafkaInputDStreamCheckpointData): the checkpoint keeps each
   * remembered batch's ranges; a batch run again after a restart gets exactly them, its
   * records read again from Kinesis (`readRange`), so an idempotent output sees no loss
   * and no duplicate.
   */
  protected override rddForRange(_time: Time, ranges: SequenceNumberRange[]): KinesisRDD<T> {
    return new KinesisRDD<T>(this.ssc.sparkContext, ranges, [], (r) => readRange(this.client, r, this.retry), this.settings.messageHandler);
  }

  /** The per-shard positions after the last batch generated, checkpointed with the ranges. */
  protected override positionExtra(): Record<string, ShardPosition> {
    return Object.fromEntries(this.positionsNow());
  }

  /** Reading goes on after the recorded batches: their positions win over the application's stored ones. */
  protected override onPositionRestored(position: InputPosition<SequenceNumberRange[]>): void {
    const next = position.next;
    if (next !== null && typeof next === 'object') this.restoredPositions = new Map(Object.entries(next as Record<string, ShardPosition>));
  }

  override clearMetadata(time: Time): void {
    const horizon = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const t of this.positionsByTime.keys()) if (t <= horizon) this.positionsByTime.delete(t);
    super.clearMetadata(time);
  }

  protected override describeExtra(): string {
    return `stream ${this.settings.streamName} at ${this.settings.endpointUrl}, app ${this.settings.checkpointAppName}`;
  }

  private async connect(): Promise<void> {
    this.stored = this.restoredPositions ?? this.appState.load();
    await this.discover();
  }

  /** Lists the shards (finding the stream first) and starts the readers that may start; one at a time. */
  private discover(): Promise<void> {
    const next = this.discovering.then(() => this.discoverOnce());
    this.discovering = next.catch(() => undefined);
    return next;
  }

  private async discoverOnce(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.found) {
        await this.client.send(new (kinesisSdk().DescribeStreamSummaryCommand)({ StreamName: this.settings.streamName }));
        this.found = true;
      }
      const listing = await listShards(this.client, this.settings.streamName);
      this.addShards(listing);
      if (this.unreachable) {
        this.unreachable = false;
        this.ssc.err(`Kinesis stream ${this.settings.streamName}: ${this.settings.endpointUrl} answers again; reading resumes.\n`);
      }
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException' && !this.found) {
        if (!this.warnedMissing) {
          this.warnedMissing = true;
          this.ssc.err(`${(await this.missingStreamError()).message}\n`);
        }
      } else if (!this.unreachable) {
        this.unreachable = true;
        this.ssc.err(`${describeKinesisError(error, this.endpoint, `listing the shards of ${this.settings.streamName}`).message} Batches stay empty until it can read; nothing is lost meanwhile.\n`);
      }
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = systemClock.schedule(systemClock.now() + 2000, () => {
      this.retryTimer = undefined;
      void this.discover();
    });
  }

  /** Adds shards not seen before, decides where each starts, and starts every reader whose parents are read. */
  private addShards(listing: readonly ShardInfo[]): void {
    const firstListing = this.shards.size === 0;
    const known = new Set(listing.map((s) => s.shardId));
    for (const info of listing) {
      if (this.shards.has(info.shardId)) continue;
      const stored = this.stored.get(info.shardId);
      const state: ShardState = { info, start: { type: 'TRIM_HORIZON' }, reader: undefined, doneAt: undefined, lastTaken: undefined };
      if (stored !== undefined) {
        if (stored.finished) state.doneAt = -Infinity;
        else if (stored.sequenceNumber !== undefined) {
          state.start = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: stored.sequenceNumber };
          state.lastTaken = stored.sequenceNumber;
        }
      } else if (firstListing && !info.parents.some((p) => this.stored.has(p))) {
        const initial = this.settings.initialPosition;
        if (initial.kind === 'LATEST') {
          // Latest reads only the open shards, from their tips; closed ones hold only older records.
          if (info.open) state.start = { type: 'LATEST' };
          else state.doneAt = -Infinity;
        } else if (initial instanceof KinesisInitialPositions.AtTimestamp) {
          state.start = { type: 'AT_TIMESTAMP', timestamp: initial.timestamp };
        }
      }
      // A parent no longer listed (past retention) counts as read.
      state.info = { ...info, parents: info.parents.filter((p) => known.has(p) || this.shards.has(p)) };
      this.shards.set(info.shardId, state);
    }
    this.startEligible();
  }

  private startEligible(): void {
    for (const s of this.shards.values()) {
      if (s.reader !== undefined || s.doneAt !== undefined || this.stopped) continue;
      const parentsRead = s.info.parents.every((p) => {
        const parent = this.shards.get(p);
        return parent === undefined || parent.doneAt !== undefined || parent.reader?.isFinished === true;
      });
      if (!parentsRead) continue;
      s.reader = new ShardReader(
        s.info.shardId,
        this.client,
        s.start,
        {
          endpoint: this.endpoint,
          streamName: this.settings.streamName,
          retry: this.retry,
          idleWaitMs: this.idleWaitMs(),
          maxBufferedRecords: MAX_BUFFERED_RECORDS,
          maxBufferedBytes: MAX_BUFFERED_BYTES,
          recordsPerCall: 10_000,
          warn: (text) => this.ssc.err(text),
        },
        () => void this.discover(), // a shard ended: its children are listed now
      );
      s.reader.run();
    }
  }

  /** Reads every shard (children of shards that end meanwhile too) up to its tip. */
  private async catchUp(): Promise<void> {
    if (!this.found) await this.discover();
    for (let round = 0; round < 10; round++) {
      const readers = [...this.shards.values()].map((s) => s.reader).filter((r): r is ShardReader => r !== undefined && !r.isFinished);
      await Promise.all(readers.map((r) => r.catchUp()));
      await this.discovering;
      const now = [...this.shards.values()].map((s) => s.reader).filter((r): r is ShardReader => r !== undefined && !r.isFinished);
      if (now.every((r) => readers.includes(r))) return;
    }
  }

  private parentsDoneBefore(s: ShardState, t: number): boolean {
    return s.info.parents.every((p) => {
      const parent = this.shards.get(p);
      return parent === undefined || (parent.doneAt !== undefined && parent.doneAt < t);
    });
  }

  private positionsNow(): Map<string, ShardPosition> {
    const out = new Map<string, ShardPosition>(this.stored);
    for (const [id, s] of this.shards) {
      if (s.doneAt !== undefined) out.set(id, { finished: true });
      else if (s.lastTaken !== undefined) out.set(id, { sequenceNumber: s.lastTaken, finished: false });
    }
    return out;
  }

  /** Keeps the positions of the latest batch whose output is done; saves them every checkpointInterval. */
  private onBatchCompleted(time: number): void {
    const positions = this.positionsByTime.get(time);
    if (positions === undefined) return;
    for (const t of this.positionsByTime.keys()) if (t <= time) this.positionsByTime.delete(t);
    this.lastCompleted = positions;
    const now = this.ssc.clock.now();
    if (now - this.lastSavedAt >= this.settings.checkpointInterval.milliseconds) this.savePositions();
  }

  private savePositions(): void {
    if (this.lastCompleted === undefined) return;
    try {
      this.appState.save(this.lastCompleted);
      this.lastSavedAt = this.ssc.clock.now();
    } catch (error) {
      this.ssc.err(`Kinesis stream ${this.settings.streamName}: could not save the positions of ${this.settings.checkpointAppName} to ${this.appState.file}: ${(error as Error).message}\n`);
    }
  }

  private async missingStreamError(): Promise<EddyError> {
    let existing: string[] = [];
    try {
      existing = (await this.client.send(new (kinesisSdk().ListStreamsCommand)({ Limit: 100 }))).StreamNames ?? [];
    } catch {
      existing = [];
    }
    const list = existing.length === 0 ? 'there are no streams there' : `the streams there are: ${existing.join(', ')}`;
    return new EddyError('io', `Kinesis stream "${this.settings.streamName}" does not exist at ${this.settings.endpointUrl} (region ${this.settings.regionName}); ${list}. The stream waits for it (its batches are empty until then).`, {
      hint: `Check the name, or create it: npm run kinesis -- --create ${this.settings.streamName} (or aws kinesis create-stream --stream-name ${this.settings.streamName} --shard-count 2).`,
    });
  }

  private idleWaitMs(): number {
    // Kinesis allows 5 GetRecords per second per shard: an idle shard asks at most every 200 ms.
    return Math.min(1000, Math.max(200, Math.floor(this.ssc.batchDuration.milliseconds / 4)));
  }

  private rateLimit(): number | undefined {
    const bp = this.rateController?.boundedRate(this.initialRate);
    const max = this.maxRate > 0 ? this.maxRate : undefined;
    if (bp === undefined) return max;
    return max === undefined ? bp : Math.min(bp, max);
  }

  private async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.retryTimer?.();
    this.removeListener?.();
    for (const s of this.shards.values()) s.reader?.stop();
    this.savePositions();
    this.client.destroy();
  }
}

function positiveInt(key: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new EddyError('invalid-config', `${key} is ${value}; it must be a whole number ≥ 1.`, { hint: `Set ${key} to the number of attempts in all, e.g. 3 (Spark's default).` });
  }
  return value;
}

function describeRanges(ranges: readonly SequenceNumberRange[]): string {
  return ranges.map((r) => `stream: ${r.streamName}\tshard: ${r.shardId}\trecords: ${r.recordCount}${r.recordCount > 0 ? `\tsequence numbers: ${r.fromSeqNumber} to ${r.toSeqNumber}` : ''}`).join('\n');
}
