/**
 * The direct Kafka stream, saveToKafka and their failure modes against a REAL broker
 * (scripts/kafka/KafkaBroker.ts): one broker for the whole file, tests in order, the
 * last one restarting it on the same data directory and port.
 *
 * Batches are stepped with the manual clock: `advance()` reads the latest offsets
 * first, so a step takes everything produced before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Admin } from 'kafkajs';
import { startKafkaBroker } from '../../../scripts/kafka/KafkaBroker';
import { KafkaUtils, saveToKafka, SparkConf, SparkContext, StreamingContext, Seconds } from '../../../kernel';
import type { DirectKafkaInputDStream, KafkaRecord, OffsetRange } from '../../../kernel';
import { createTopic, kafkaClient, kafkaOrSkip, produce, randomGroup, randomTopic, SharedBroker, waitFor } from './helpers';

const TIMEOUT = { timeout: 60_000 };
const shared = new SharedBroker();
const live = (): ReturnType<SharedBroker['live']> => shared.live();

interface Batch {
  time: number;
  ranges: OffsetRange[];
  partitions: number;
  records: Array<KafkaRecord<string>>;
}

/** A manual-clock context on a fresh SparkContext; errors and warnings are kept in `errors`. */
function context(conf: Record<string, string> = {}): { ssc: StreamingContext; errors: string[] } {
  const c = new SparkConf().setAppName('kafka-test').setMaster('local[2]');
  for (const [k, v] of Object.entries(conf)) c.set(k, v);
  const errors: string[] = [];
  const ssc = new StreamingContext(new SparkContext(c), Seconds(1), { clock: 'manual', err: (t) => void errors.push(t), out: () => undefined });
  return { ssc, errors };
}

/** Keeps every batch of `stream`: its ranges, partition count and records; commits after output when asked. */
function record(stream: DirectKafkaInputDStream<string>, commit = false): Batch[] {
  const batches: Batch[] = [];
  stream.foreachRDD(async (rdd, time) => {
    const ranges = KafkaUtils.offsetRanges(rdd);
    batches.push({ time: time.milliseconds, ranges, partitions: rdd.getNumPartitions(), records: await rdd.collect() });
    if (commit) await stream.commitAsync(ranges);
  });
  return batches;
}

