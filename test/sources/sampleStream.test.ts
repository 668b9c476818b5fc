import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { collectBatches, receiverContext, settle, stopActive } from '../receiver/helpers';

afterEach(stopActive);

const dir = path.join(__dirname, 'fixtures', 'samples');

test('a sample replays with its recorded timing scaled by speed, then ends', async () => {
  const { ssc } = receiverContext();
  const batches = collectBatches(ssc.sampleStream('tiny', { speed: 2, dir }));
  ssc.start();
  await settle();
  await ssc.advance(3);
  // speed 2: offsets 0, 0, 200 ms, 750 ms → all in the first second; nothing after
  assert.deepEqual(batches.map((b) => b.partitions.flat()), [['alpha', 'beta', 'gamma', 'delta'], [], []]);
});

test('at speed 1 records land in the batch of their offset; loop starts over after durationMs', async () => {
  const { ssc } = receiverContext();
  const batches = collectBatches(ssc.sampleStream('tiny', { loop: true, dir }));
  ssc.start();
  await settle();
  await ssc.advance(4);
  assert.deepEqual(batches.map((b) => b.partitions.flat()), [
    ['alpha', 'beta', 'gamma'],
    ['delta'],
    ['alpha', 'beta', 'gamma'],
    ['delta'],
  ]);
});

test('the replay obeys spark.streaming.receiver.maxRate: it falls behind, skipping nothing', async () => {
  const { ssc } = receiverContext({ 'spark.streaming.receiver.maxRate': '2' });
  const batches = collectBatches(ssc.sampleStream('tiny', { dir }));
  ssc.start();
  await settle();
  await ssc.advance(3);
  // 2 records/s, tokens refilled from zero: alpha at 0.6 s, beta at 1 s, gamma at 1.6 s, delta at 2 s
  assert.deepEqual(batches.map((b) => b.partitions.flat()), [['alpha', 'beta'], ['gamma', 'delta'], []]);
});

test('the shipped samples load, and an unknown name lists the known ones', () => {
  const { ssc } = receiverContext();
  assert.throws(() => ssc.sampleStream('nope', { dir }), /no sample named "nope".*Known samples: tiny/);
  assert.throws(() => ssc.sampleStream('tiny', { speed: 0, dir }), /positive speed, got 0/);
  assert.ok(ssc.sampleStream('words') !== undefined);
});
