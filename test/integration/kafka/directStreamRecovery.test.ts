/**
 * Recovery of the Kafka direct stream and its sink, against a REAL broker.
 *
 * saveToKafka with the Kafka direct stream after a crash: a batch
 * whose output was written but not yet recorded as done in the checkpoint is re-run by
 * getOrCreate with the same offset ranges. With a transactionalId the re-run batch is not
 * written again (exactly once per batch time); without one it is (at least once, as
 * documented). The crash is made exactly where it matters: the checkpoint directory is
 * put back as it was before the batch, as a SIGKILL right after the batch's output would
 * leave it. The SIGKILL crash test of the direct stream is test/checkpoint/kafkaCrash.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KafkaUtils, saveToKafka, Seconds, SparkConf, SparkContext, StreamingContext } from '../../../kernel';
import { freePort } from '../../../scripts/net/freePort';
import { createTopic, kafkaClient, kafkaOrSkip, produce, randomGroup, randomTopic, SharedBroker, waitFor } from './helpers';

const shared = new SharedBroker();
const TIMEOUT = { timeout: 90_000 };

/** Runs the scenario; returns the committed values of the output topic, in order. */
async function crashAndRecover(transactionalId: string | undefined): Promise<string[]> {
  const { broker, admin } = shared.live();
  const input = await createTopic(admin, randomTopic('eddy-eos-in'), 1);
  const out = await createTopic(admin, randomTopic('eddy-eos-out'), 1);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-eos-'));
  const dir = path.join(root, 'checkpoint');
  const create = (): StreamingContext => {
    const sc = new SparkContext(new SparkConf().setAppName('eos').setMaster('local[2]'));
    const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => undefined, out: () => undefined });
    ssc.checkpoint(dir);
    const stream = KafkaUtils.createDirectStream(ssc, { brokers: broker.brokers, topics: [input], groupId: randomGroup('eddy-eos'), startingOffsets: 'earliest' });
    saveToKafka(stream.map((r) => `${r.value}`), { brokers: broker.brokers, topic: out, transactionalId });
    return ssc;
  };
  const values = (prefix: string, n: number): Array<{ value: string }> => Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}` }));
  try {
    const first = StreamingContext.getOrCreate(dir, create);
    first.start();
    await produce(broker.brokers, input, values('a', 5));
    await first.advance(1); // batch 1000: a0..a4, written and checkpointed as done
    await first.checkpointing.flush();
    fs.cpSync(dir, `${dir}.before-batch-2`, { recursive: true });
    await produce(broker.brokers, input, values('b', 3));
    await first.advance(1); // batch 2000: b0..b2 written...
    await first.stop(true);
    // ...and the driver dies before its checkpoint says so.
    fs.rmSync(dir, { recursive: true });
    fs.renameSync(`${dir}.before-batch-2`, dir);

    const second = StreamingContext.getOrCreate(dir, create);
    second.start();
    await second.advance(1); // batch 2000 again: the same range, b0..b2
    await produce(broker.brokers, input, values('c', 1));
    await second.advance(1); // batch 3000: c0
    await second.stop(true);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  // A last message written after everything, so the reader knows it has read all before it.
  await produce(broker.brokers, out, [{ value: 'end' }]);
  const got: string[] = [];
  const consumer = kafkaClient(broker.brokers).consumer({ groupId: randomGroup('eddy-eos-read'), maxWaitTimeInMs: 100, readUncommitted: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: out, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push(String(message.value)) });
    await waitFor(() => got.includes('end'), { what: 'the last message of the output topic' });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

test('saveToKafka with a transactionalId: a batch re-run after recovery is not written again (exactly once)', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const got = await crashAndRecover(randomTopic('eddy-eos-tx'));
  assert.deepEqual(got, ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'c0', 'end']);
});

test('saveToKafka without one: the re-run batch is written twice (at least once, as documented)', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const got = await crashAndRecover(undefined);
  assert.deepEqual(got, ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b0', 'b1', 'b2', 'c0', 'end']);
});

test('a restart that cannot reach the broker keeps the stream position in its checkpoints: the next restart reads on, not from the start again', TIMEOUT, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = shared.live();
  const input = await createTopic(admin, randomTopic('eddy-pos-in'), 1);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-pos-'));
  const dir = path.join(root, 'checkpoint');
  const group = randomGroup('eddy-pos');
  const read: string[] = [];
  const create = (brokers: string) => (): StreamingContext => {
    const sc = new SparkContext(new SparkConf().setAppName('pos').setMaster('local[2]'));
    const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => undefined, out: () => undefined });
    ssc.checkpoint(dir);
    const stream = KafkaUtils.createDirectStream(ssc, { brokers, topics: [input], groupId: group, startingOffsets: 'earliest' });
    stream.foreachRDD(async (rdd) => void read.push(...(await rdd.collect()).map((r) => String(r.value))));
    return ssc;
  };
  try {
    await produce(broker.brokers, input, [{ value: 'a0' }, { value: 'a1' }, { value: 'a2' }]);
    const first = StreamingContext.getOrCreate(dir, create(broker.brokers));
    first.start();
    await first.advance(1);
    await first.stop(true);
    assert.deepEqual(read, ['a0', 'a1', 'a2']);
    // Restarted where no broker answers: its batches read nothing, and outlive the remembered range.
    const second = StreamingContext.getOrCreate(dir, create(`127.0.0.1:${await freePort()}`));
    second.start();
    await second.advance(5);
    await second.stop(true);
    assert.deepEqual(read, ['a0', 'a1', 'a2']);
    const third = StreamingContext.getOrCreate(dir, create(broker.brokers));
    third.start();
    await produce(broker.brokers, input, [{ value: 'b0' }, { value: 'b1' }]);
    await third.advance(1);
    await third.stop(true);
    assert.deepEqual(read, ['a0', 'a1', 'a2', 'b0', 'b1'], 'the third run reads on after a2, none read twice');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
