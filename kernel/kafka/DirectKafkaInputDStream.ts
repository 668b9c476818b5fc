import type { Admin, Kafka } from 'kafkajs';
import { InputDStream, type InputPosition } from '../dstream/InputDStream';
import { EddyError } from '../errors/EddyError';
import { createRateEstimator } from '../receiver/rate/createRateEstimator';
import { RateController } from '../receiver/rate/RateController';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { Time } from '../util/Time';
import { readDirectStreamOptions, type DirectStreamConfig, type DirectStreamOptions } from './DirectStreamOptions';
import { describeError, kafkaClient } from './kafkaClient';
import { KafkaRDD } from './KafkaRDD';
import type { KafkaRecord } from './KafkaRecord';
import { LatestOffsets } from './LatestOffsets';
import { maxMessagesPerPartition } from './maxMessagesPerPartition';
import { OffsetCommitter } from './OffsetCommitter';
import { offsetRange, partitionKey, rangeCount, type OffsetRange } from './OffsetRange';
import { RangeFetcher } from './RangeFetcher';

interface Position {
  topic: string;
  partition: number;
  offset: number;
}

/**
 * Spark's DirectKafkaInputDStream: no receiver. Each batch's RDD holds, per
 * topic-partition, the range from where the previous batch ended to the latest offset
 * known at batch time (capped by maxRatePerPartition and backpressure); its messages are
 * fetched when the batch's tasks run.
 *
 * Latest offsets: `compute(time)` is synchronous, so the stream keeps them fresh itself
 * (LatestOffsets): every `pollIntervalMs` on the injected clock, and on a manual clock
 * right before each `advance()` step (ssc.addBatchPreparer), so a step takes everything
 * written before it.
 *
 * Start: each partition starts at the group's committed offset, else at
 * `startingOffsets` ('latest' by default, as Spark). Partitions and topics that appear
 * later are read from their beginning.
 *
 * Recovery (Spark's DirectKafkaInputDStreamCheckpointData): the offset ranges of every
 * remembered batch are in the checkpoint; a restarted stream re-reads exactly those
 * ranges for those batches, and continues where the last of them ended (not at the
 * group's committed offsets). With an idempotent output nothing is lost or doubled.
 */
export class DirectKafkaInputDStream<V = string> extends InputDStream<KafkaRecord<V>, OffsetRange[]> {
  readonly config: DirectStreamConfig;
  private readonly kafka: Kafka;
  private readonly fetcher: RangeFetcher;
  private readonly decode: (raw: KafkaRecord<Buffer>) => KafkaRecord<V>;
  private readonly committer: OffsetCommitter;
  private readonly rateController: RateController | undefined;
  private readonly maxRatePerPartition: number;
  private readonly minRatePerPartition: number;
  private readonly initialRate: number;
  private admin: Admin | undefined;
  private latest: LatestOffsets | undefined;
  private positions: Position[] = [];
  private readonly rangesByTime = new Map<number, OffsetRange[]>();
  private initialTopics: Set<string> | undefined;
  private ready: Promise<void> | undefined;
  private cancelPoll: (() => void) | undefined;
  private removeListener: (() => void) | undefined;
  private stopped = false;
  /** True once the partitions present at start have their starting offsets. */
  private started = false;
  private adding: Promise<void> = Promise.resolve();
  /** Set by a recovery: the ranges of the recorded batches, registered with the fetcher on connect. */
  private restored: Array<[number, OffsetRange[]]> | undefined;
  /** Set by a recovery: where each partition's next batch starts, applied on connect. */
  private restoredNext: Position[] | undefined;

