/**
 * Windows and stream unions of streams laid out by one partitioner keep it, as Spark's
 * WindowedDStream and UnionDStream do through SparkContext.union (PartitionerAwareUnionRDD):
 * the partition count stays, saveAsTextFiles writes one part file per partition, and a later
 * pair operation with that partitioner does not shuffle again. Manual clock, local[2].
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { HashPartitioner, Seconds, StreamingContext, type DStream, type Partitioner, type RDD } from '../../kernel';
import { sorted, sparkContext, tempDir } from './harness';
import { shuffleCount as shuffles } from '../support/shuffleCount';

type KV = [string, number];
const add = (a: number, b: number): number => a + b;
const left: KV[][] = [[['a', 1], ['b', 1]], [['a', 1], ['c', 1]], [['b', 1]], [['d', 1]]];
const right: KV[][] = [[['a', 10]], [['e', 10], ['c', 10]], [], [['a', 10]]];

/** What one output batch looked like. */
interface Seen {
  partitions: number;
  partitioner: Partitioner | undefined;
  shuffles: number;
  data: KV[];
}

/** Runs `build` over the two queue streams (2 input partitions each) for every input batch. */
async function run(build: (l: DStream<KV>, r: DStream<KV>, ssc: StreamingContext) => DStream<KV>, saveTo?: string): Promise<Seen[]> {
  const sc = sparkContext();
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  try {
    const queue = (batches: KV[][]): DStream<KV> => ssc.queueStream(batches.map((b) => sc.parallelize(b, 2)));
    const out = build(queue(left), queue(right), ssc);
    const seen: Seen[] = [];
    out.foreachRDD(async (rdd) => {
      seen.push({ partitions: rdd.getNumPartitions(), partitioner: rdd.partitioner, shuffles: shuffles(rdd as RDD<unknown>), data: sorted(await rdd.collect()) });
    });
    if (saveTo !== undefined) out.saveAsTextFiles(path.join(saveTo, 'win'), 'txt');
    ssc.start();
    await ssc.advance(left.length);
    return seen;
  } finally {
    await ssc.stop(false);
  }
}

const hash2 = new HashPartitioner(2);

