import type { KinesisClient, ShardIteratorType } from '@aws-sdk/client-kinesis';
import { kinesisSdk } from './kinesisSdk';
import { systemClock } from '../clock/SystemClock';
import { describeKinesisError, errorName, type KinesisEndpoint } from './kinesisClient';
import type { KinesisRecord } from './KinesisRecord';
import { isThrottling, retryOnThrottle, type KinesisRetryConfig } from './retryOnThrottle';

/** Where a shard's reading starts. */
export type ShardStart =
  | { type: 'TRIM_HORIZON' | 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestamp: Date }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface ShardReaderOptions {
  endpoint: KinesisEndpoint;
  streamName: string;
  retry: KinesisRetryConfig;
  /** How long an idle shard waits before asking again (records newer than that wait for it). */
  idleWaitMs: number;
  /** Read-ahead bounds per shard: reading pauses while either is reached. */
  maxBufferedRecords: number;
  maxBufferedBytes: number;
  /** Records per GetRecords call (Kinesis allows at most 10 000). */
  recordsPerCall: number;
  warn: (text: string) => void;
}

/** Counters a test or the UI can read. */
export interface ShardReaderStats {
  getRecordsCalls: number;
  throttled: number;
  iteratorsRenewed: number;
}

interface CatchUpWaiter {
  /** Satisfied by a read that started after this many had started. */
  afterCall: number;
  resolve: () => void;
}

/**
 * Reads one shard continuously with GetRecords into a bounded read-ahead, from which the
 * stream cuts each batch's range (`take`). One loop per shard, as the KCL's ShardConsumer:
 *
 *   iterator ──GetRecords──▶ [ read-ahead (≤ maxBufferedRecords, ≤ maxBufferedBytes) ] ──take(n)──▶ batch
 *
 * - Throttling (ProvisionedThroughputExceededException) is retried with
 *   spark.streaming.kinesis.retry.waitTime/maxAttempts (doubling waits); when the
 *   attempts run out the failure is reported and reading goes on after a pause, so no
 *   record is lost or skipped.
 * - An expired iterator (ExpiredIteratorException) is renewed after the last record read.
 * - The shard's end (no NextShardIterator: it was split or merged) is reported once
 *   through `onEnd`, after every record before it was read.
 *
 * Waits are on the system clock on purpose: they pace network calls, and stream time may
 * be a manual clock.
 */
export class ShardReader {
  readonly stats: ShardReaderStats = { getRecordsCalls: 0, throttled: 0, iteratorsRenewed: 0 };
  private buffer: KinesisRecord[] = [];
  private head = 0;
  private bufferedBytes = 0;
  private iterator: string | undefined;
  /** Sequence number of the last record put in the read-ahead. */
  private lastRead: string | undefined;
  private finished = false;
  private stopped = false;
  private running = false;
  private callsStarted = 0;
  private waiters: CatchUpWaiter[] = [];
  private wake: (() => void) | undefined;
  private failing = false;
  /** When a LATEST iterator was first taken (less a second for clock skew). */
  private latestTakenAt: Date | undefined;

  constructor(
    readonly shardId: string,
    private readonly client: KinesisClient,
    private readonly start: ShardStart,
    private readonly options: ShardReaderOptions,
    private readonly onEnd: (reader: ShardReader) => void,
  ) {}

  /** True once every record of a closed shard has been read into the read-ahead. */
  get isFinished(): boolean {
    return this.finished;
  }

  /** Records read and not yet taken by a batch. */
  get buffered(): number {
    return this.buffer.length - this.head;
  }

  /** Starts the read loop (once). */
  run(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop();
  }