  constructor(ssc: StreamingContext, options: DirectStreamOptions) {
    super(ssc, 'directKafkaStream');
    this.config = readDirectStreamOptions(options, ssc.batchDuration.milliseconds);
    const conf = ssc.conf;
    this.maxRatePerPartition = nonNegative('spark.streaming.kafka.maxRatePerPartition', conf.getNumber('spark.streaming.kafka.maxRatePerPartition', 0));
    this.minRatePerPartition = nonNegative('spark.streaming.kafka.minRatePerPartition', conf.getNumber('spark.streaming.kafka.minRatePerPartition', 1));
    this.initialRate = nonNegative('spark.streaming.backpressure.initialRate', conf.getNumber('spark.streaming.backpressure.initialRate', 0));
    if (conf.getBoolean('spark.streaming.backpressure.enabled', false)) {
      const estimator = createRateEstimator(conf, ssc.batchDuration.milliseconds);
      const controller: RateController = new RateController(this.id, estimator, () => this.ssc.bus.post({ type: 'rate.updated', payload: controller.rateInfo() }));
      this.rateController = controller;
    }
    this.kafka = kafkaClient(this.config.brokers, this.config.clientId);
    const warn = (text: string): void => ssc.err(text);
    this.fetcher = new RangeFetcher(this.kafka, { ...this.config, warn });
    this.decode = (this.config.decode === 'buffer' ? keepBytes : decodeStrings) as unknown as typeof this.decode;
    this.committer = new OffsetCommitter(this.kafka, this.config.groupId);
    ssc.addBatchPreparer(async () => {
      if (this.stopped) return;
      await this.start();
      await this.refresh();
    });
    ssc.addStopHook((graceful) => (graceful ? undefined : this.shutdown()));
  }

  /** Connects, reads the starting offsets, starts the fetcher and (on real clocks) the offset poller. Idempotent. */
  override start(): Promise<void> {
    this.ready ??= this.connect().catch((error) => {
      this.ssc.err(`Kafka direct stream could not start on ${this.config.brokers.join(',')}: ${describeError(error)}; its batches stay empty.\n`);
    });
    return this.ready;
  }

  override async stop(): Promise<void> {
    await this.shutdown();
  }

  /** The partitions and the offset each one's next batch starts at. */
  get currentOffsets(): ReadonlyArray<Readonly<Position>> {
    return this.positions.map((p) => ({ ...p }));
  }

  /** The last rate backpressure published (records/s), if any. */
  get latestRate(): number | undefined {
    return this.rateController?.latestRate;
  }