test('reduceByKey(...).window(3s, 1s) keeps 2 partitions and the partitioner; saveAsTextFiles writes 2 part files a batch', async () => {
  const dir = tempDir('eddy-punion-');
  try {
    const seen = await run((l) => l.reduceByKey(add).window(Seconds(3), Seconds(1)), dir);
    assert.deepEqual(seen.map((s) => s.partitions), [2, 2, 2, 2], 'Spark: 2, 2, 2, 2 (was 2, 4, 6, 6)');
    for (const s of seen) assert.ok(hash2.equals(s.partitioner), `partitioner kept, got ${s.partitioner}`);
    assert.deepEqual(seen.map((s) => s.data), [
      [['a', 1], ['b', 1]],
      [['a', 1], ['a', 1], ['b', 1], ['c', 1]],
      [['a', 1], ['a', 1], ['b', 1], ['b', 1], ['c', 1]],
      [['a', 1], ['b', 1], ['c', 1], ['d', 1]],
    ]);
    const batches = fs.readdirSync(dir).sort();
    assert.deepEqual(batches, ['win-1000.txt', 'win-2000.txt', 'win-3000.txt', 'win-4000.txt']);
    for (const b of batches) assert.deepEqual(fs.readdirSync(path.join(dir, b)).sort(), ['_SUCCESS', 'part-00000', 'part-00001'], b);
    // Each part file holds one partition of the key space: partition i of every batch in the window.
    for (const part of ['part-00000', 'part-00001']) {
      const keys = fs.readFileSync(path.join(dir, 'win-3000.txt', part), 'utf8').split('\n').filter(Boolean).map((l) => l.slice(1, 2));
      for (const k of keys) assert.equal(hash2.getPartition(k), Number(part.slice(-1)), `${k} in ${part}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a reduceByKey after the window combines in place: no shuffle beyond the batches\' own', async () => {
  const seen = await run((l) => l.reduceByKey(add).window(Seconds(3), Seconds(1)).reduceByKey(add));
  assert.deepEqual(seen.map((s) => s.partitions), [2, 2, 2, 2]);
  assert.deepEqual(seen.map((s) => s.shuffles), [1, 2, 3, 3], 'one shuffle per batch in the window, none for the last reduceByKey');
  assert.deepEqual(seen.map((s) => s.data), [
    [['a', 1], ['b', 1]],
    [['a', 2], ['b', 1], ['c', 1]],
    [['a', 2], ['b', 2], ['c', 1]],
    [['a', 1], ['b', 1], ['c', 1], ['d', 1]],
  ]);
});

test('DStream.union of two reduced streams has 2 partitions (Spark: 2, was 4), and a later reduceByKey does not shuffle', async () => {
  const unioned = await run((l, r) => l.reduceByKey(add).union(r.reduceByKey(add)));
  assert.deepEqual(unioned.map((s) => s.partitions), [2, 2, 2, 2]);
  for (const s of unioned) assert.ok(hash2.equals(s.partitioner));
  const again = await run((l, r, ssc) => ssc.union([l.reduceByKey(add), r.reduceByKey(add)]).reduceByKey(add));
  assert.deepEqual(again.map((s) => s.partitions), [2, 2, 2, 2]);
  assert.deepEqual(again.map((s) => s.shuffles), [2, 2, 2, 2], 'the two reduceByKeys only');
  assert.deepEqual(again.map((s) => s.data), [
    [['a', 11], ['b', 1]],
    [['a', 1], ['c', 11], ['e', 10]],
    [['b', 1]],
    [['a', 10], ['d', 1]],
  ]);
});

test('mixed partitioners fall back to the plain union: partitions side by side, no partitioner, a later reduceByKey shuffles', async () => {
  const mixed = await run((l, r) => l.reduceByKey(add, 2).union(r.reduceByKey(add, 3)).reduceByKey(add));
  assert.deepEqual(mixed.map((s) => s.shuffles), [3, 3, 3, 3]);
  const plain = await run((l, r) => l.reduceByKey(add, 2).union(r.reduceByKey(add, 3)));
  assert.deepEqual(plain.map((s) => s.partitions), [5, 5, 5, 5]);
  assert.deepEqual(plain.map((s) => s.partitioner), [undefined, undefined, undefined, undefined]);
  const unreduced = await run((l) => l.window(Seconds(3), Seconds(1)));
  assert.deepEqual(unreduced.map((s) => s.partitions), [2, 4, 6, 6], 'no partitioner: one partition per input partition, as Spark');
});

test('reduceByKeyAndWindow and groupByKeyAndWindow (recomputing forms) shuffle each batch once, not again per window', async () => {
  const reducedWin = await run((l) => l.reduceByKeyAndWindow(add, Seconds(2), Seconds(1), 3));
  assert.deepEqual(reducedWin.map((s) => s.partitions), [3, 3, 3, 3]);
  assert.deepEqual(reducedWin.map((s) => s.shuffles), [1, 2, 2, 2]);
  assert.deepEqual(reducedWin.map((s) => s.data), [
    [['a', 1], ['b', 1]],
    [['a', 2], ['b', 1], ['c', 1]],
    [['a', 1], ['b', 1], ['c', 1]],
    [['b', 1], ['d', 1]],
  ]);
  const grouped = await run((l) => l.groupByKeyAndWindow(Seconds(2), Seconds(1)).mapValues((vs) => vs.length));
  assert.deepEqual(grouped.map((s) => s.shuffles), [1, 2, 2, 2]);
  assert.deepEqual(grouped.map((s) => s.data), reducedWin.map((s) => s.data));
});

test('updateStateByKey and join on a union of reduced streams read it in place', async () => {
  const dir = tempDir('eddy-punion-state-');
  try {
    const state = await run((l, r, ssc) => {
      ssc.checkpoint(dir);
      return l.reduceByKey(add).union(r.reduceByKey(add)).updateStateByKey<string, number, number>((vs, s) => vs.reduce(add, s ?? 0));
    });
    assert.deepEqual(state.map((s) => s.partitions), [2, 2, 2, 2]);
    assert.equal(state[0].shuffles, 2, 'the two reduceByKeys only: no partitionBy before the state');
    assert.deepEqual(state[3].data, [['a', 22], ['b', 2], ['c', 11], ['d', 1], ['e', 10]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const joined = await run((l, r) => l.reduceByKey(add).window(Seconds(2), Seconds(1)).join(r.reduceByKey(add)).mapValues(([v, w]) => v + w));
  assert.deepEqual(joined.map((s) => s.shuffles), [2, 3, 3, 3], 'one per reduced batch; the join itself reads them in place');
  assert.deepEqual(joined.map((s) => s.data), [[['a', 11]], [['c', 11]], [], []]);
});
