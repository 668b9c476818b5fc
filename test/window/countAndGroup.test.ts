// Spark's WindowOperationsSuite countByWindow, countByValueAndWindow, groupByKeyAndWindow and reduceByWindow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Seconds } from '../../kernel';
import { runStream, sorted, sortedBatches } from './harness';

type KV = [string, number];
const one = (k: string): KV => [k, 1];

test('countByWindow: counts per window, 0 once the window has emptied', async () => {
  const out = await runStream([[1], [1], [1, 2], [0], [], []], (s) => s.countByWindow(Seconds(2), Seconds(1)));
  assert.deepEqual(out, [[1], [2], [3], [3], [1], [0]]);
});

test('countByWindow: nothing before the first element arrives', async () => {
  const out = await runStream([[], [7], []], (s) => s.countByWindow(Seconds(2), Seconds(1)), { numBatches: 4 });
  assert.deepEqual(out, [[], [1], [1], [0]]);
});

test('countByValueAndWindow', async () => {
  const out = await runStream([['a'], ['b', 'b'], ['a', 'b']], (s) => s.countByValueAndWindow(Seconds(2), Seconds(1)));
  assert.deepEqual(sortedBatches(out), [[['a', 1]], [['a', 1], ['b', 2]], [['a', 1], ['b', 3]]]);
});

test('countByValueAndWindow drops values whose count fell to 0', async () => {
  const out = await runStream([['a'], ['b'], [], []], (s) => s.countByValueAndWindow(Seconds(2), Seconds(1)));
  assert.deepEqual(sortedBatches(out), [[['a', 1]], [['a', 1], ['b', 1]], [['b', 1]], []]);
});

test('groupByKeyAndWindow', async () => {
  const input: KV[][] = [
    [one('a')],
    [one('a'), one('b')],
    [one('a'), one('b'), one('c')],
    [one('a'), one('b')],
    [one('a')],
    [],
  ];
  const out = await runStream(input, (s) => s.groupByKeyAndWindow(Seconds(2), Seconds(1)));
  const grouped = out.map((b) => sorted(b.map(([k, vs]) => [k, vs.length])));
  assert.deepEqual(grouped, [
    [['a', 1]],
    [['a', 2], ['b', 1]],
    [['a', 2], ['b', 2], ['c', 1]],
    [['a', 2], ['b', 2], ['c', 1]],
    [['a', 2], ['b', 1]],
    [['a', 1]],
  ]);
});

test('groupByKeyAndWindow does not change the cached groups of earlier batches', async () => {
  const input: KV[][] = [[['k', 1]], [['k', 2]], [['k', 3]]];
  const out = await runStream(input, (s) => s.groupByKeyAndWindow(Seconds(3)));
  assert.deepEqual(out.map((b) => b.map(([k, vs]) => [k, [...vs].sort()])), [[['k', [1]]], [['k', [1, 2]]], [['k', [1, 2, 3]]]]);
});

test('reduceByWindow, both forms; the plain one gives nothing for an empty window', async () => {
  const input = [[1, 2], [3], [], [], [4]];
  const plain = await runStream(input, (s) => s.reduceByWindow((a, b) => a + b, Seconds(2), Seconds(1)));
  const inverse = await runStream(input, (s) => s.reduceByWindow((a, b) => a + b, (a, b) => a - b, Seconds(2), Seconds(1)));
  assert.deepEqual(plain, [[3], [6], [3], [], [4]]);
  assert.deepEqual(inverse, [[3], [6], [3], [0], [4]]);
});
