/**
 * Shared helpers for the integration tests that run against a real Kafka
 * broker (scripts/kafka/KafkaBroker.ts). No mocks of Kafka here.
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { after, before, type TestContext } from 'node:test';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaAvailability, startKafkaBroker, type KafkaBroker } from '../../../scripts/kafka/KafkaBroker';

/**
 * Call first in every Kafka test. Returns true when the test can go on.
 * When java (or mvn, while the jars are not yet fetched) is missing, the
 * test is skipped with "skipped: <why>", unless EDDY_REQUIRE_ALL=1, which
 * makes a missing prerequisite a failure (CI sets it so nothing is quietly
 * left untested).
 */
export function kafkaOrSkip(t: TestContext): boolean {
  const a = kafkaAvailability();
  if (a.ok) return true;
  if (process.env.EDDY_REQUIRE_ALL === '1') {
    throw new Error(`Kafka integration test cannot run (EDDY_REQUIRE_ALL=1): ${a.why}`);
  }
  console.log(`skipped: ${a.why}`);
  t.skip(`skipped: ${a.why}`);
  return false;
}

/** A topic name no other test (or earlier run on a kept dataDir) uses. */
export function randomTopic(prefix = 'eddy-test'): string {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
}

/** A random consumer group id. */
export function randomGroup(prefix = 'eddy-group'): string {
  return randomTopic(prefix);
}

/**
 * A kafkajs client for tests: fails fast, logs only errors (kafkajs logs
 * expected rebalances and retries at INFO/WARN).
 */
export function kafkaClient(brokers: string, clientId = 'eddy-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [brokers],
    logLevel: logLevel.ERROR,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 5, initialRetryTime: 100 },
  });
}

/** Creates a topic and waits until every partition has a leader. */
export async function createTopic(admin: Admin, topic: string, numPartitions = 1): Promise<string> {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions, replicationFactor: 1 }],
    waitForLeaders: true,
    timeout: 10_000,
  });
  if (!created) throw new Error(`topic ${topic} already existed`);
  await waitFor(
    async () => {
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      const parts = md.topics[0]?.partitions ?? [];
      return parts.length === numPartitions && parts.every((p) => p.leader >= 0);
    },
    { what: `leaders for all ${numPartitions} partitions of ${topic}` },
  );
  return topic;
}

export interface WaitForOptions {
  /** give up after this long (default 30 000 ms) */
  timeoutMs?: number;
  /** poll interval (default 100 ms) */
  intervalMs?: number;
  /** what is awaited, for the error message */
  what?: string;
}

/**
 * Polls `check` until it returns true (errors count as "not yet"), or
 * rejects after `timeoutMs` naming what it waited for and the last error.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition' }: WaitForOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Sends `messages` to `topic` in requests of 1000, acks from all replicas; returns how many were sent. */
export async function produce(
  brokers: string,
  topic: string,
  messages: ReadonlyArray<{ key?: string | null; value: string | null; partition?: number }>,
): Promise<number> {
  const { Partitioners } = await import('kafkajs');
  const producer = kafkaClient(brokers, 'eddy-test-producer').producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 1000) {
      await producer.send({ topic, messages: messages.slice(i, i + 1000).map((m) => ({ ...m })), acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
  return messages.length;
}

/**
 * One real broker for a whole test file: started in `before` (when Kafka can run here),
 * stopped with its data directory removed in `after`. A test that restarts the broker
 * hands the new one over with `replace`, so `after` stops whichever runs last.
 */
export class SharedBroker {
  private broker: KafkaBroker | undefined;
  private admin: Admin | undefined;
  private dataDir: string | undefined;
  /** How long `startKafkaBroker()` took in `before`, storage format included. */
  startMs = 0;

  constructor() {
    before(async () => {
      if (!kafkaAvailability().ok) return; // each test then skips (or fails) with the reason
      const t0 = Date.now();
      // keepDataDir: a test may restart a broker on the same directory.
      await this.replace(await startKafkaBroker({ keepDataDir: true }));
      this.startMs = Date.now() - t0;
      this.dataDir = this.broker?.dataDir;
    });
    after(async () => {
      await this.dropAdmin();
      await this.broker?.stop();
      if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
    });
  }

  /** The broker and a connected admin; throws if `before` could not make them. */
  live(): { broker: KafkaBroker; admin: Admin } {
    assert.ok(this.broker && this.admin, 'broker was not started in before()');
    return { broker: this.broker, admin: this.admin };
  }

  /** Disconnects the admin (before the broker is stopped on purpose). */
  async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  /** Makes `broker` the file's broker, with a new connected admin, which it returns. */
  async replace(broker: KafkaBroker): Promise<Admin> {
    this.broker = broker;
    const admin = kafkaClient(broker.brokers).admin();
    await admin.connect();
    this.admin = admin;
    return admin;
  }
}
