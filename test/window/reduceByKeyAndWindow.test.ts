// Spark's WindowOperationsSuite reduceByKeyAndWindow tables (plain, inverse, inverse + filter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Seconds, type DStream, type Duration } from '../../kernel';
import { runStream, sortedBatches } from './harness';

type KV = [string, number];
const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;

const largerSlideInput: KV[][] = [[['a', 1]], [['a', 2]], [['a', 3]], [['a', 4]], [['a', 5]], [['a', 6]], [], []];
const largerSlideOutput: KV[][] = [[['a', 3]], [['a', 10]], [['a', 18]], [['a', 11]]];

const one = (k: string): KV => [k, 1];
const bigInput: KV[][] = [
  [one('a')],
  [one('a'), one('b')],
  [one('a'), one('b'), one('c')],
  [one('a'), one('b')],
  [one('a')],
  [],
  [one('a')],
  [one('a'), one('b')],
  [one('a'), one('b'), one('c')],
  [one('a'), one('b')],
  [one('a')],
  [],
];
const bigReduceOutput: KV[][] = [
  [['a', 1]],
  [['a', 2], ['b', 1]],
  [['a', 2], ['b', 2], ['c', 1]],
  [['a', 2], ['b', 2], ['c', 1]],
  [['a', 2], ['b', 1]],
  [['a', 1]],
  [['a', 1]],
  [['a', 2], ['b', 1]],
  [['a', 2], ['b', 2], ['c', 1]],
  [['a', 2], ['b', 2], ['c', 1]],
  [['a', 2], ['b', 1]],
  [['a', 1]],
];
// Without a filter, the inverse form keeps keys whose value went back to 0.
const bigReduceInvOutput: KV[][] = [
  [['a', 1]],
  [['a', 2], ['b', 1]],
  [['a', 2], ['b', 2], ['c', 1]],
  [['a', 2], ['b', 2], ['c', 1]],
  [['a', 2], ['b', 1], ['c', 0]],
  [['a', 1], ['b', 0], ['c', 0]],
  [['a', 1], ['b', 0], ['c', 0]],
  [['a', 2], ['b', 1], ['c', 0]],
  [['a', 2], ['b', 2], ['c', 1]],
  [['a', 2], ['b', 2], ['c', 1]],
  [['a', 2], ['b', 1], ['c', 0]],
  [['a', 1], ['b', 0], ['c', 0]],
];

interface Case {
  name: string;
  input: KV[][];
  output: KV[][];
  plainOutput?: KV[][];
  window?: Duration;
  slide?: Duration;
}

const cases: Case[] = [
  { name: 'basic reduction', input: [[['a', 1], ['a', 3]]], output: [[['a', 4]]] },
  { name: 'key already in window and new value added into window', input: [[['a', 1]], [['a', 1]]], output: [[['a', 1]], [['a', 2]]] },
  { name: 'new key added into window', input: [[['a', 1]], [['a', 1], ['b', 1]]], output: [[['a', 1]], [['a', 2], ['b', 1]]] },
  {
    name: 'key removed from window',
    input: [[['a', 1]], [['a', 1]], [], []],
    plainOutput: [[['a', 1]], [['a', 2]], [['a', 1]], []],
    output: [[['a', 1]], [['a', 2]], [['a', 1]], [['a', 0]]],
  },
  { name: 'larger slide time', input: largerSlideInput, output: largerSlideOutput, window: Seconds(4), slide: Seconds(2) },
  { name: 'big test', input: bigInput, plainOutput: bigReduceOutput, output: bigReduceInvOutput },
];

function batchesFor(c: Case): number {
  const slide = c.slide ?? Seconds(1);
  return (c.plainOutput ?? c.output).length * (slide.milliseconds / 1000);
}

for (const c of cases) {
  test(`reduceByKeyAndWindow - ${c.name}`, async () => {
    const out = await runStream(c.input, (s) => s.reduceByKeyAndWindow(add, c.window ?? Seconds(2), c.slide ?? Seconds(1)), {
      numBatches: batchesFor(c),
    });
    assert.deepEqual(sortedBatches(out), sortedBatches(c.plainOutput ?? c.output));
  });

  test(`reduceByKeyAndWindow with inverse function - ${c.name}`, async () => {
    const out = await runStream(
      c.input,
      (s) => s.reduceByKeyAndWindow(add, sub, c.window ?? Seconds(2), c.slide ?? Seconds(1)).checkpoint(Seconds(100)),
      { numBatches: batchesFor(c) },
    );
    assert.deepEqual(sortedBatches(out), sortedBatches(c.output));
  });
}

test('reduceByKeyAndWindow with inverse and filter functions - big test: filterFunc removes zero-count keys', async () => {
  const out = await runStream(bigInput, (s) =>
    s.reduceByKeyAndWindow(add, sub, Seconds(2), Seconds(1), undefined, (kv) => kv[1] !== 0).persist().checkpoint(Seconds(100)),
  );
  assert.deepEqual(sortedBatches(out), sortedBatches(bigReduceOutput));
});

test('inverse form with the default checkpoint interval cuts lineage and still matches the recomputing form', async () => {
  const words = 'a b c d e f g'.split(' ');
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const input: KV[][] = Array.from({ length: 40 }, (_v, i) => (i % 9 === 4 ? [] : Array.from({ length: next() % 6 }, () => one(words[next() % words.length]))));
  const dropZero = (kv: KV): boolean => kv[1] !== 0;
  const incremental = await runStream(input, (s) => s.reduceByKeyAndWindow(add, sub, Seconds(5), Seconds(1), 3, dropZero));
  const recomputed = await runStream(input, (s) => s.reduceByKeyAndWindow(add, Seconds(5), Seconds(1), 3));
  assert.deepEqual(sortedBatches(incremental), sortedBatches(recomputed));
});

test('reduceByKeyAndWindow takes numPartitions for its output', async () => {
  const parts: number[] = [];
  await runStream([[['a', 1], ['b', 2], ['c', 3]]], (s: DStream<KV>) =>
    s.reduceByKeyAndWindow(add, sub, Seconds(2), Seconds(1), 5).transform((rdd) => {
      parts.push(rdd.getNumPartitions());
      return rdd;
    }),
  );
  assert.deepEqual(parts, [5]);
});

test('a user reduce function that throws fails that batch only; later windows still come', async () => {
  let calls = 0;
  const input: KV[][] = [[['a', 1], ['a', 1]], [['b', 1]], [['b', 1]]];
  const out = await runStream(
    input,
    (s) =>
      s.reduceByKeyAndWindow(
        (a, b) => {
          calls++;
          if (calls === 1) throw new Error('boom in user reduce');
          return a + b;
        },
        Seconds(1),
      ),
  );
  assert.deepEqual(sortedBatches(out), [[['b', 1]], [['b', 1]]]);
});
