/**
 * KinesisInputDStream against a REAL local Kinesis (kinesalite in a child process, one
 * for the whole file; each test uses its own stream). Batches are stepped on the manual
 * clock: `advance()` reads every shard to its tip first, so a step takes everything put
 * before it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalKinesis, type LocalKinesis } from '../../../scripts/kinesis/LocalKinesis';
import { KinesisInitialPositions, KinesisInputDStream } from '../../../kernel';
import { replaySampleToKinesis, sampleInfo } from '../../../samples';
import { context, kinesisOrSkip, perShard, randomName, record, waitFor } from './helpers';

const TIMEOUT = { timeout: 60_000 };
let kinesis: LocalKinesis | undefined;

before(async () => {
  if (kinesisOrSkipQuiet()) kinesis = await startLocalKinesis();
});
after(async () => {
  await kinesis?.stop();
});

function kinesisOrSkipQuiet(): boolean {
  try {
    require.resolve('kinesalite');
    return true;
  } catch {
    return false;
  }
}

function live(): LocalKinesis {
  if (kinesis === undefined) throw new Error('local Kinesis did not start');
  return kinesis;
}

const items = (n: number, prefix: string, keys: number): Array<{ data: string; partitionKey: string }> =>
  Array.from({ length: n }, (_, i) => ({ data: `${prefix}-${i}`, partitionKey: `key-${i % keys}` }));

test('records put across 2 shards arrive exactly once, in order per shard, one partition per shard, ranges matching the puts', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const name = randomName('two-shards');
  await k.createStream(name, 2);
  const put1 = await k.put(name, items(200, 'a', 16));
  const { ssc, errors } = context();
  const stream = KinesisInputDStream.builder()
    .streamingContext(ssc)
    .streamName(name)
    .endpointUrl(k.endpoint)
    .regionName('us-east-1')
    .initialPosition(new KinesisInitialPositions.TrimHorizon())
    .checkpointAppName(randomName('app'))
    .build();
  const batches = record(stream);
  ssc.start();
  await ssc.advance(1);
  const put2 = await k.put(name, items(100, 'b', 16));
  await ssc.advance(2);
  await ssc.stop(false);

  assert.deepEqual(errors, []);
  for (const b of batches) assert.equal(b.partitions, 2, 'one partition per shard');
  const puts = [...put1, ...put2];
  const sent = [...items(200, 'a', 16), ...items(100, 'b', 16)];
  const expected = new Map<string, string[]>();
  puts.forEach((p, i) => expected.set(p.shardId, [...(expected.get(p.shardId) ?? []), sent[i].data]));
  assert.equal(expected.size, 2, 'the puts spread over both shards');
  assert.deepEqual(perShard(batches), expected, 'every record once, in put order per shard');
  // The first batch took what was there before it; the ranges name the put sequence numbers.
  const first = batches[0];
  assert.equal(first.ranges.reduce((n, r) => n + r.recordCount, 0), 200);
  for (const r of first.ranges) {
    const seqs = put1.filter((p) => p.shardId === r.shardId).map((p) => p.sequenceNumber);
    assert.equal(r.fromSeqNumber, seqs[0]);
    assert.equal(r.toSeqNumber, seqs[seqs.length - 1]);
    assert.equal(r.recordCount, seqs.length);
  }
  assert.equal(batches[1].ranges.reduce((n, r) => n + r.recordCount, 0), 100);
  assert.equal(batches[2].ranges.reduce((n, r) => n + r.recordCount, 0), 0);
});

test('TrimHorizon reads what was put before the start, Latest only what is put after it', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const name = randomName('positions');
  await k.createStream(name, 2);
  await k.put(name, items(30, 'old', 5));
  const { ssc, errors } = context();
  const build = (position: InstanceType<typeof KinesisInitialPositions.Latest> | InstanceType<typeof KinesisInitialPositions.TrimHorizon>) =>
    KinesisInputDStream.builder().streamingContext(ssc).streamName(name).endpointUrl(k.endpoint).initialPosition(position).checkpointAppName(randomName('app')).build();
  const fromOldest = record(build(new KinesisInitialPositions.TrimHorizon()));
  const fromLatest = record(build(new KinesisInitialPositions.Latest()));
  ssc.start();
  await ssc.advance(1);
  await k.put(name, items(20, 'new', 5));
  await ssc.advance(1);
  await ssc.stop(false);
  assert.deepEqual(errors, []);
  const all = (batches: typeof fromOldest): string[] => batches.flatMap((b) => b.records.flat()).sort();
  assert.deepEqual(all(fromOldest), [...items(30, 'old', 5), ...items(20, 'new', 5)].map((i) => i.data).sort());
  assert.deepEqual(all(fromLatest), items(20, 'new', 5).map((i) => i.data).sort());
});

test('AtTimestamp starts at records that arrived at or after the time given', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const name = randomName('at-timestamp');
  await k.createStream(name, 2);
  await k.put(name, items(20, 'before', 5));
  await new Promise((r) => setTimeout(r, 50));
  const from = new Date();
  await new Promise((r) => setTimeout(r, 50));
  await k.put(name, items(15, 'after', 5));
  const { ssc, errors } = context();
  const stream = KinesisInputDStream.builder().streamingContext(ssc).streamName(name).endpointUrl(k.endpoint).initialPosition(new KinesisInitialPositions.AtTimestamp(from)).checkpointAppName(randomName('app')).build();
  const batches = record(stream);
  ssc.start();
  await ssc.advance(1);
  await ssc.stop(false);
  assert.deepEqual(errors, []);
  assert.deepEqual(batches.flatMap((b) => b.records.flat()).sort(), items(15, 'after', 5).map((i) => i.data).sort());
});

test('spark.streaming.receiver.maxRate caps each batch; the rest waits for later batches, nothing lost', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const name = randomName('rate');
  await k.createStream(name, 2);
  await k.put(name, items(250, 'r', 9));
  const { ssc, errors } = context({ 'spark.streaming.receiver.maxRate': '100' });
  const stream = KinesisInputDStream.builder().streamingContext(ssc).streamName(name).endpointUrl(k.endpoint).initialPosition(new KinesisInitialPositions.TrimHorizon()).checkpointAppName(randomName('app')).build();
  const batches = record(stream);
  const numRecords: number[] = [];
  ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => void numRecords.push(batchInfo.numRecords) });
  ssc.start();
  await ssc.advance(4);
  await ssc.stop(false);
  assert.deepEqual(errors, []);
  const sizes = batches.map((b) => b.records.flat().length);
  assert.deepEqual(sizes, numRecords, 'numRecords reports each batch');
  assert.ok(sizes.every((n) => n <= 100), `at most 100 a 1 s batch: ${sizes}`);
  assert.equal(sizes.slice(0, 2).reduce((a, b) => a + b, 0) >= 190, true, `full batches while records wait: ${sizes}`);
  assert.deepEqual(batches.flatMap((b) => b.records.flat()).sort(), items(250, 'r', 9).map((i) => i.data).sort());
});

test('replaySampleToKinesis puts a shipped sample into a stream it creates, for the stream to read', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const name = randomName('sample');
  const put = await replaySampleToKinesis('pageviews', { endpointUrl: k.endpoint, streamName: name, shards: 3, speed: Infinity });
  assert.equal(put, sampleInfo('pageviews').records);
  const { ssc, errors } = context();
  const stream = KinesisInputDStream.builder()
    .streamingContext(ssc)
    .streamName(name)
    .endpointUrl(k.endpoint)
    .initialPosition(new KinesisInitialPositions.TrimHorizon())
    .checkpointAppName(randomName('app'))
    .buildWithMessageHandler((r) => r.data.toString().split(',')[0] === r.partitionKey);
  const keyed: boolean[] = [];
  let partitions = 0;
  stream.foreachRDD(async (rdd) => {
    partitions = Math.max(partitions, rdd.getNumPartitions());
    keyed.push(...(await rdd.collect()));
  });
  ssc.start();
  await ssc.advance(1);
  await ssc.stop(false);
  assert.deepEqual(errors, []);
  assert.equal(partitions, 3);
  assert.equal(keyed.length, put);
  assert.ok(keyed.every((x) => x), 'each page view is keyed by its user');
});

test('a shard split mid-stream: the parent is read to its end before its children, nothing lost or repeated', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const name = randomName('split');
  await k.createStream(name, 1);
  await k.put(name, items(50, 'before', 4));
  const { ssc, errors } = context();
  const stream = KinesisInputDStream.builder()
    .streamingContext(ssc)
    .streamName(name)
    .endpointUrl(k.endpoint)
    .initialPosition(new KinesisInitialPositions.TrimHorizon())
    .checkpointAppName(randomName('app'))
    .build();
  const batches = record(stream);
  ssc.start();
  await ssc.advance(1);
  await k.put(name, items(30, 'parent-tail', 4));
  const children = await k.splitShard(name, 'shardId-000000000000');
  assert.equal(children.length, 2);
  await k.put(name, items(60, 'after', 4));
  await ssc.advance(3);
  await ssc.stop(false);

  assert.deepEqual(errors, []);
  const got = perShard(batches);
  assert.deepEqual(got.get('shardId-000000000000'), [...items(50, 'before', 4), ...items(30, 'parent-tail', 4)].map((i) => i.data));
  const childRecords = children.flatMap((c) => got.get(c) ?? []);
  assert.deepEqual([...childRecords].sort(), items(60, 'after', 4).map((i) => i.data).sort());
  // Order per partition key holds across the split: the parent's last batch comes before any child record.
  const lastParent = Math.max(...batches.filter((b) => b.ranges.some((r) => r.shardId === 'shardId-000000000000' && r.recordCount > 0)).map((b) => b.time));
  const firstChild = Math.min(...batches.filter((b) => b.ranges.some((r) => children.includes(r.shardId) && r.recordCount > 0)).map((b) => b.time));
  assert.ok(lastParent < firstChild, `parent finished at ${lastParent}, children started at ${firstChild}`);
  // Per child, records are in put order.
  for (const c of children) {
    const list = got.get(c) ?? [];
    const idx = list.map((d) => Number(d.split('-').pop()));
    assert.deepEqual(idx, [...idx].sort((a, b) => a - b));
  }
  // Once the parent is done it has no partition any more.
  assert.ok(!batches[batches.length - 1].ranges.some((r) => r.shardId === 'shardId-000000000000'));
});

test('a new context with the same checkpointAppName resumes where the last one stopped', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const name = randomName('resume');
  const app = randomName('app');
  await k.createStream(name, 2);
  await k.put(name, items(40, 'first', 8));
  const run = async (): Promise<string[]> => {
    const { ssc, errors } = context();
    const stream = KinesisInputDStream.builder().streamingContext(ssc).streamName(name).endpointUrl(k.endpoint).initialPosition(new KinesisInitialPositions.TrimHorizon()).checkpointAppName(app).build();
    const batches = record(stream);
    ssc.start();
    await ssc.advance(2);
    await ssc.stop(false);
    assert.deepEqual(errors, []);
    return batches.flatMap((b) => b.records.flat());
  };
  assert.deepEqual((await run()).sort(), items(40, 'first', 8).map((i) => i.data).sort());
  await k.put(name, items(25, 'second', 8));
  assert.deepEqual((await run()).sort(), items(25, 'second', 8).map((i) => i.data).sort(), 'only what came after the first context stopped');
});

test('a missing stream is named with the streams that do exist; the stream starts reading once it is created', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const existing = randomName('exists');
  await k.createStream(existing, 1);
  const name = randomName('missing');
  const { ssc, errors } = context();
  const stream = KinesisInputDStream.builder().streamingContext(ssc).streamName(name).endpointUrl(k.endpoint).initialPosition(new KinesisInitialPositions.TrimHorizon()).checkpointAppName(randomName('app')).build();
  const batches = record(stream);
  ssc.start();
  await ssc.advance(1);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], new RegExp(`Kinesis stream "${name}" does not exist at ${k.endpoint}`));
  assert.match(errors[0], new RegExp(existing));
  assert.match(errors[0], /npm run kinesis -- --create/);
  await k.createStream(name, 1);
  await k.put(name, items(5, 'late', 1));
  await waitFor(async () => {
    await ssc.advance(1);
    return batches.flatMap((b) => b.records.flat()).length === 5;
  }, 'the records of the stream created late');
  await ssc.stop(false);
});

test('an endpoint nobody listens on is reported as such, with what to do', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const { ssc, errors } = context();
  const stream = KinesisInputDStream.builder().streamingContext(ssc).streamName('s').endpointUrl('http://127.0.0.1:9').checkpointAppName(randomName('app')).build();
  record(stream);
  ssc.start();
  await ssc.advance(1);
  await ssc.stop(false);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /cannot reach the endpoint http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  assert.match(errors[0], /npm run kinesis/);
});

test('no credentials anywhere: the error says which variables to set', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = live();
  const saved = { ...process.env };
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  delete process.env.AWS_PROFILE;
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
  process.env.AWS_CONFIG_FILE = '/nonexistent/config';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  try {
    const { ssc, errors } = context();
    const stream = KinesisInputDStream.builder().streamingContext(ssc).streamName('s').endpointUrl(k.endpoint).checkpointAppName(randomName('app')).build();
    record(stream);
    ssc.start();
    await ssc.advance(1);
    await ssc.stop(false);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /no AWS credentials were found/);
    assert.match(errors[0], /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  } finally {
    process.env = saved;
  }
});

test('the builder names a missing required parameter', () => {
  assert.throws(() => KinesisInputDStream.builder().streamName('s').checkpointAppName('a').build(), /required parameter streamingContext/);
  const { ssc } = context();
  assert.throws(() => KinesisInputDStream.builder().streamingContext(ssc).checkpointAppName('a').build(), /required parameter streamName/);
  assert.throws(() => KinesisInputDStream.builder().streamingContext(ssc).streamName('s').build(), /required parameter checkpointAppName/);
  assert.throws(() => KinesisInputDStream.builder().endpointUrl('not a url'), /must be a URL/);
});
