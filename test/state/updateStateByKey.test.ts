// Spark's BasicOperationsSuite updateStateByKey cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashPartitioner } from '../../kernel';
import { runStream, sortedBatches } from '../window/harness';

type KV = [string, number];
const sum = (values: number[], state: number | undefined): number => values.reduce((a, b) => a + b, 0) + (state ?? 0);
const inputData = [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];

test('updateStateByKey', async () => {
  const out = await runStream(inputData, (s) => s.map((x): KV => [x, 1]).updateStateByKey(sum));
  assert.deepEqual(sortedBatches(out), [
    [['a', 1]],
    [['a', 2], ['b', 1]],
    [['a', 3], ['b', 2], ['c', 1]],
    [['a', 4], ['b', 3], ['c', 1]],
    [['a', 5], ['b', 3], ['c', 1]],
    [['a', 5], ['b', 3], ['c', 1]],
  ]);
});

test('updateStateByKey - simple with initial value RDD', async () => {
  const out = await runStream(inputData, (s, ssc) => {
    const initial = ssc.sparkContext.parallelize<KV>([['a', 1], ['c', 2]]);
    return s.map((x): KV => [x, 1]).updateStateByKey(sum, new HashPartitioner(2), initial);
  });
  assert.deepEqual(sortedBatches(out), [
    [['a', 2], ['c', 2]],
    [['a', 3], ['b', 1], ['c', 2]],
    [['a', 4], ['b', 2], ['c', 3]],
    [['a', 5], ['b', 3], ['c', 3]],
    [['a', 6], ['b', 3], ['c', 3]],
    [['a', 6], ['b', 3], ['c', 3]],
  ]);
});

test('updateStateByKey - object lifecycle: keys without values are called with [], undefined removes them', async () => {
  class StateObject {
    counter = 0;
    expireCounter = 0;
  }
  const seenEmpty: string[] = [];
  const out = await runStream([['a', 'b'], [], ['a', 'c', 'a'], ['c'], [], []], (s) =>
    s
      .map((x): [string, number] => [x, 1])
      .updateStateByKey<string, number, StateObject>((values, state) => {
        const obj = state ?? new StateObject();
        const n = values.reduce((a, b) => a + b, 0);
        if (n === 0) {
          obj.expireCounter++;
          seenEmpty.push(`${values.length}`);
        } else {
          obj.counter += n;
          obj.expireCounter = 0;
        }
        return obj.expireCounter === 2 ? undefined : obj;
      })
      .mapValues((o) => o.counter),
  );
  assert.deepEqual(sortedBatches(out), [[['a', 1], ['b', 1]], [['a', 1], ['b', 1]], [['a', 3], ['c', 1]], [['a', 3], ['c', 2]], [['c', 2]], []]);
  assert.ok(seenEmpty.length > 0 && seenEmpty.every((n) => n === '0'), 'keys without new values get an empty array');
});

test('updateStateByKey with numPartitions lays the state out in that many partitions', async () => {
  const parts: number[] = [];
  await runStream([['a', 'b', 'c']], (s) =>
    s
      .map((x): KV => [x, 1])
      .updateStateByKey(sum, 3)
      .transform((rdd) => {
        parts.push(rdd.getNumPartitions());
        return rdd;
      }),
  );
  assert.deepEqual(parts, [3]);
});

test('updateStateByKey keys compare by value (tuple keys)', async () => {
  const out = await runStream([[1, 2], [1]], (s) => s.map((x): [[string, number], number] => [['k', x], 1]).updateStateByKey(sum));
  assert.deepEqual(sortedBatches(out), [[[['k', 1], 1], [['k', 2], 1]], [[['k', 1], 2], [['k', 2], 1]]]);
});

test('state RDDs do not build a lineage chain: each is cut once computed', async () => {
  const depths: number[] = [];
  await runStream(
    Array.from({ length: 25 }, () => ['a']),
    (s) =>
      s
        .map((x): KV => [x, 1])
        .updateStateByKey(sum)
        .transform((rdd) => {
          depths.push(rdd.toDebugString().split('\n').length);
          return rdd;
        }),
  );
  assert.ok(Math.max(...depths.slice(5)) <= Math.max(...depths.slice(0, 5)), `lineage lines per batch: ${depths}`);
});