const messages = (n: number, prefix: string): Array<{ key: string; value: string }> =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}-k${i}`, value: `${prefix}-${i}` }));

async function highWatermarks(a: Admin, topic: string): Promise<Map<number, number>> {
  return new Map((await a.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
}

const topic = randomTopic('eddy-direct');
const group = randomGroup('eddy-direct');

test('every message produced arrives exactly once, one RDD partition per topic-partition, ranges matching the log', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  await createTopic(admin, topic, 3);
  await produce(broker.brokers, topic, messages(3000, 'a'));
  const { ssc } = context();
  const stream = KafkaUtils.createDirectStream(ssc, { brokers: broker.brokers, topics: [topic], groupId: group, startingOffsets: 'earliest' });
  const batches = record(stream, true);
  const numRecords: number[] = [];
  ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => void numRecords.push(batchInfo.numRecords) });
  ssc.start();
  try {
    await ssc.advance(1);
    await produce(broker.brokers, topic, messages(300, 'b'));
    await ssc.advance(2);
  } finally {
    await ssc.stop(true);
  }
  assert.equal(batches.length, 3);
  assert.deepEqual(batches.map((b) => b.partitions), [3, 3, 3]);
  assert.deepEqual(numRecords, [3000, 300, 0]);
  const values = batches.flatMap((b) => b.records.map((r) => r.value));
  assert.equal(values.length, 3300);
  assert.equal(new Set(values).size, 3300, 'no duplicates');
  assert.deepEqual(new Set(batches[0].records.map((r) => r.value)), new Set(messages(3000, 'a').map((m) => m.value)));
  assert.deepEqual(new Set(batches[1].records.map((r) => r.value)), new Set(messages(300, 'b').map((m) => m.value)));

  const high = await highWatermarks(admin, topic);
  for (const [i, b] of batches.entries()) {
    for (const r of b.ranges) {
      const inRange = b.records.filter((x) => x.partition === r.partition);
      assert.equal(inRange.length, r.untilOffset - r.fromOffset, `batch ${i} partition ${r.partition}: one record per offset`);
      assert.ok(inRange.every((x) => x.topic === topic && x.offset >= r.fromOffset && x.offset < r.untilOffset));
    }
  }
  // Ranges are contiguous: batch 1 starts where batch 0 ended, and the last ends at the log's end.
  for (const p of [0, 1, 2]) {
    const chain = batches.map((b) => b.ranges.find((r) => r.partition === p) as OffsetRange);
    assert.equal(chain[0].fromOffset, 0);
    assert.equal(chain[1].fromOffset, chain[0].untilOffset);
    assert.equal(chain[2].fromOffset, chain[1].untilOffset);
    assert.equal(chain[2].untilOffset, high.get(p));
  }
  const first = batches[0].records[0];
  assert.equal(first.key, first.value === null ? null : first.value.replace(/^a-/, 'a-k'));
  assert.equal(typeof first.timestamp, 'number');
});

test('commitAsync stores the offsets; a new stream of the same group starts right after them', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  const high = await highWatermarks(admin, topic);
  const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  for (const p of committed[0].partitions) assert.equal(Number(p.offset), high.get(p.partition), `committed offset of partition ${p.partition}`);

  await produce(broker.brokers, topic, messages(90, 'c'));
  // 'earliest' would re-read everything: the committed offsets must win.
  const { ssc } = context();
  const stream = KafkaUtils.createDirectStream(ssc, { brokers: broker.brokers, topics: topic, groupId: group, startingOffsets: 'earliest' });
  const batches = record(stream);
  ssc.start();
  try {
    await ssc.advance(1);
  } finally {
    await ssc.stop(true);
  }
  assert.deepEqual(batches[0].records.map((r) => r.value).sort(), messages(90, 'c').map((m) => m.value).sort());
  for (const r of batches[0].ranges) assert.equal(r.fromOffset, high.get(r.partition));
});

test("startingOffsets 'latest' (the default) skips what was there before the stream started", TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker } = live();
  const { ssc } = context();
  const stream = KafkaUtils.createDirectStream(ssc, { brokers: broker.brokers, topics: [topic], groupId: randomGroup('eddy-latest') });
  const batches = record(stream);
  ssc.start();
  try {
    await ssc.advance(1);
    await produce(broker.brokers, topic, messages(5, 'd'));
    await ssc.advance(1);
  } finally {
    await ssc.stop(true);
  }
  assert.equal(batches[0].records.length, 0);
  assert.deepEqual(batches[1].records.map((r) => r.value).sort(), messages(5, 'd').map((m) => m.value).sort());
});

test('spark.streaming.kafka.maxRatePerPartition caps each batch per partition', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  const capped = await createTopic(admin, randomTopic('eddy-capped'), 2);
  await produce(broker.brokers, capped, [
    ...Array.from({ length: 250 }, (_, i) => ({ value: `p0-${i}`, partition: 0 })),
    ...Array.from({ length: 120 }, (_, i) => ({ value: `p1-${i}`, partition: 1 })),
  ]);
  const { ssc } = context({ 'spark.streaming.kafka.maxRatePerPartition': '100' });
  const stream = KafkaUtils.createDirectStream(ssc, { brokers: broker.brokers, topics: [capped], groupId: randomGroup('eddy-capped'), startingOffsets: 'earliest' });
  const batches = record(stream);
  ssc.start();
  try {
    await ssc.advance(4);
  } finally {
    await ssc.stop(true);
  }
  const per = (p: number): number[] => batches.map((b) => b.records.filter((r) => r.partition === p).length);
  assert.deepEqual(per(0), [100, 100, 50, 0]); // 100 records/s × 1 s batches
  assert.deepEqual(per(1), [100, 20, 0, 0]);
  assert.deepEqual(batches.flatMap((b) => b.records.filter((r) => r.partition === 0).map((r) => r.offset)), Array.from({ length: 250 }, (_, i) => i));
});

test('saveToKafka writes each element of a stream to a topic (read back with a kafkajs consumer)', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  const out = await createTopic(admin, randomTopic('eddy-sink'), 1);
  const { ssc } = context();
  const queue: Array<Array<[string, number]>> = [
    [['a', 1], ['b', 2]],
    [['c', 3]],
  ];
  const pairs = ssc.queueStream(queue);
  saveToKafka(pairs, { brokers: broker.brokers, topic: out, key: ([k]) => k });
  saveToKafka(pairs.map(([k]) => k), { brokers: broker.brokers, topic: out });
  ssc.start();
  try {
    await ssc.advance(2);
  } finally {
    await ssc.stop(true);
  }
  const consumer = kafkaClient(broker.brokers).consumer({ groupId: randomGroup('eddy-sink-read'), maxWaitTimeInMs: 100 });
  const got: Array<[string | null, string]> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: out, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push([message.key?.toString() ?? null, String(message.value)]) });
    await waitFor(() => got.length >= 6, { what: '6 messages written by saveToKafka' });
  } finally {
    await consumer.disconnect();
  }
  // Batch 1 before batch 2; within a batch the RDD's two partitions are sent concurrently.
  const sorted = (x: Array<[string | null, string]>): string[] => x.map((m) => JSON.stringify(m)).sort();
  assert.deepEqual(sorted(got.slice(0, 4)), sorted([['a', '(a,1)'], ['b', '(b,2)'], [null, 'a'], [null, 'b']]));
  assert.deepEqual(sorted(got.slice(4)), sorted([['c', '(c,3)'], [null, 'c']]));
});

test('a topic that does not exist: a warning naming it and how to create it; the stream reads it once it exists', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = live();
  const missing = randomTopic('eddy-missing');
  const { ssc, errors } = context();
  const stream = KafkaUtils.createDirectStream(ssc, { brokers: broker.brokers, topics: [missing], groupId: randomGroup('eddy-missing') });
  const batches = record(stream);
  ssc.start();
  try {
    await ssc.advance(2);
    const warning = errors.join('');
    assert.match(warning, new RegExp(`Kafka topic "${missing}" does not exist on ${broker.brokers.replace(/\./g, '\\.')}`));
    assert.match(warning, /kafka-topics\.sh --bootstrap-server .* --create --topic/);
    assert.equal(warning.split(missing).length - 1 >= 1 && errors.filter((e) => e.includes('does not exist')).length, 1, 'warned once');
    assert.deepEqual(batches.map((b) => b.partitions), [0, 0]);
    assert.ok(!(await admin.listTopics()).includes(missing), 'the stream must not auto-create the topic');

    await createTopic(admin, missing, 1);
    await produce(broker.brokers, missing, messages(4, 'e'));
    await ssc.advance(1);
  } finally {
    await ssc.stop(true);
  }
  // A topic that appears later is read from its beginning: all of it is new to the stream.
  assert.deepEqual(batches[2].records.map((r) => r.value), messages(4, 'e').map((m) => m.value));
});

test('broker down mid-stream: warnings, empty batches meanwhile, nothing lost or repeated once it is back', { timeout: 90_000 }, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker: first, admin: firstAdmin } = live();
  const restartTopic = await createTopic(firstAdmin, randomTopic('eddy-restart'), 2);
  await produce(first.brokers, restartTopic, messages(100, 'f'));
  const { ssc, errors } = context();
  const stream = KafkaUtils.createDirectStream(ssc, { brokers: first.brokers, topics: [restartTopic], groupId: randomGroup('eddy-restart'), startingOffsets: 'earliest' });
  const batches = record(stream);
  ssc.start();
  try {
    await ssc.advance(1);
    assert.equal(batches[0].records.length, 100);

    const t0 = Date.now();
    await shared.dropAdmin();
    await first.stop();
    const t1 = Date.now();
    await ssc.advance(1); // the offsets cannot be read: an empty batch, not a failure
    t.diagnostic(`broker stop ${t1 - t0} ms, a step while it is down ${Date.now() - t1} ms`);
    assert.equal(batches[1].records.length, 0);
    assert.match(errors.join(''), /cannot read the latest offsets .* nothing is lost/);

    const t4 = Date.now();
    const broker = await startKafkaBroker({ dataDir: first.dataDir, port: first.port });
    t.diagnostic(`broker restart ${Date.now() - t4} ms`);
    await shared.replace(broker);
    const t2 = Date.now();
    await produce(broker.brokers, restartTopic, messages(50, 'g'));
    const t3 = Date.now();
    await ssc.advance(1);
    t.diagnostic(`produce after restart ${t3 - t2} ms, the step after it ${Date.now() - t3} ms`);
  } finally {
    await ssc.stop(true);
  }
  assert.match(errors.join(''), /answers again/);
  const values = batches.flatMap((b) => b.records.map((r) => r.value));
  assert.deepEqual(values.sort(), [...messages(100, 'f'), ...messages(50, 'g')].map((m) => m.value).sort());
});