  /**
   * Resolves once a read that started after this call has found no more records behind
   * it (or the shard ended, the read-ahead is full, a read failed, or the reader stopped):
   * on a manual clock a step then takes everything put before it.
   */
  catchUp(): Promise<void> {
    if (this.finished || this.stopped || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ afterCall: this.callsStarted, resolve });
      this.wake?.();
    });
  }

  /** Removes and returns up to `max` records from the head of the read-ahead. */
  take(max: number): KinesisRecord[] {
    const n = Math.min(max, this.buffered);
    if (n <= 0) return [];
    const out = this.buffer.slice(this.head, this.head + n);
    this.head += n;
    for (const r of out) this.bufferedBytes -= r.data.length;
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    this.wake?.(); // room again
    return out;
  }

  stop(): void {
    this.stopped = true;
    this.resolveWaiters(Infinity);
    this.wake?.();
  }

  private isFull(): boolean {
    return this.buffered >= this.options.maxBufferedRecords || this.bufferedBytes >= this.options.maxBufferedBytes;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped && !this.finished) {
      if (this.isFull()) {
        this.resolveWaiters(Infinity);
        await this.pause(Infinity);
        continue;
      }
      const call = ++this.callsStarted;
      let caughtUp: boolean;
      try {
        caughtUp = await this.readOnce();
        failures = 0;
        if (this.failing) {
          this.failing = false;
          this.options.warn(`Kinesis stream ${this.options.streamName}: ${this.shardId} is read again.\n`);
        }
      } catch (error) {
        if (this.stopped) break; // the stop closed the connection under the read
        failures++;
        this.resolveWaiters(call);
        if (!this.failing) {
          this.failing = true;
          const e = error instanceof Error && error.name === 'EddyError' ? error : describeKinesisError(error, this.options.endpoint, `reading ${this.shardId} of ${this.options.streamName}`);
          this.options.warn(`${e.message} Reading ${this.shardId} goes on from where it was once this clears; nothing is skipped.\n`);
        }
        await this.pause(Math.min(250 * 2 ** Math.min(failures, 5), 5000));
        continue;
      }
      if (this.finished) break;
      if (caughtUp) {
        this.resolveWaiters(call);
        if (this.waiters.length === 0) await this.pause(this.options.idleWaitMs);
      }
    }
    this.resolveWaiters(Infinity);
    if (this.finished && !this.stopped) this.onEnd(this);
  }

  /** One GetRecords (getting or renewing the iterator first as needed); true when nothing more is behind it. */
  private async readOnce(): Promise<boolean> {
    const sleep = (ms: number): Promise<void> => this.pause(ms, false);
    const onThrottle = (): void => void this.stats.throttled++;
    if (this.iterator === undefined) {
      this.iterator = await retryOnThrottle(`getting a shard iterator for ${this.shardId}`, this.options.retry, () => this.getIterator(), sleep, onThrottle);
    }
    const iterator = this.iterator;
    let result;
    try {
      result = await retryOnThrottle(
        `reading ${this.shardId} of ${this.options.streamName}`,
        this.options.retry,
        () => {
          this.stats.getRecordsCalls++;
          return this.client.send(new (kinesisSdk().GetRecordsCommand)({ ShardIterator: iterator, Limit: this.options.recordsPerCall }));
        },
        sleep,
        onThrottle,
      );
    } catch (error) {
      if (isThrottling(error)) this.stats.throttled++;
      if (errorName(error) === 'ExpiredIteratorException') {
        // Iterators live 5 minutes; a new one after the last record read loses nothing.
        this.stats.iteratorsRenewed++;
        this.iterator = undefined;
        return false;
      }
      throw error;
    }
    const records = result.Records ?? [];
    for (const r of records) {
      const data = r.Data === undefined ? Buffer.alloc(0) : Buffer.from(r.Data.buffer, r.Data.byteOffset, r.Data.byteLength);
      const record: KinesisRecord = {
        sequenceNumber: r.SequenceNumber ?? '',
        data,
        partitionKey: r.PartitionKey ?? '',
        approximateArrivalTimestamp: r.ApproximateArrivalTimestamp,
        shardId: this.shardId,
      };
      this.buffer.push(record);
      this.bufferedBytes += data.length;
    }
    if (records.length > 0) this.lastRead = records[records.length - 1].SequenceNumber;
    this.iterator = result.NextShardIterator ?? undefined;
    if (this.iterator === undefined) {
      this.finished = true;
      return true;
    }
    return records.length < this.options.recordsPerCall && (result.MillisBehindLatest ?? 0) === 0;
  }

  private async getIterator(): Promise<string> {
    let type: ShardIteratorType;
    let sequenceNumber: string | undefined;
    let timestamp: Date | undefined;
    if (this.lastRead !== undefined) {
      type = 'AFTER_SEQUENCE_NUMBER';
      sequenceNumber = this.lastRead;
    } else if (this.start.type === 'AFTER_SEQUENCE_NUMBER') {
      type = 'AFTER_SEQUENCE_NUMBER';
      sequenceNumber = this.start.sequenceNumber;
    } else if (this.start.type === 'AT_TIMESTAMP') {
      type = 'AT_TIMESTAMP';
      timestamp = this.start.timestamp;
    } else if (this.start.type === 'LATEST' && this.latestTakenAt !== undefined) {
      // Renewing a LATEST iterator before any record came: from when the first was taken, not the new tip.
      type = 'AT_TIMESTAMP';
      timestamp = this.latestTakenAt;
    } else {
      type = this.start.type;
    }
    const out = await this.client.send(
      new (kinesisSdk().GetShardIteratorCommand)({ StreamName: this.options.streamName, ShardId: this.shardId, ShardIteratorType: type, StartingSequenceNumber: sequenceNumber, Timestamp: timestamp }),
    );
    if (out.ShardIterator === undefined) throw new Error(`GetShardIterator gave no iterator for ${this.shardId}`);
    if (type === 'LATEST') this.latestTakenAt = new Date(Date.now() - 1000);
    return out.ShardIterator;
  }

  private resolveWaiters(call: number): void {
    if (this.waiters.length === 0) return;
    const keep: CatchUpWaiter[] = [];
    for (const w of this.waiters) {
      if (call > w.afterCall) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  /** Waits `ms` (Infinity: until woken); `wakeable` lets catchUp/take/stop cut it short. */
  private pause(ms: number, wakeable = true): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      let cancel: (() => void) | undefined;
      const done = (): void => {
        cancel?.();
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      if (Number.isFinite(ms)) cancel = systemClock.schedule(systemClock.now() + ms, done);
      if (wakeable) this.wake = done;
      else if (this.stopped) done();
    });
  }
}
