/**
 * RDD transformations, added to RDD's prototype so that `RDD.ts` stays the small core
 * and each RDD class stays in its own file (no import cycle between them).
 */
import { CoalescedRDD } from './CoalescedRDD';
import { HashPartitioner } from './Partitioner';
import { MapPartitionsRDD } from './MapPartitionsRDD';
import { RDD } from './RDD';
import { ShuffledRDD } from './ShuffledRDD';
import { unionOf } from './unionOf';
import { WholePartitionRDD } from './WholePartitionRDD';
import { syncUserFunction } from '../errors/syncUserFunction';

declare module './RDD' {
  interface RDD<T> {
    map<U>(f: (x: T) => U): RDD<U>;
    flatMap<U>(f: (x: T) => Iterable<U>): RDD<U>;
    filter(f: (x: T) => boolean): RDD<T>;
    /** `f` sees the whole partition as an array and returns the new partition's elements. */
    mapPartitions<U>(f: (items: T[]) => Iterable<U>, preservesPartitioning?: boolean): RDD<U>;
    mapPartitionsWithIndex<U>(f: (index: number, items: T[]) => Iterable<U>, preservesPartitioning?: boolean): RDD<U>;
    glom(): RDD<T[]>;
    /** Spark's `union`: keeps a partitioner both sides share (see unionOf), else partitions side by side. */
    union(other: RDD<T>): RDD<T>;
    distinct(numPartitions?: number): RDD<T>;
    /** `numPartitions` partitions, elements spread round-robin by a shuffle, as Spark's repartition. */
    repartition(numPartitions: number): RDD<T>;
    coalesce(numPartitions: number, shuffle?: boolean): RDD<T>;
    keyBy<K>(f: (x: T) => K): RDD<[K, T]>;
    /** Sorted by `f` (ascending by default) into one partition. */
    sortBy<K extends string | number | bigint>(f: (x: T) => K, ascending?: boolean): RDD<T>;
  }
}

RDD.prototype.map = function <T, U>(this: RDD<T>, f: (x: T) => U): RDD<U> {
  f = syncUserFunction('map', f);
  return new MapPartitionsRDD<T, U>(this, (down) => (x) => down(f(x)), 'map');
};

RDD.prototype.flatMap = function <T, U>(this: RDD<T>, f: (x: T) => Iterable<U>): RDD<U> {
  f = syncUserFunction('flatMap', f);
  return new MapPartitionsRDD<T, U>(
    this,
    (down) => (x) => {
      const ys = f(x);
      if (Array.isArray(ys)) for (let i = 0; i < ys.length; i++) down(ys[i]);
      else for (const y of ys) down(y);
    },
    'flatMap',
  );
};

RDD.prototype.filter = function <T>(this: RDD<T>, f: (x: T) => boolean): RDD<T> {
  f = syncUserFunction('filter', f);
  return new MapPartitionsRDD<T, T>(
    this,
    (down) => (x) => {
      if (f(x)) down(x);
    },
    'filter',
    true,
  );
};

RDD.prototype.mapPartitions = function <T, U>(
  this: RDD<T>,
  f: (items: T[]) => Iterable<U>,
  preservesPartitioning = false,
): RDD<U> {
  f = syncUserFunction('mapPartitions', f);
  return new WholePartitionRDD<T, U>(this, (items) => f(items), 'mapPartitions', preservesPartitioning);
};

RDD.prototype.mapPartitionsWithIndex = function <T, U>(
  this: RDD<T>,
  f: (index: number, items: T[]) => Iterable<U>,
  preservesPartitioning = false,
): RDD<U> {
  f = syncUserFunction('mapPartitionsWithIndex', f);
  return new WholePartitionRDD<T, U>(this, (items, split) => f(split, items), 'mapPartitionsWithIndex', preservesPartitioning);
};

RDD.prototype.glom = function <T>(this: RDD<T>): RDD<T[]> {
  return new WholePartitionRDD<T, T[]>(this, (items) => [items], 'glom');
};

RDD.prototype.union = function <T>(this: RDD<T>, other: RDD<T>): RDD<T> {
  return unionOf(this.sc, [this, other]);
};

RDD.prototype.distinct = function <T>(this: RDD<T>, numPartitions?: number): RDD<T> {
  const n = numPartitions ?? this.getNumPartitions();
  const pairs = this.map((x): [T, null] => [x, null]);
  const keep = <V>(a: V): V => a;
  return new ShuffledRDD<T, null, null>(pairs, new HashPartitioner(n), { createCombiner: keep, mergeValue: keep, mergeCombiners: keep }, true, 'distinct').map(
    (kv) => kv[0],
  );
};

RDD.prototype.repartition = function <T>(this: RDD<T>, numPartitions: number): RDD<T> {
  return this.coalesce(numPartitions, true);
};

RDD.prototype.coalesce = function <T>(this: RDD<T>, numPartitions: number, shuffle = false): RDD<T> {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`coalesce/repartition need a whole number of partitions of at least 1, got ${numPartitions}.`);
  }
  if (!shuffle) return new CoalescedRDD(this, numPartitions);
  // Spark: each input partition deals its elements round-robin, from a start that
  // depends on the partition index, then a hash shuffle on the position.
  const positioned = new MapPartitionsRDD<T, [number, T]>(
    this,
    (down, split) => {
      let position = (Math.imul(split + 1, 0x9e3779b1) >>> 0) % numPartitions;
      return (x) => {
        position = position + 1 === numPartitions ? 0 : position + 1;
        down([position, x]);
      };
    },
    'repartition',
  );
  return new ShuffledRDD<number, T, T>(positioned, new HashPartitioner(numPartitions), undefined, false, 'repartition').map(
    (kv) => kv[1],
  );
};

RDD.prototype.keyBy = function <T, K>(this: RDD<T>, f: (x: T) => K): RDD<[K, T]> {
  f = syncUserFunction('keyBy', f);
  return new MapPartitionsRDD<T, [K, T]>(this, (down) => (x) => down([f(x), x]), 'keyBy');
};

RDD.prototype.sortBy = function <T, K extends string | number | bigint>(this: RDD<T>, f: (x: T) => K, ascending = true): RDD<T> {
  f = syncUserFunction('sortBy', f);
  const sign = ascending ? 1 : -1;
  return new WholePartitionRDD<T, T>(
    new CoalescedRDD(this, 1),
    (items) => items.map((x) => [f(x), x] as const).sort((a, b) => (a[0] < b[0] ? -sign : a[0] > b[0] ? sign : 0)).map((p) => p[1]),
    'sortBy',
  );
};
