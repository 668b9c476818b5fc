/**
 * The Kinesis stream under the service's limits, against a REAL local Kinesis that
 * enforces them (scripts/kinesis/kinesisServer.ts: kinesalite behind a front applying
 * Kinesis's GetRecords-per-shard limit and iterator lifetime, answering as the service
 * does): throttling is retried per spark.streaming.kinesis.retry.*, expired iterators
 * are renewed, and neither loses or repeats a record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalKinesis, type LocalKinesis, type LocalKinesisOptions } from '../../../scripts/kinesis/LocalKinesis';
import { KinesisInitialPositions, KinesisInputDStream } from '../../../kernel';
import { retryOnThrottle } from '../../../kernel/kinesis/retryOnThrottle';
import { context, kinesisOrSkip, perShard, randomName, record, waitFor } from './helpers';

const TIMEOUT = { timeout: 90_000 };

const items = (n: number, prefix: string): Array<{ data: string; partitionKey: string }> => Array.from({ length: n }, (_, i) => ({ data: `${prefix}-${i}`, partitionKey: `key-${i % 7}` }));

async function withKinesis(options: LocalKinesisOptions, body: (k: LocalKinesis) => Promise<void>): Promise<void> {
  const k = await startLocalKinesis(options);
  try {
    await body(k);
  } finally {
    await k.stop();
  }
}

/** Runs a TrimHorizon stream over `name` until `expected` records arrived; returns them per shard, the stream and the errors. */
async function readAll(k: LocalKinesis, name: string, expected: number, conf: Record<string, string>) {
  const { ssc, errors } = context(conf);
  const stream = KinesisInputDStream.builder().streamingContext(ssc).streamName(name).endpointUrl(k.endpoint).initialPosition(new KinesisInitialPositions.TrimHorizon()).checkpointAppName(randomName('app')).build();
  const batches = record(stream);
  ssc.start();
  await waitFor(async () => {
    await ssc.advance(1);
    return batches.reduce((n, b) => n + b.records.flat().length, 0) >= expected;
  }, `${expected} records`, 60_000);
  await ssc.advance(1);
  await ssc.stop(false);
  return { got: perShard(batches), stream, errors };
}

function expectedPerShard(puts: ReadonlyArray<{ shardId: string }>, sent: ReadonlyArray<{ data: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  puts.forEach((p, i) => out.set(p.shardId, [...(out.get(p.shardId) ?? []), sent[i].data]));
  return out;
}

test('throttled reads (ProvisionedThroughputExceededException) back off and retry: every record once, in order', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  await withKinesis({ readsPerShardPerSecond: 2 }, async (k) => {
    const name = randomName('throttled');
    await k.createStream(name, 2);
    const sent = items(400, 'r');
    const puts = await k.put(name, sent);
    const { got, stream, errors } = await readAll(k, name, sent.length, { 'spark.streaming.kinesis.retry.waitTime': '50ms', 'spark.streaming.kinesis.retry.maxAttempts': '8' });
    assert.deepEqual(got, expectedPerShard(puts, sent));
    assert.ok(stream.stats.throttled > 0, `the limit was hit (${JSON.stringify(stream.stats)})`);
    assert.deepEqual(errors, [], 'retries within maxAttempts are not errors');
  });
});

test('when maxAttempts run out the failure is reported, and reading goes on without losing a record', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  await withKinesis({ readsPerShardPerSecond: 1 }, async (k) => {
    const name = randomName('gives-up');
    await k.createStream(name, 1);
    const sent = items(100, 'g');
    const puts = await k.put(name, sent);
    const { got, errors } = await readAll(k, name, sent.length, { 'spark.streaming.kinesis.retry.waitTime': '10ms', 'spark.streaming.kinesis.retry.maxAttempts': '2' });
    assert.deepEqual(got, expectedPerShard(puts, sent));
    assert.ok(errors.some((e) => /gave up after 2 attempts, each throttled \(ProvisionedThroughputExceededException/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /spark\.streaming\.kinesis\.retry\.maxAttempts/.test(e)), 'the message names the setting');
  });
});

test('expired shard iterators are renewed after the last record read, not fatal', TIMEOUT, async (t) => {
  if (!kinesisOrSkip(t)) return;
  await withKinesis({ iteratorTtlMs: 100 }, async (k) => {
    const name = randomName('expiring');
    await k.createStream(name, 2);
    const { ssc, errors } = context();
    const stream = KinesisInputDStream.builder().streamingContext(ssc).streamName(name).endpointUrl(k.endpoint).initialPosition(new KinesisInitialPositions.TrimHorizon()).checkpointAppName(randomName('app')).build();
    const batches = record(stream);
    ssc.start();
    const sent: Array<{ data: string; partitionKey: string }> = [];
    const puts: Array<{ shardId: string }> = [];
    for (let round = 0; round < 4; round++) {
      const more = items(30, `round${round}`);
      puts.push(...(await k.put(name, more)));
      sent.push(...more);
      await ssc.advance(1);
      // Let the iterators age past their lifetime while the shards sit idle.
      await waitFor(() => stream.stats.getRecordsCalls > 0, 'a read');
      await new Promise((r) => setTimeout(r, 300));
    }
    await ssc.advance(1);
    await ssc.stop(false);
    assert.deepEqual(perShard(batches), expectedPerShard(puts, sent));
    assert.ok(stream.stats.iteratorsRenewed > 0, JSON.stringify(stream.stats));
    assert.deepEqual(errors, []);
  });
});

test('retryOnThrottle: waitTime doubles per retry, maxAttempts counts every attempt, other errors are not retried', async () => {
  const throttle = Object.assign(new Error('Rate exceeded for shard'), { name: 'ProvisionedThroughputExceededException' });
  const waits: number[] = [];
  let calls = 0;
  const sleep = async (ms: number): Promise<void> => void waits.push(ms);
  const result = await retryOnThrottle('reading', { maxAttempts: 4, waitTimeMs: 100 }, async () => (++calls < 4 ? Promise.reject(throttle) : 'ok'), sleep);
  assert.equal(result, 'ok');
  assert.deepEqual(waits, [100, 200, 400]);
  calls = 0;
  waits.length = 0;
  await assert.rejects(
    retryOnThrottle('reading', { maxAttempts: 3, waitTimeMs: 10 }, async () => {
      calls++;
      throw throttle;
    }, sleep),
    /gave up after 3 attempts/,
  );
  assert.equal(calls, 3);
  assert.deepEqual(waits, [10, 20]);
  calls = 0;
  await assert.rejects(
    retryOnThrottle('reading', { maxAttempts: 3, waitTimeMs: 10 }, async () => {
      calls++;
      throw Object.assign(new Error('no such stream'), { name: 'ResourceNotFoundException' });
    }, sleep),
    /no such stream/,
  );
  assert.equal(calls, 1);
});
