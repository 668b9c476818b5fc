import * as crypto from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { systemClock } from '../clock/SystemClock';
import { EddyError } from '../errors/EddyError';
import { describeError } from './kafkaClient';
import type { KafkaRecord } from './KafkaRecord';
import { PartitionBuffer } from './PartitionBuffer';
import { partitionKey, type OffsetRange } from './OffsetRange';

export interface RangeFetcherOptions {
  groupId: string;
  readAheadPerPartition: number;
  fetchMaxWaitMs: number;
  warn: (text: string) => void;
}

/**
 * Reads the messages of a direct stream's offset ranges with ONE kafkajs consumer per
 * stream, which streams every partition continuously into per-partition buffers
 * (read-ahead bounded; a full partition is paused and resumed when a batch asks).
 *
 * why a consumer group at all: kafkajs consumers always join one. This one joins a
 * throwaway group of its own (never the user's, whose offsets are only written by
 * commitAsync), commits nothing, and seeks every partition to where the stream's
 * buffers end whenever it (re)joins — after a crash on a lost broker too, so nothing
 * fetched is read twice into a batch and nothing is skipped.
 */
export class RangeFetcher {
  private readonly buffers = new Map<string, PartitionBuffer<Buffer>>();
  private readonly paused = new Set<string>();
  private consumer: Consumer | undefined;
  private topics: string[] = [];
  private stopped = false;
  private restarting: Promise<void> = Promise.resolve();
  private restartPending = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: RangeFetcherOptions,
  ) {
  }

  /**
   * Starts the consumer on `topics` before the starting offsets are known, so that its
   * group join (the slow part of starting) overlaps the stream's own offset lookups.
   * Messages fetched before a partition is added are dropped; adding it seeks there.
   */
  warmUp(topics: readonly string[]): void {
    if (this.consumer !== undefined || topics.length === 0) return;
    this.topics = [...new Set(topics)].sort();
    this.restartPending = true;
    const restart = this.restarting.then(() => this.restartConsumer());
    this.restarting = restart.catch(() => this.scheduleRestart(0));
  }

  /** Adds partitions (with the offset their first range starts at); a new topic restarts the consumer on all of them. */
  async addPartitions(starts: ReadonlyArray<{ topic: string; partition: number; offset: number }>): Promise<void> {
    const added: string[] = [];
    for (const s of starts) {
      const key = partitionKey(s.topic, s.partition);
      const existing = this.buffers.get(key);
      // A partition added before whose start did not go through (broker down) starts over.
      if (existing === undefined || (existing.isUnused() && existing.position !== s.offset)) {
        this.buffers.set(key, new PartitionBuffer<Buffer>(s.offset, this.options.readAheadPerPartition));
        added.push(key);
      }
    }
    const topics = [...new Set([...this.topics, ...starts.map((s) => s.topic)])].sort();
    if (topics.length === this.topics.length && (this.consumer !== undefined || this.restartPending)) {
      // Same topics: once any start in flight is done, point the new partitions at their offsets.
      await this.restarting;
      const consumer = this.consumer;
      if (consumer !== undefined) for (const key of added) this.seekTo(consumer, key);
      return;
    }
    this.topics = topics;
    const restart = this.restarting.then(() => this.restartConsumer());
    this.restarting = restart.catch(() => this.scheduleRestart(0));
    await restart;
  }

  /** Called by the stream at batch generation, in offset order per partition. */
  register(range: OffsetRange): void {
    const key = partitionKey(range.topic, range.partition);
    const buffer = this.buffers.get(key);
    if (buffer === undefined) throw new Error(`internal: no buffer for ${key}`);
    buffer.register(range.fromOffset, range.untilOffset);
    this.updatePause(key, buffer);
  }

  take(range: OffsetRange): Promise<Array<KafkaRecord<Buffer>>> {
    if (this.stopped) return Promise.reject(stoppedError(range));
    const key = partitionKey(range.topic, range.partition);
    const buffer = this.buffers.get(key);
    if (buffer === undefined) return Promise.reject(new Error(`internal: no buffer for ${key}`));
    return buffer.take(range.fromOffset, range.untilOffset);
  }

  release(range: OffsetRange): void {
    const key = partitionKey(range.topic, range.partition);
    const buffer = this.buffers.get(key);
    buffer?.release(range.fromOffset, range.untilOffset);
    if (buffer) this.updatePause(key, buffer);
  }

  /** Stops the consumer; batches still waiting for messages fail. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const [, b] of this.buffers) b.failAll(new EddyError('illegal-state', 'The Kafka direct stream stopped before this batch\'s messages arrived.'));
    await this.restarting.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  /**
   * A new consumer in a new throwaway group. why a new group each time: a consumer that
   * lost its broker cannot leave its group, and rejoining that group would wait out
   * the lost member's session; a fresh group joins at once.
   */
  private async restartConsumer(): Promise<void> {
    if (this.stopped) return;
    this.restartPending = true;
    try {
      await this.startConsumer();
    } finally {
      this.restartPending = false;
    }
  }

  private async startConsumer(): Promise<void> {
    const previous = this.consumer;
    this.consumer = undefined;
    await previous?.disconnect().catch(() => undefined);
    const consumer = this.kafka.consumer({
      groupId: `eddy-direct-${this.options.groupId}-${crypto.randomBytes(6).toString('hex')}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      // Eddy restarts a crashed consumer itself (see above), not kafkajs.
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    this.paused.clear();
    consumer.on(consumer.events.GROUP_JOIN, () => this.onJoin(consumer));
    // A fetch of only transaction markers or aborted messages never reaches eachBatch;
    // its end still moves the partition on (a range may end on a marker).
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      const { topic, partition, batchSize, firstOffset, lastOffset } = e.payload;
      if (batchSize !== 0 || consumer !== this.consumer) return;
      const key = partitionKey(topic, partition);
      const buffer = this.buffers.get(key);
      if (buffer === undefined || firstOffset === null || Number(firstOffset) > buffer.position) return;
      buffer.add(buffer.position, [], Number(lastOffset) + 1);
      this.updatePause(key, buffer);
    });
    consumer.on(consumer.events.CRASH, (e) => {
      if (consumer !== this.consumer || this.stopped) return;
      this.options.warn(
        `Kafka direct stream: the consumer lost the broker (${describeError(e.payload.error)}); ` +
          'it reconnects, and batches waiting for messages go on from where they were once it is back.\n',
      );
      this.scheduleRestart(0);
    });
    try {
      await consumer.connect();
      // Reading from the beginning until the seek below lands keeps the read contiguous:
      // offsets below a buffer's position are skipped, none above it is missed.
      await consumer.subscribe({ topics: this.topics, fromBeginning: true });
      // autoCommit off: the throwaway group's offsets mean nothing; kafkajs still resolves
      // each batch so its next fetch goes on after it.
      await consumer.run({ autoCommit: false, eachBatch: async (payload) => this.onBatch(payload) });
    } catch (error) {
      if (this.consumer === consumer) this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    this.onJoin(consumer);
  }

  /** Tries again and again (backing off up to 5 s) until a consumer runs or the stream stops. */
  private scheduleRestart(attempt: number): void {
    if (this.stopped) return;
    const delay = Math.min(250 * 2 ** attempt, 5000);
    // Network backoff, on the system clock on purpose: stream time may be a manual clock.
    systemClock.schedule(systemClock.now() + delay, () => {
      this.restarting = this.restarting.then(() => this.restartConsumer()).catch(() => this.scheduleRestart(attempt + 1));
    });
  }

  /** After every (re)join: each partition resumes where its buffer ends, pauses re-applied. */
  private onJoin(consumer: Consumer): void {
    if (consumer !== this.consumer || this.stopped) return;
    this.paused.clear();
    for (const key of this.buffers.keys()) if (!this.seekTo(consumer, key)) return;
  }

  /** Seeks one partition to its buffer's position; false when the consumer is not running yet. */
  private seekTo(consumer: Consumer, key: string): boolean {
    const buffer = this.buffers.get(key);
    const [topic, partition] = splitKey(key);
    if (buffer === undefined || !this.topics.includes(topic)) return true;
    try {
      consumer.seek({ topic, partition, offset: String(buffer.position) });
    } catch {
      return false; // not running yet: the GROUP_JOIN of its run() seeks again
    }
    this.updatePause(key, buffer);
    return true;
  }

  private onBatch({ batch }: EachBatchPayload): void {
    const key = partitionKey(batch.topic, batch.partition);
    const buffer = this.buffers.get(key);
    if (buffer === undefined || batch.messages.length === 0) return;
    const { topic, partition } = batch;
    const messages = batch.messages;
    // Kept as bytes (slices of the fetch response, outside the JavaScript heap) until a
    // batch's task reads them: see KafkaRDD.
    const records = new Array<KafkaRecord<Buffer>>(messages.length);
    for (let i = 0; i < messages.length; i++) records[i] = rawRecord(topic, partition, messages[i]);
    // kafkajs 2.2.4 keeps the offset the fetch started at on the batch (untyped).
    const fetchedOffset = Number((batch as unknown as { fetchedOffset: string }).fetchedOffset);
    buffer.add(fetchedOffset, records, Number(batch.lastOffset()) + 1);
    this.updatePause(key, buffer);
  }

  private updatePause(key: string, buffer: PartitionBuffer<Buffer>): void {
    const consumer = this.consumer;
    if (consumer === undefined) return;
    const want = buffer.wantsData();
    if (want === !this.paused.has(key)) return;
    const [topic, partition] = splitKey(key);
    try {
      if (want) consumer.resume([{ topic, partitions: [partition] }]);
      else consumer.pause([{ topic, partitions: [partition] }]);
    } catch {
      return; // not running (between restarts): onJoin applies it
    }
    if (want) this.paused.delete(key);
    else this.paused.add(key);
  }
}

function splitKey(key: string): [string, number] {
  const i = key.lastIndexOf(':');
  return [key.slice(0, i), Number(key.slice(i + 1))];
}

function stoppedError(range: OffsetRange): EddyError {
  return new EddyError('illegal-state', `The Kafka direct stream has stopped; ${range.topic}-${range.partition} offsets ${range.fromOffset}-${range.untilOffset} can no longer be read.`);
}

function rawRecord(topic: string, partition: number, m: KafkaMessage): KafkaRecord<Buffer> {
  return { topic, partition, offset: Number(m.offset), key: m.key, value: m.value, timestamp: Number(m.timestamp) };
}
