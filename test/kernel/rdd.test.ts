import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HashPartitioner, SparkConf, SparkContext } from '../../kernel';
import { newSc } from './helpers';

test('parallelize slices as Spark does and defaults to local[N] partitions', async () => {
  const sc = newSc();
  assert.equal(sc.defaultParallelism, 2);
  assert.deepEqual(await sc.parallelize([1, 2, 3, 4, 5], 3).glom().collect(), [[1], [2, 3], [4, 5]]);
  assert.equal(sc.parallelize([1, 2, 3]).getNumPartitions(), 2);
  assert.deepEqual(await sc.parallelize([], 3).glom().collect(), [[], [], []]);
  assert.throws(() => sc.parallelize([1], 0), /at least 1/);
  const one = new SparkContext(new SparkConf().setMaster('local'));
  assert.equal(one.defaultParallelism, 1);
  assert.throws(() => new SparkContext(new SparkConf().setMaster('yarn')), /cannot run/);
});

test('transformations are lazy: nothing runs until an action', async () => {
  const sc = newSc();
  let calls = 0;
  const rdd = sc.parallelize([1, 2, 3]).map((x) => {
    calls++;
    return x * 2;
  });
  assert.equal(calls, 0);
  assert.deepEqual(await rdd.collect(), [2, 4, 6]);
  assert.equal(calls, 3);
  rdd.cache();
  await rdd.count();
  await rdd.count();
  assert.equal(calls, 6, 'computed once more to fill the cache, then read from it');
});

test('keys compare by value: tuples, objects in any property order, -0, NaN, Dates; 1 and "1" differ', async () => {
  const sc = newSc();
  const pairs: Array<[unknown, number]> = [
    [['a', 1], 1], [['a', 1], 1],
    [{ x: 1, y: 2 }, 1], [{ y: 2, x: 1 }, 1],
    [0, 1], [-0, 1],
    [NaN, 1], [NaN, 1],
    [new Date(5), 1], [new Date(5), 1],
    [1, 1], ['1', 1],
    [null, 1], [undefined, 1],
  ];
  const counts = await sc.parallelize(pairs, 3).reduceByKey((a, b) => a + b, 4).collect();
  const byKey = new Map(counts.filter(([k]) => !Number.isNaN(k)).map(([k, v]) => [JSON.stringify(k) ?? 'undefined', v]));
  assert.equal(counts.length, 9);
  assert.equal(byKey.get('["a",1]'), 2);
  assert.equal(byKey.get('{"x":1,"y":2}') ?? byKey.get('{"y":2,"x":1}'), 2);
  assert.equal(byKey.get('0'), 2);
  assert.equal(counts.find(([k]) => Number.isNaN(k))?.[1], 2);
  assert.equal(byKey.get('null'), 1);
  assert.equal(byKey.get('"1970-01-01T00:00:00.005Z"'), 2);
  assert.equal(byKey.get('1'), 1);
  assert.equal(byKey.get('"1"'), 1);
  assert.equal(byKey.get('undefined'), 1);
});

test('hash partitioning matches Java hashCode for strings and ints', () => {
  const p = new HashPartitioner(7);
  // "spark".hashCode() == 109638365 in Java; 109638365 % 7 == 3
  assert.equal(p.getPartition('spark'), 109638365 % 7);
  assert.equal(p.getPartition(-8), 6); // nonNegativeMod(-8, 7)
  assert.equal(p.getPartition(-0), p.getPartition(0));
});

