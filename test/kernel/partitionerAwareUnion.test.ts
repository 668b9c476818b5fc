/**
 * Spark's SparkContext.union: RDDs that share a partitioner unite partition by partition
 * (PartitionerAwareUnionRDD), keeping the partition count and the partitioner, so a later
 * pair operation with that partitioner does not shuffle. Otherwise partitions side by side.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HashPartitioner, type RDD } from '../../kernel';
import { newSc } from './helpers';
import { shuffleCount as shuffles } from '../support/shuffleCount';

type KV = [string, number];
const add = (a: number, b: number): number => a + b;

const sc = newSc();

function reduced(data: KV[], partitions = 2): RDD<KV> {
  return sc.parallelize(data, 3).reduceByKey(add, partitions);
}

test('sc.union of RDDs with one partitioner keeps its partition count and partitioner', async () => {
  const a = reduced([['a', 1], ['b', 1], ['c', 1], ['a', 1]]);
  const b = reduced([['a', 10], ['d', 10]]);
  const u = sc.union([a, b]);
  assert.equal(u.getNumPartitions(), 2);
  assert.ok(new HashPartitioner(2).equals(u.partitioner));
  assert.equal(u.constructor.name, 'PartitionerAwareUnionRDD');
  // Partition i is partition i of each parent in turn, so every key stays in its partition.
  const [pa, pb, pu] = await Promise.all([a.glom().collect(), b.glom().collect(), u.glom().collect()]);
  assert.deepEqual(pu, [[...pa[0], ...pb[0]], [...pa[1], ...pb[1]]]);
  for (const [i, part] of pu.entries()) for (const [k] of part) assert.equal(u.partitioner?.getPartition(k), i);
  assert.equal(a.union(b).getNumPartitions(), 2, 'rdd.union chooses the same');
});

test('a reduceByKey or join with the same partitioner after the union does not shuffle again', async () => {
  const a = reduced([['a', 1], ['b', 1]]);
  const b = reduced([['a', 10], ['c', 10]]);
  const u = a.union(b);
  assert.equal(shuffles(u), 2, 'one shuffle per reduced input');
  const again = u.reduceByKey(add, 2);
  assert.equal(shuffles(again), 2, 'no shuffle added: combined within each partition');
  assert.equal(again.deps[0].kind, 'narrow');
  assert.ok(new HashPartitioner(2).equals(again.partitioner));
  assert.deepEqual((await again.collect()).sort(), [['a', 11], ['b', 1], ['c', 10]]);
  const joined = u.join(reduced([['a', 100]]), 2);
  assert.equal(shuffles(joined), 3, 'the join reads all three co-partitioned parents in place');
  assert.deepEqual(await joined.collect(), [['a', [1, 100]], ['a', [10, 100]]]);
  assert.match(again.toDebugString().split('\n')[1], /^ \| {2}PartitionerAwareUnionRDD\[\d+\] at union/);
});

test('different or missing partitioners fall back to the plain union: partitions side by side', async () => {
  const two = reduced([['a', 1]], 2);
  const three = reduced([['b', 1]], 3);
  const mixed = sc.union([two, three]);
  assert.equal(mixed.getNumPartitions(), 5);
  assert.equal(mixed.partitioner, undefined);
  assert.equal(mixed.constructor.name, 'UnionRDD');
  const plain = two.union(sc.parallelize<KV>([['c', 1]], 2));
  assert.equal(plain.getNumPartitions(), 4);
  assert.equal(plain.partitioner, undefined);
  assert.deepEqual((await plain.collect()).sort(), [['a', 1], ['c', 1]]);
  assert.equal(shuffles(plain.reduceByKey(add, 2)), 2, 'a later reduceByKey shuffles, as in Spark');
});

test('RDDs with no partitions are left out, as Spark does, so they do not force the plain union', async () => {
  const a = reduced([['a', 1]]);
  const u = sc.union([sc.emptyRDD<KV>(), a, reduced([['a', 2]])]);
  assert.equal(u.constructor.name, 'PartitionerAwareUnionRDD');
  assert.equal(u.deps.length, 2);
  assert.deepEqual(await u.collect(), [['a', 1], ['a', 2]]);
  assert.equal(sc.union<KV>([]).getNumPartitions(), 0);
});

test('the union is lazy, and a lineage cut drops its parents', async () => {
  let calls = 0;
  const counted = sc.parallelize<KV>([['a', 1], ['b', 2]], 2).map((kv) => {
    calls++;
    return kv;
  });
  const u = counted.reduceByKey(add, 2).union(reduced([['a', 5]]));
  assert.equal(calls, 0);
  u.checkpoint();
  assert.deepEqual((await u.reduceByKey(add, 2).collect()).sort(), [['a', 6], ['b', 2]]);
  assert.equal(calls, 2);
  assert.equal(u.isCheckpointed(), true);
  assert.equal(u.deps.length, 0);
  assert.equal(u.getNumPartitions(), 2);
  assert.deepEqual((await u.collect()).sort(), [['a', 1], ['a', 5], ['b', 2]]);
  assert.equal(calls, 2, 'read from the cut RDD, not recomputed');
});
