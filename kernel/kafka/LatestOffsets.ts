import type { Admin } from 'kafkajs';
import { EddyError } from '../errors/EddyError';
import { describeError } from './kafkaClient';
import { partitionKey } from './OffsetRange';

export interface PartitionOffsets {
  topic: string;
  partition: number;
  /** log start offset */
  low: number;
  /** high watermark (read_committed: the last stable offset) */
  high: number;
}

/**
 * The latest known end offset of every partition of the stream's topics, refreshed
 * with admin.fetchTopicOffsets. A batch is cut from what is known when it is generated
 * (the graph's compute is synchronous), so the stream refreshes this on a timer on the
 * injected clock, and on a manual clock right before each `advance()` step.
 *
 * A topic that does not exist yet is reported once with how to create it; it is looked
 * for again on every refresh. A broker that cannot be reached is reported once per
 * outage; the last known offsets stay, so batches are just empty meanwhile.
 */
export class LatestOffsets {
  readonly latest = new Map<string, PartitionOffsets>();
  private readonly missing = new Set<string>();
  private readonly warnedMissing = new Set<string>();
  private unreachable = false;
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly admin: Admin,
    private readonly topics: readonly string[],
    private readonly brokers: readonly string[],
    private readonly warn: (text: string) => void,
  ) {
    for (const t of topics) this.missing.add(t);
  }

  /** Topics not found on the broker at the last refresh. */
  get missingTopics(): string[] {
    return [...this.missing];
  }

  /** A refresh that starts after this call (joins one already queued). */
  refresh(): Promise<void> {
    if (this.inFlight === undefined) {
      this.inFlight = this.fetch().finally(() => (this.inFlight = undefined));
      return this.inFlight;
    }
    this.queued ??= this.inFlight.then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  private async fetch(): Promise<void> {
    try {
      if (this.missing.size > 0) {
        const existing = new Set(await this.admin.listTopics());
        for (const t of [...this.missing]) if (existing.has(t)) this.missing.delete(t);
        for (const t of this.missing) {
          if (this.warnedMissing.has(t)) continue;
          this.warnedMissing.add(t);
          this.warn(`${missingTopicError(t, this.brokers).message}\n`);
        }
      }
      const present = this.topics.filter((t) => !this.missing.has(t));
      const results = await Promise.all(present.map(async (topic) => ({ topic, offsets: await this.admin.fetchTopicOffsets(topic) })));
      for (const { topic, offsets } of results) {
        for (const o of offsets) {
          this.latest.set(partitionKey(topic, o.partition), { topic, partition: o.partition, low: Number(o.low), high: Number(o.high) });
        }
      }
      if (this.unreachable) {
        this.unreachable = false;
        this.warn(`Kafka direct stream: the broker (${this.brokers.join(',')}) answers again; batches take new messages again.\n`);
      }
    } catch (error) {
      if (!this.unreachable) {
        this.unreachable = true;
        this.warn(
          `Kafka direct stream: cannot read the latest offsets from ${this.brokers.join(',')} (${describeError(error)}); ` +
            'batches take no new messages until the broker answers again, and nothing is lost meanwhile.\n',
        );
      }
    }
  }
}

/** The message for a topic that is not there: which topic, and how to create it. */
export function missingTopicError(topic: string, brokers: readonly string[]): EddyError {
  return new EddyError('io', `Kafka topic "${topic}" does not exist on ${brokers.join(',')}; the direct stream waits for it (its batches are empty until then).`, {
    hint:
      `Create it, e.g. kafka-topics.sh --bootstrap-server ${brokers[0]} --create --topic ${topic} --partitions 1, ` +
      `or with kafkajs admin.createTopics({ topics: [{ topic: '${topic}' }] }); check the spelling of the topic name.`,
  });
}
