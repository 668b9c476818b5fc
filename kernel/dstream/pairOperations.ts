/**
 * Pair-stream operations (Spark's PairDStreamFunctions) for streams of `[key, value]`
 * tuples. Without a partition count, shuffles use `sc.defaultParallelism` partitions,
 * as Spark's streaming defaultPartitioner does.
 */
import { HashPartitioner, type Partitioner } from '../rdd/Partitioner';
import type { PartitionSpec } from '../rdd/pairOperations';
import type { RDD } from '../rdd/RDD';
import { DStream } from './DStream';
import { perBatch } from './operations';
import { TransformedDStream } from './TransformedDStream';

declare module './DStream' {
  interface DStream<T> {
    mapValues<K, V, W>(this: DStream<[K, V]>, f: (v: V) => W): DStream<[K, W]>;
    flatMapValues<K, V, W>(this: DStream<[K, V]>, f: (v: V) => Iterable<W>): DStream<[K, W]>;
    groupByKey<K, V>(this: DStream<[K, V]>, partitions?: PartitionSpec): DStream<[K, V[]]>;
    reduceByKey<K, V>(this: DStream<[K, V]>, f: (a: V, b: V) => V, partitions?: PartitionSpec): DStream<[K, V]>;
    combineByKey<K, V, C>(
      this: DStream<[K, V]>,
      createCombiner: (v: V) => C,
      mergeValue: (c: C, v: V) => C,
      mergeCombiners: (a: C, b: C) => C,
      partitions?: PartitionSpec,
      mapSideCombine?: boolean,
    ): DStream<[K, C]>;
    cogroup<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V[], W[]]]>;
    join<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V, W]]>;
    leftOuterJoin<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V, W | undefined]]>;
    rightOuterJoin<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec): DStream<[K, [V | undefined, W]]>;
    fullOuterJoin<K, V, W>(
      this: DStream<[K, V]>,
      other: DStream<[K, W]>,
      partitions?: PartitionSpec,
    ): DStream<[K, [V | undefined, W | undefined]]>;
  }
}

/** The partitioner of a pair-stream operation: the given spec, else `defaultParallelism` hash partitions. */
export function streamPartitioner(stream: DStream<unknown>, spec: PartitionSpec | undefined): Partitioner {
  if (spec === undefined) return new HashPartitioner(stream.ssc.sparkContext.defaultParallelism);
  return typeof spec === 'number' ? new HashPartitioner(spec) : spec;
}

const proto = DStream.prototype;

proto.mapValues = function <K, V, W>(this: DStream<[K, V]>, f: (v: V) => W): DStream<[K, W]> {
  return perBatch(this, 'mapValues', (rdd) => rdd.mapValues(f));
};

proto.flatMapValues = function <K, V, W>(this: DStream<[K, V]>, f: (v: V) => Iterable<W>): DStream<[K, W]> {
  return perBatch(this, 'flatMapValues', (rdd) => rdd.flatMapValues(f));
};

proto.groupByKey = function <K, V>(this: DStream<[K, V]>, partitions?: PartitionSpec): DStream<[K, V[]]> {
  const p = streamPartitioner(this as DStream<unknown>, partitions);
  return perBatch(this, 'groupByKey', (rdd) => rdd.groupByKey(p));
};

proto.reduceByKey = function <K, V>(this: DStream<[K, V]>, f: (a: V, b: V) => V, partitions?: PartitionSpec): DStream<[K, V]> {
  const p = streamPartitioner(this as DStream<unknown>, partitions);
  return perBatch(this, 'reduceByKey', (rdd) => rdd.reduceByKey(f, p));
};

proto.combineByKey = function <K, V, C>(
  this: DStream<[K, V]>,
  createCombiner: (v: V) => C,
  mergeValue: (c: C, v: V) => C,
  mergeCombiners: (a: C, b: C) => C,
  partitions?: PartitionSpec,
  mapSideCombine = true,
): DStream<[K, C]> {
  const p = streamPartitioner(this as DStream<unknown>, partitions);
  return perBatch(this, 'combineByKey', (rdd) => rdd.combineByKey(createCombiner, mergeValue, mergeCombiners, p, mapSideCombine));
};

/** A two-stream pair operation, batch by batch, on one partitioner. */
function pairWith<K, V, W, R>(
  left: DStream<[K, V]>,
  right: DStream<[K, W]>,
  name: string,
  partitions: PartitionSpec | undefined,
  f: (a: RDD<[K, V]>, b: RDD<[K, W]>, p: Partitioner) => RDD<R>,
): DStream<R> {
  const p = streamPartitioner(left as DStream<unknown>, partitions);
  return new TransformedDStream<R>(
    [left as DStream<unknown>, right as DStream<unknown>],
    (rdds) => f(rdds[0] as RDD<[K, V]>, rdds[1] as RDD<[K, W]>, p),
    name,
  );
}

proto.cogroup = function <K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec) {
  return pairWith(this, other, 'cogroup', partitions, (a, b, p) => a.cogroup(b, p));
};

proto.join = function <K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec) {
  return pairWith(this, other, 'join', partitions, (a, b, p) => a.join(b, p));
};

proto.leftOuterJoin = function <K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec) {
  return pairWith(this, other, 'leftOuterJoin', partitions, (a, b, p) => a.leftOuterJoin(b, p));
};

proto.rightOuterJoin = function <K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec) {
  return pairWith(this, other, 'rightOuterJoin', partitions, (a, b, p) => a.rightOuterJoin(b, p));
};

proto.fullOuterJoin = function <K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitions?: PartitionSpec) {
  return pairWith(this, other, 'fullOuterJoin', partitions, (a, b, p) => a.fullOuterJoin(b, p));
};
