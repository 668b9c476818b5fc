import type { Admin, Message, Producer } from 'kafkajs';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { Time } from '../util/Time';
import { kafkaClient } from './kafkaClient';

/**
 * saveToKafka's exactly-once mode: each batch's messages are written in one Kafka
 * transaction under a fixed `transactional.id`, and the same transaction commits a
 * *marker*: the batch time, as the offset of the output topic's partition 0 for the
 * marker group `eddy-sink-<transactionalId>-<zero time>`. The records and the marker are
 * visible together or not at all.
 *
 * After a crash, recovery re-runs the batches that were not checkpointed as done, with
 * their original times (and, for the Kafka direct stream, the same offset ranges, so the
 * same messages). The restarted sink's first transaction fences the dead driver's
 * producer (Kafka aborts its open transaction, or finishes one it had asked to commit);
 * it then reads the marker, and a batch whose time is at or below it is not written
 * again. Readers must use isolation.level=read_committed (kafkajs consumers and Eddy's
 * direct stream do by default) not to see aborted writes.
 *
 * Holds while batches complete in order (spark.streaming.concurrentJobs = 1, the
 * default). The zero time (restored by recovery, new for a fresh start) keeps a fresh
 * pipeline from being skipped by an older run's marker.
 */
export class TransactionalSink {
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  /** Time of the last batch whose transaction committed (-1: none), read once per producer. */
  private committedUpTo: number | undefined;
  private readonly markerGroup: string;

  constructor(
    private readonly ssc: StreamingContext,
    private readonly brokers: readonly string[],
    private readonly clientId: string,
    private readonly topic: string,
    private readonly transactionalId: string,
  ) {
    this.markerGroup = `eddy-sink-${transactionalId}-${ssc.graph.zeroTime?.milliseconds ?? 0}`;
    const remove = ssc.bus.on('streaming.stopped', () => {
      remove();
      void this.close();
    });
  }

  /**
   * Writes one batch: nothing when it has no messages or its transaction already
   * committed (a re-run after recovery); else the messages and the marker, committed
   * together. Returns whether it wrote.
   */
  async write(time: Time, messages: Message[], chunk: number): Promise<boolean> {
    if (messages.length === 0) return false;
    const producer = await this.connect();
    const tx = await producer.transaction(); // the first one fences a dead driver's producer
    try {
      this.committedUpTo ??= await this.readMarker();
      if (time.milliseconds <= this.committedUpTo) {
        await tx.abort();
        return false;
      }
      for (let i = 0; i < messages.length; i += chunk) await tx.send({ topic: this.topic, messages: messages.slice(i, i + chunk), acks: -1 });
      await tx.sendOffsets({ consumerGroupId: this.markerGroup, topics: [{ topic: this.topic, partitions: [{ partition: 0, offset: String(time.milliseconds) }] }] });
      await tx.commit();
      this.committedUpTo = time.milliseconds;
      return true;
    } catch (error) {
      await tx.abort().catch(() => undefined);
      // A fresh producer (and marker read) next time: a failed transaction can leave this one fenced.
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const [producer, admin] = [this.producer, this.admin];
    this.producer = undefined;
    this.admin = undefined;
    this.committedUpTo = undefined;
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  private async connect(): Promise<Producer> {
    if (this.producer !== undefined) return this.producer;
    const kafka = kafkaClient(this.brokers, this.clientId);
    // why these retries: a transaction's first request after the previous commit is often
    // told CONCURRENT_TRANSACTIONS (its markers are still being written), and a restarted
    // driver's first one waits for the dead driver's transaction to be aborted; both clear
    // in milliseconds, so retry soon and more often than the client's default.
    const producer = kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 12, initialRetryTime: 20, maxRetryTime: 1000 },
    });
    const admin = kafka.admin();
    await producer.connect();
    await admin.connect();
    this.producer = producer;
    this.admin = admin;
    return producer;
  }

  private async readMarker(): Promise<number> {
    const [t] = await (this.admin as Admin).fetchOffsets({ groupId: this.markerGroup, topics: [this.topic] });
    const p = t?.partitions.find((x) => x.partition === 0);
    return p === undefined ? -1 : Number(p.offset);
  }
}
