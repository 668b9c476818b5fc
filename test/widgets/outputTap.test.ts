import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Milliseconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';
import { outputTap, snapshotOf, tapsOf } from '../../widgets';

function context(): StreamingContext {
  const sc = new SparkContext(new SparkConf().setMaster('local[2]'));
  return new StreamingContext(sc, Milliseconds(1000), { clock: 'manual', out: () => undefined });
}

test('a tap keeps the latest batch of a plain stream as a table and tells its listeners', async () => {
  const ssc = context();
  const stream = ssc.queueStream<string>([['x', 'y', 'z'], ['w']]);
  const tap = outputTap(stream, { k: 2 });
  assert.deepEqual(tapsOf(ssc), [tap]);
  assert.match(tap.label, /#\d+$/);
  const seen: number[] = [];
  tap.onUpdate((s) => seen.push(s.batchTime));
  ssc.start();
  await ssc.advance(1);
  assert.deepEqual(tap.latest(), { kind: 'table', label: tap.label, batchTime: 1000, total: 3, rows: ['x', 'y'] });
  await ssc.advance(1);
  assert.deepEqual(tap.latest()?.rows, ['w']);
  assert.deepEqual(seen, [1000, 2000]);
  await ssc.stop(true);
});

test('a tap must be set up before start, and says so', async () => {
  const ssc = context();
  const stream = ssc.queueStream<number>([]);
  stream.print();
  ssc.start();
  assert.throws(() => outputTap(stream), /before ssc\.start\(\)/);
  await ssc.stop(true);
  const other = context();
  assert.throws(() => outputTap(other.queueStream<number>([]), { k: 0 }), /k must be a positive integer, got 0/);
  await other.stop(true);
});

test('pairs with numeric values become the top k by value, ties by key; other pairs stay a table', () => {
  const bars = snapshotOf([['b', 2], ['a', 2], ['c', 9], [['k', 1], 1]], 'l', 7, 3);
  assert.deepEqual(bars, { kind: 'bars', label: 'l', batchTime: 7, total: 4, rows: [['c', 9], ['a', 2], ['b', 2]] });
  const table = snapshotOf([['a', 'x'], { n: 1 }], 'l', 7, 5);
  assert.deepEqual(table, { kind: 'table', label: 'l', batchTime: 7, total: 2, rows: ['(a,x)', '{"n":1}'] });
});