test('pair operations: groupByKey, combineByKey, joins, cogroup', async () => {
  const sc = newSc();
  const left = sc.parallelize<[string, number]>([['a', 1], ['b', 2], ['a', 3]]);
  const right = sc.parallelize<[string, string]>([['a', 'x'], ['c', 'y']]);
  const sorted = <T>(xs: T[]): T[] => xs.map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x) as T);
  assert.deepEqual(sorted(await left.groupByKey().mapValues((vs) => vs.sort()).collect()), [['a', [1, 3]], ['b', [2]]]);
  assert.deepEqual(
    sorted(await left.combineByKey((v) => [v, 1], (c, v) => [c[0] + v, c[1] + 1], (a, b) => [a[0] + b[0], a[1] + b[1]]).collect()),
    [['a', [4, 2]], ['b', [2, 1]]],
  );
  assert.deepEqual(sorted(await left.join(right).collect()), [['a', [1, 'x']], ['a', [3, 'x']]]);
  assert.deepEqual(sorted(await left.rightOuterJoin(right).collect()), sorted([['a', [1, 'x']], ['a', [3, 'x']], ['c', [undefined, 'y']]]));
  assert.deepEqual((await left.cogroup(right).collect()).length, 3);
  assert.deepEqual(sorted(await left.subtractByKey(right).collect()), [['b', 2]]);
});

test('a shuffle is computed once per RDD and reused by later actions', async () => {
  const sc = newSc();
  let mapped = 0;
  const counts = sc
    .parallelize(['a', 'b', 'a'])
    .map((w): [string, number] => {
      mapped++;
      return [w, 1];
    })
    .reduceByKey((a, b) => a + b);
  await counts.collect();
  await counts.count();
  assert.equal(mapped, 3);
});

test('toDebugString draws the lineage with shuffle boundaries as Spark does', () => {
  const sc = newSc();
  const rdd = sc.parallelize(['a b'], 2).flatMap((l) => l.split(' ')).map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b);
  const lines = rdd.toDebugString().split('\n');
  assert.match(lines[0], /^\(2\) ShuffledRDD\[\d+\] at reduceByKey \[\]$/);
  assert.match(lines[1], /^ \+-\(2\) MapPartitionsRDD\[\d+\] at map \[\]$/);
  assert.match(lines[2], /^ {4}\| {2}MapPartitionsRDD\[\d+\] at flatMap \[\]$/);
  assert.match(lines[3], /^ {4}\| {2}ParallelCollectionRDD\[\d+\] at parallelize \[\]$/);
});

test('checkpoint() cuts the lineage once computed, keeping the data', async () => {
  const sc = newSc();
  const rdd = sc.parallelize([1, 2, 3]).map((x) => x + 1);
  rdd.checkpoint();
  assert.equal(rdd.deps.length, 1);
  assert.deepEqual(await rdd.collect(), [2, 3, 4]);
  assert.equal(rdd.isCheckpointed(), true);
  assert.equal(rdd.deps.length, 0);
  assert.deepEqual(await rdd.map((x) => x * 10).collect(), [20, 30, 40]);
});

test('actions: take, first, reduce, fold, aggregate, isEmpty, distinct, repartition, coalesce', async () => {
  const sc = newSc();
  const rdd = sc.parallelize([5, 1, 4, 1, 3], 3);
  assert.deepEqual(await rdd.take(2), [5, 1]);
  assert.equal(await rdd.first(), 5);
  assert.equal(await rdd.reduce((a, b) => a + b), 14);
  assert.equal(await rdd.fold(0, (a, b) => a + b), 14);
  assert.deepEqual(await rdd.aggregate([0, 0], (acc, x) => [acc[0] + x, acc[1] + 1], (a, b) => [a[0] + b[0], a[1] + b[1]]), [14, 5]);
  assert.equal(await sc.emptyRDD().isEmpty(), true);
  await assert.rejects(sc.emptyRDD<number>().reduce((a, b) => a + b), /empty/);
  assert.deepEqual((await rdd.distinct().collect()).sort(), [1, 3, 4, 5]);
  assert.equal(rdd.repartition(4).getNumPartitions(), 4);
  assert.deepEqual((await rdd.repartition(4).collect()).sort(), [1, 1, 3, 4, 5]);
  assert.deepEqual(await rdd.coalesce(1).glom().collect(), [[5, 1, 4, 1, 3]]);
});
