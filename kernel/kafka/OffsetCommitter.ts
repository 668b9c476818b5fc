import * as crypto from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { systemClock } from '../clock/SystemClock';
import { partitionKey, type OffsetRange } from './OffsetRange';

const RETRIES = 12;

/**
 * Network backoff, on the system clock on purpose: it paces requests to the broker and
 * has nothing to do with stream time, which may be a manual clock that never moves here.
 */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => systemClock.schedule(systemClock.now() + Math.min(20 * 2 ** attempt, 500), resolve));
}

/**
 * Commits a direct stream's offsets for the user's consumer group (Spark's
 * CanCommitOffsets.commitAsync). Commits are queued, merged (the highest offset per
 * partition wins) and sent one at a time, so memory stays bounded however often
 * batches commit.
 *
 * why a transactional producer: kafkajs 2.2.4 commits offsets only from a consumer that
 * is a running member of the group, or via admin.setOffsets, which joins the group and
 * waits out a fetch (seconds). A transaction's sendOffsets writes a group's offsets
 * without joining it (TxnOffsetCommit), in one round trip per commit, with public API.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, { topic: string; partition: number; offset: number }>();
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private producer: Producer | undefined;
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
  ) {}

  /** Queues the ends of `ranges` as the group's next offsets; resolves once they are committed. */
  commit(ranges: readonly OffsetRange[]): Promise<void> {
    for (const r of ranges) {
      const key = partitionKey(r.topic, r.partition);
      const prev = this.pending.get(key);
      if (prev === undefined || prev.offset < r.untilOffset) this.pending.set(key, { topic: r.topic, partition: r.partition, offset: r.untilOffset });
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private kick(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      if (this.waiters.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.waiters.length > 0) {
      const batch = [...this.pending.values()];
      this.pending.clear();
      const waiters = this.waiters.splice(0);
      try {
        if (this.closed) throw new Error('the stream has stopped');
        if (batch.length > 0) await this.send(batch);
        waiters.forEach((w) => w.resolve());
      } catch (error) {
        waiters.forEach((w) => w.reject(error));
      }
    }
  }

  private async send(offsets: Array<{ topic: string; partition: number; offset: number }>): Promise<void> {
    this.producer ??= this.kafka.producer({
      transactionalId: `eddy-commit-${this.groupId}-${crypto.randomBytes(6).toString('hex')}`,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    const producer = this.producer;
    await producer.connect();
    const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const o of offsets) {
      const list = byTopic.get(o.topic) ?? [];
      list.push({ partition: o.partition, offset: String(o.offset) });
      byTopic.set(o.topic, list);
    }
    const tx = await producer.transaction();
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await tx.sendOffsets({ consumerGroupId: this.groupId, topics });
          break;
        } catch (error) {
          // The previous commit's markers are still being written: Kafka says try again.
          if ((error as { type?: string }).type !== 'CONCURRENT_TRANSACTIONS' || attempt >= RETRIES) throw error;
          await backoff(attempt);
        }
      }
      await tx.commit();
    } catch (error) {
      await tx.abort().catch(() => undefined);
      // A fresh producer next time: a failed transaction can leave this one fenced.
      this.producer = undefined;
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }
}