  /**
   * Spark's CanCommitOffsets.commitAsync: commits the ends of `ranges` as the group's
   * offsets, after the batch's output is done. Resolves once committed (a failure is
   * also written to the context's error output, so an ignored promise loses nothing).
   */
  commitAsync(ranges: readonly OffsetRange[], callback?: (error: Error | undefined, ranges: readonly OffsetRange[]) => void): Promise<void> {
    if (!Array.isArray(ranges) || ranges.some((r) => typeof r?.topic !== 'string' || !Number.isInteger(r?.untilOffset))) {
      throw new EddyError('invalid-argument', `commitAsync needs the OffsetRange[] of a batch, got ${JSON.stringify(ranges)}.`, {
        hint: 'Pass KafkaUtils.offsetRanges(rdd) of the batch, taken in foreachRDD on this stream.',
      });
    }
    const done = this.committer.commit(ranges).then(
      () => callback?.(undefined, ranges),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        this.ssc.err(`Kafka direct stream: committing offsets for group ${this.config.groupId} failed: ${e.message}\n`);
        callback?.(e, ranges);
        throw e;
      },
    );
    done.catch(() => undefined); // the caller may ignore it: the failure was reported above
    return done;
  }

  compute(validTime: Time): KafkaRDD<V> {
    const ranges: OffsetRange[] = [];
    const latest = this.latest?.latest;
    if (latest !== undefined && this.positions.length > 0) {
      const lag = new Map<string, number>();
      for (const p of this.positions) lag.set(partitionKey(p.topic, p.partition), (latest.get(partitionKey(p.topic, p.partition))?.high ?? p.offset) - p.offset);
      const caps = maxMessagesPerPartition(lag, {
        maxRatePerPartition: this.maxRatePerPartition,
        minRatePerPartition: this.minRatePerPartition,
        backpressureRate: this.rateController?.boundedRate(this.initialRate),
        batchMs: this.ssc.batchDuration.milliseconds,
      });
      for (const p of this.positions) {
        const key = partitionKey(p.topic, p.partition);
        const high = latest.get(key)?.high ?? p.offset;
        const cap = caps?.get(key);
        const until = Math.max(p.offset, cap === undefined ? high : Math.min(high, p.offset + cap));
        const range = offsetRange(p.topic, p.partition, p.offset, until);
        if (rangeCount(range) > 0) this.fetcher.register(range);
        ranges.push(range);
        p.offset = until;
      }
    }
    let numRecords = 0;
    for (const r of ranges) numRecords += rangeCount(r);
    this.rangesByTime.set(validTime.milliseconds, ranges);
    this.recordBatch(validTime, ranges);
    this.ssc.inputInfoTracker.reportInfo(validTime, {
      inputStreamId: this.id,
      numRecords,
      metadata: { offsets: ranges, description: describeRanges(ranges) },
    });
    return new KafkaRDD<V>(this.ssc.sparkContext, ranges, this.fetcher, this.decode);
  }

  protected override rddForRange(time: Time, ranges: OffsetRange[]): KafkaRDD<V> {
    this.rangesByTime.set(time.milliseconds, ranges);
    return new KafkaRDD<V>(this.ssc.sparkContext, ranges, this.fetcher, this.decode);
  }

  /** Registration needs the fetcher's partitions, added on connect. */
  protected override onPositionRestored(position: InputPosition<OffsetRange[]>): void {
    this.restored = position.batches;
    this.restoredNext = Array.isArray(position.next) ? (position.next as Position[]) : undefined;
  }

  /**
   * Where each partition's next batch starts, written with the ranges. why: the ranges of
   * the remembered batches alone lose it when every remembered batch was cut before the
   * stream connected (a slow or unreachable broker after a restart: such batches read
   * nothing and record no range); the next restart would then start afresh and read
   * again what was already counted. Until connected, it is what the recovery gave.
   */
  protected override positionExtra(): Position[] | undefined {
    if (this.restored !== undefined) return this.restoredNext ?? nextAfter(this.restored);
    return this.started ? this.currentOffsets.map((p) => ({ ...p })) : undefined;
  }

  /** Also lets the fetcher forget ranges of dropped batches that no job read. */
  override clearMetadata(time: Time): void {
    const horizon = time.milliseconds - (this.rememberDuration?.milliseconds ?? 0);
    for (const [t, ranges] of this.rangesByTime) {
      if (t > horizon) continue;
      for (const r of ranges) if (rangeCount(r) > 0) this.fetcher.release(r);
      this.rangesByTime.delete(t);
    }
    super.clearMetadata(time);
  }

  protected override describeExtra(): string {
    return `topics ${this.config.topics.join(',')}, group ${this.config.groupId}`;
  }

  private async connect(): Promise<void> {
    const admin = this.kafka.admin();
    this.admin = admin;
    await admin.connect();
    this.latest = new LatestOffsets(admin, this.config.topics, this.config.brokers, (t) => this.ssc.err(t));
    await this.latest.refresh();
    this.initialTopics = new Set(this.config.topics.filter((t) => !this.latest?.missingTopics.includes(t)));
    this.fetcher.warmUp([...this.initialTopics]);
    await this.resumeRestoredRanges();
    await this.addNewPartitions();
    if (this.rateController !== undefined) {
      const controller = this.rateController;
      this.removeListener = this.ssc.bus.on('batch.completed', (e) => controller.onBatchCompleted(e.payload.batchInfo));
    }
    if (!this.ssc.isManualClock) this.schedulePoll();
  }

  private async refresh(): Promise<void> {
    if (this.latest === undefined || this.stopped) return;
    await this.latest.refresh();
    await this.addNewPartitions().catch((error) => this.ssc.err(`Kafka direct stream: cannot add new partitions yet: ${describeError(error)}\n`));
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    const clock = this.ssc.clock;
    this.cancelPoll = clock.schedule(clock.now() + this.config.pollIntervalMs, () => {
      void this.refresh().finally(() => this.schedulePoll());
    });
  }

  /** One at a time: the poller and a manual step may both ask. */
  private addNewPartitions(): Promise<void> {
    const next = this.adding.then(() => this.addFreshPartitions());
    this.adding = next.catch(() => undefined);
    return next;
  }

  /** Partitions known to the broker and not yet read: start at the committed offset, else per startingOffsets. */
  private async addFreshPartitions(): Promise<void> {
    const latest = this.latest;
    const admin = this.admin;
    if (latest === undefined || admin === undefined) return;
    const have = new Set(this.positions.map((p) => partitionKey(p.topic, p.partition)));
    const fresh = [...latest.latest.values()].filter((p) => !have.has(partitionKey(p.topic, p.partition)));
    if (fresh.length === 0) return;
    const topics = [...new Set(fresh.map((p) => p.topic))];
    const committed = new Map<string, number>();
    for (const t of await admin.fetchOffsets({ groupId: this.config.groupId, topics })) {
      for (const p of t.partitions) committed.set(partitionKey(t.topic, p.partition), Number(p.offset));
    }
    const starts: Position[] = fresh.map((p) => {
      const c = committed.get(partitionKey(p.topic, p.partition)) ?? -1;
      let offset: number;
      if (c >= 0) {
        if (c < p.low) this.ssc.err(`Kafka direct stream: group ${this.config.groupId} committed offset ${c} of ${p.topic}-${p.partition}, but the log now starts at ${p.low} (older messages were deleted); reading from ${p.low}.\n`);
        offset = Math.min(Math.max(c, p.low), p.high);
      } else {
        const atStart = this.initialTopics?.has(p.topic) === true && !this.started;
        offset = atStart && this.config.startingOffsets === 'latest' ? p.high : p.low;
      }
      return { topic: p.topic, partition: p.partition, offset };
    });
    await this.fetcher.addPartitions(starts);
    this.positions = [...this.positions, ...starts].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    this.started = true;
  }

  /**
   * Recovery: each partition's buffer starts at its oldest recorded range, the recorded
   * ranges are registered in order, and the partition continues after the newest one.
   */
  private async resumeRestoredRanges(): Promise<void> {
    const restored = this.restored;
    if (restored === undefined) return;
    const ordered = [...restored].sort((a, b) => a[0] - b[0]);
    const first = new Map<string, Position>();
    for (const [, ranges] of ordered) {
      for (const r of ranges) {
        const key = partitionKey(r.topic, r.partition);
        if (!first.has(key)) first.set(key, { topic: r.topic, partition: r.partition, offset: r.fromOffset });
      }
    }
    const next = new Map(nextAfter(ordered).map((p) => [partitionKey(p.topic, p.partition), p]));
    for (const p of this.restoredNext ?? []) {
      const key = partitionKey(p.topic, p.partition);
      next.set(key, { ...p });
      if (!first.has(key)) first.set(key, { ...p });
    }
    await this.fetcher.addPartitions([...first.values()]);
    for (const [, ranges] of ordered) for (const r of ranges) if (rangeCount(r) > 0) this.fetcher.register(r);
    this.positions = [...next.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    this.restored = undefined;
    this.restoredNext = undefined;
    // Nothing recorded at all (the first run never connected): a fresh start, by startingOffsets.
    this.started = this.positions.length > 0;
  }

  private async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelPoll?.();
    this.removeListener?.();
    await this.fetcher.stop();
    await this.committer.close();
    await this.admin?.disconnect().catch(() => undefined);
  }
}

