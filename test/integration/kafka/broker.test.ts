/**
 * Integration test against a REAL Apache Kafka broker started by
 * scripts/kafka/KafkaBroker.ts (single node, KRaft). kafkajs talks to it over
 * TCP on 127.0.0.1; nothing is mocked.
 *
 * The tests share one broker and run in order (node:test runs a file's
 * top-level tests one at a time): create a topic, produce into it, consume
 * it back, then restart the broker on the same data directory.
 *
 *   node --require ts-node/register/transpile-only --test test/integration/kafka/broker.test.ts
 *
 * Without java (or mvn, before the jars are fetched) every test is skipped
 * with "skipped: <why>"; with EDDY_REQUIRE_ALL=1 they fail instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { KAFKA_VERSION, isPortFree, startKafkaBroker } from '../../../scripts/kafka/KafkaBroker';
import { createTopic, kafkaClient, kafkaOrSkip, randomGroup, randomTopic, SharedBroker, waitFor } from './helpers';

const MESSAGES = 10_000;
const PARTITIONS = 3;
const TIMEOUT = { timeout: 120_000 };

const shared = new SharedBroker();
const live = (): ReturnType<SharedBroker['live']> => shared.live();
const topic = randomTopic('eddy-broker-test');
const group = randomGroup('eddy-broker-test');

async function highWatermarks(a: Admin, t: string): Promise<Map<number, number>> {
  const offsets = await a.fetchTopicOffsets(t);
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
}

const sum = (m: Map<number, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

test('a real Kafka broker starts on 127.0.0.1 and answers kafkajs', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  const cluster = await admin.describeCluster();
  assert.equal(cluster.clusterId, broker.clusterId);
  assert.equal(cluster.brokers.length, 1);
  assert.equal(`${cluster.brokers[0].host}:${cluster.brokers[0].port}`, broker.brokers);
  assert.ok(Array.isArray(await admin.listTopics()));
  t.diagnostic(
    `Kafka ${KAFKA_VERSION}: JVM to ready ${broker.startupMs} ms; startKafkaBroker() total ${shared.startMs} ms (incl. storage format)`,
  );
});

test(`creates a topic with ${PARTITIONS} partitions`, TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { admin } = live();
  await createTopic(admin, topic, PARTITIONS);
  assert.ok((await admin.listTopics()).includes(topic));
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  assert.equal(md.topics[0].partitions.length, PARTITIONS);
  assert.ok(md.topics[0].partitions.every((p) => p.leader === 1));
});

test(`produces ${MESSAGES} messages and the topic offsets add up`, TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  // The explicit partitioner silences kafkajs 2's "default partitioner changed" warning.
  const producer: Producer = kafkaClient(broker.brokers, 'eddy-test-producer').producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const t0 = Date.now();
  try {
    const perSend = 1000;
    for (let start = 0; start < MESSAGES; start += perSend) {
      const messages = Array.from({ length: perSend }, (_, j) => {
        const i = start + j;
        return { key: `k${i}`, value: JSON.stringify({ i }) };
      });
      const acks = await producer.send({ topic, messages, acks: -1 });
      assert.ok(acks.every((r) => r.errorCode === 0));
    }
  } finally {
    await producer.disconnect();
  }
  t.diagnostic(`produced ${MESSAGES} messages in ${Date.now() - t0} ms`);

  const high = await highWatermarks(admin, topic);
  assert.equal(high.size, PARTITIONS);
  assert.equal(sum(high), MESSAGES);
  // keyed by murmur2 over 10k distinct keys: every partition gets some
  for (const [p, n] of high) assert.ok(n > 0, `partition ${p} got no messages`);
});

test(`consumes all ${MESSAGES} back with eachBatch and commits the group's offsets`, TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  const consumer: Consumer = kafkaClient(broker.brokers, 'eddy-test-consumer').consumer({
    groupId: group,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 100,
  });
  const seen = new Set<number>();
  let duplicates = 0;
  const lastOffset = new Map<number, number>();
  let outOfOrder = 0;
  const t0 = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false, // committed explicitly below, to test commitOffsets
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        for (const m of batch.messages) {
          const i = (JSON.parse(String(m.value)) as { i: number }).i;
          assert.equal(String(m.key), `k${i}`);
          if (seen.has(i)) duplicates++;
          seen.add(i);
          const off = Number(m.offset);
          if (off <= (lastOffset.get(batch.partition) ?? -1)) outOfOrder++;
          lastOffset.set(batch.partition, off);
          resolveOffset(m.offset);
        }
        await heartbeat();
      },
    });
    await waitFor(() => seen.size >= MESSAGES, { timeoutMs: 60_000, what: `${MESSAGES} messages` });
    t.diagnostic(`consumed ${MESSAGES} messages in ${Date.now() - t0} ms (incl. group join)`);
    assert.equal(seen.size, MESSAGES);
    assert.equal(duplicates, 0);
    assert.equal(outOfOrder, 0, 'offsets within a partition must increase');

    // Commit "next offset to read" per partition, as Kafka defines it.
    await consumer.commitOffsets(
      [...lastOffset].map(([partition, off]) => ({ topic, partition, offset: String(off + 1) })),
    );
  } finally {
    await consumer.disconnect();
  }

  const high = await highWatermarks(admin, topic);
  const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  assert.equal(committed.length, 1);
  const parts = committed[0].partitions;
  assert.equal(parts.length, PARTITIONS);
  for (const p of parts) assert.equal(Number(p.offset), high.get(p.partition), `partition ${p.partition}`);
});

test('admin sets offsets for an idle group and a consumer resumes exactly there', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  const resumeGroup = randomGroup('eddy-resume');
  const high = await highWatermarks(admin, topic);
  const back = 2; // re-read the last 2 messages of each partition
  // (kafkajs runs a throwaway consumer for this and waits out its first
  // fetch, maxWaitTimeInMs 5 s: this test is slow for that reason alone)
  await admin.setOffsets({
    groupId: resumeGroup,
    topic,
    partitions: [...high].map(([partition, h]) => ({ partition, offset: String(h - back) })),
  });
  const fetched = await admin.fetchOffsets({ groupId: resumeGroup, topics: [topic] });
  for (const p of fetched[0].partitions) assert.equal(Number(p.offset), (high.get(p.partition) ?? 0) - back);

  const consumer = kafkaClient(broker.brokers, 'eddy-test-resume').consumer({
    groupId: resumeGroup,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 100,
  });
  const got: Array<{ partition: number; offset: number }> = [];
  await consumer.connect();
  try {
    // fromBeginning is ignored when the group has committed offsets.
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) got.push({ partition: batch.partition, offset: Number(m.offset) });
      },
    });
    await waitFor(() => got.length >= back * PARTITIONS, { what: `${back * PARTITIONS} re-read messages` });
    await new Promise((r) => setTimeout(r, 500)); // nothing more should arrive
  } finally {
    await consumer.disconnect();
  }
  assert.equal(got.length, back * PARTITIONS);
  for (const g of got) assert.ok(g.offset >= (high.get(g.partition) ?? 0) - back);
});

test('stop() shuts the broker down; a restart on the same dataDir keeps topics and offsets', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker: first } = live();
  await shared.dropAdmin();
  const t0 = Date.now();
  await first.stop();
  t.diagnostic(`stop() took ${Date.now() - t0} ms`);
  const exit = await first.exited;
  assert.ok(exit.code !== null || exit.signal !== null);
  assert.ok(await isPortFree(first.port), 'port is released after stop()');
  assert.ok(fs.existsSync(first.dataDir), 'keepDataDir kept the data');
  await first.stop(); // idempotent

  const broker = await startKafkaBroker({ dataDir: first.dataDir });
  const admin = await shared.replace(broker);
  assert.equal(broker.clusterId, first.clusterId, 'same cluster, not a re-format');
  assert.ok((await admin.listTopics()).includes(topic));
  assert.equal(sum(await highWatermarks(admin, topic)), MESSAGES);
  // After a restart the group coordinator reloads __consumer_offsets in the
  // background; until then OffsetFetch answers NOT_COORDINATOR, which kafkajs'
  // admin.fetchOffsets does not retry.
  const restarted = admin;
  let total = -1;
  await waitFor(
    async () => {
      const committed = await restarted.fetchOffsets({ groupId: group, topics: [topic] });
      total = committed[0].partitions.reduce((a, p) => a + Number(p.offset), 0);
      return true;
    },
    { what: 'committed offsets after restart' },
  );
  assert.equal(total, MESSAGES);
});