/** Per partition, the end of its newest recorded range. */
function nextAfter(batches: ReadonlyArray<[number, OffsetRange[]]>): Position[] {
  const next = new Map<string, Position>();
  for (const [, ranges] of [...batches].sort((a, b) => a[0] - b[0])) {
    for (const r of ranges) next.set(partitionKey(r.topic, r.partition), { topic: r.topic, partition: r.partition, offset: r.untilOffset });
  }
  return [...next.values()];
}

function nonNegative(key: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new EddyError('invalid-config', `${key} is ${value}; it must be a number ≥ 0.`, { hint: `Set ${key} to a records-per-second figure, or remove it.` });
  }
  return value;
}

function describeRanges(ranges: readonly OffsetRange[]): string {
  return ranges.map((r) => `topic: ${r.topic}\tpartition: ${r.partition}\toffsets: ${r.fromOffset} to ${r.untilOffset}`).join('\n');
}

function keepBytes(raw: KafkaRecord<Buffer>): KafkaRecord<Buffer> {
  return raw;
}

function decodeStrings(raw: KafkaRecord<Buffer>): KafkaRecord<string> {
  return {
    topic: raw.topic,
    partition: raw.partition,
    offset: raw.offset,
    key: raw.key === null ? null : raw.key.toString(),
    value: raw.value === null ? null : raw.value.toString(),
    timestamp: raw.timestamp,
  };
}
