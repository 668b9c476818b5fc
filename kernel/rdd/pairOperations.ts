/**
 * Pair-RDD operations (Spark's PairRDDFunctions), for RDDs of `[key, value]` tuples.
 * Keys compare by value (see KeyMap).
 */
import { syncUserFunction } from '../errors/syncUserFunction';
import type { Aggregator } from './Aggregator';
import { CoGroupedRDD } from './CoGroupedRDD';
import { KeyMap } from './KeyMap';
import { MapPartitionsRDD } from './MapPartitionsRDD';
import { HashPartitioner, type Partitioner } from './Partitioner';
import { RDD } from './RDD';
import { ShuffledRDD } from './ShuffledRDD';
import { WholePartitionRDD } from './WholePartitionRDD';

/** A number of partitions, or a partitioner. */
export type PartitionSpec = number | Partitioner;

declare module './RDD' {
  interface RDD<T> {
    mapValues<K, V, W>(this: RDD<[K, V]>, f: (v: V) => W): RDD<[K, W]>;
    flatMapValues<K, V, W>(this: RDD<[K, V]>, f: (v: V) => Iterable<W>): RDD<[K, W]>;
    keys<K, V>(this: RDD<[K, V]>): RDD<K>;
    values<K, V>(this: RDD<[K, V]>): RDD<V>;
    combineByKey<K, V, C>(
      this: RDD<[K, V]>,
      createCombiner: (v: V) => C,
      mergeValue: (c: C, v: V) => C,
      mergeCombiners: (a: C, b: C) => C,
      partitions?: PartitionSpec,
      mapSideCombine?: boolean,
    ): RDD<[K, C]>;
    reduceByKey<K, V>(this: RDD<[K, V]>, f: (a: V, b: V) => V, partitions?: PartitionSpec): RDD<[K, V]>;
    foldByKey<K, V>(this: RDD<[K, V]>, zero: V, f: (a: V, b: V) => V, partitions?: PartitionSpec): RDD<[K, V]>;
    groupByKey<K, V>(this: RDD<[K, V]>, partitions?: PartitionSpec): RDD<[K, V[]]>;
    partitionBy<K, V>(this: RDD<[K, V]>, partitions: PartitionSpec): RDD<[K, V]>;
    cogroup<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V[], W[]]]>;
    join<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V, W]]>;
    leftOuterJoin<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V, W | undefined]]>;
    rightOuterJoin<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V | undefined, W]]>;
    fullOuterJoin<K, V, W>(
      this: RDD<[K, V]>,
      other: RDD<[K, W]>,
      partitions?: PartitionSpec,
    ): RDD<[K, [V | undefined, W | undefined]]>;
    subtractByKey<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, V]>;
    /** Counts per key, collected as `[key, count]` pairs. */
    countByKey<K, V>(this: RDD<[K, V]>): Promise<Array<[K, number]>>;
    collectAsMap<K, V>(this: RDD<[K, V]>): Promise<Map<K, V>>;
  }
}

/** Spark's defaultPartitioner: reuse a parent's partitioner if one is big enough, else hash into as many partitions as the widest parent. */
export function defaultPartitioner(...rdds: ReadonlyArray<RDD<unknown>>): Partitioner {
  const widest = Math.max(...rdds.map((r) => r.getNumPartitions()));
  const existing = rdds.map((r) => r.partitioner).find((p): p is Partitioner => p !== undefined && p.numPartitions >= widest);
  if (existing) return existing;
  const sc = rdds[0].sc;
  return new HashPartitioner(sc.conf.contains('spark.default.parallelism') ? sc.defaultParallelism : Math.max(widest, 1));
}

export function toPartitioner(spec: PartitionSpec | undefined, ...rdds: ReadonlyArray<RDD<unknown>>): Partitioner {
  if (spec === undefined) return defaultPartitioner(...rdds);
  return typeof spec === 'number' ? new HashPartitioner(spec) : spec;
}

const proto = RDD.prototype;

proto.mapValues = function <K, V, W>(this: RDD<[K, V]>, f: (v: V) => W): RDD<[K, W]> {
  f = syncUserFunction('mapValues', f);
  return new MapPartitionsRDD<[K, V], [K, W]>(this, (down) => (kv) => down([kv[0], f(kv[1])]), 'mapValues', true);
};

proto.flatMapValues = function <K, V, W>(this: RDD<[K, V]>, f: (v: V) => Iterable<W>): RDD<[K, W]> {
  f = syncUserFunction('flatMapValues', f);
  return new MapPartitionsRDD<[K, V], [K, W]>(
    this,
    (down) => (kv) => {
      for (const w of f(kv[1])) down([kv[0], w]);
    },
    'flatMapValues',
    true,
  );
};

proto.keys = function <K, V>(this: RDD<[K, V]>): RDD<K> {
  return this.map((kv) => kv[0]);
};

proto.values = function <K, V>(this: RDD<[K, V]>): RDD<V> {
  return this.map((kv) => kv[1]);
};

proto.combineByKey = function <K, V, C>(
  this: RDD<[K, V]>,
  createCombiner: (v: V) => C,
  mergeValue: (c: C, v: V) => C,
  mergeCombiners: (a: C, b: C) => C,
  partitions?: PartitionSpec,
  mapSideCombine = true,
): RDD<[K, C]> {
  createCombiner = syncUserFunction('combineByKey', createCombiner);
  mergeValue = syncUserFunction('combineByKey', mergeValue);
  mergeCombiners = syncUserFunction('combineByKey', mergeCombiners);
  return combine(this, { createCombiner, mergeValue, mergeCombiners }, partitions, mapSideCombine, 'combineByKey');
};

function combine<K, V, C>(
  rdd: RDD<[K, V]>,
  aggregator: Aggregator<K, V, C>,
  partitions: PartitionSpec | undefined,
  mapSideCombine: boolean,
  scope: string,
): RDD<[K, C]> {
  const partitioner = toPartitioner(partitions, rdd as RDD<unknown>);
  if (partitioner.equals(rdd.partitioner)) {
    // Already laid out by this partitioner: combine within each partition, no shuffle.
    return new WholePartitionRDD<[K, V], [K, C]>(rdd, (items) => combineLocally(items, aggregator), scope, true);
  }
  return new ShuffledRDD<K, V, C>(rdd, partitioner, aggregator, mapSideCombine, scope);
}

function combineLocally<K, V, C>(items: Array<[K, V]>, agg: Aggregator<K, V, C>): Array<[K, C]> {
  const combined = new KeyMap<K, C>();
  for (const [k, v] of items) {
    const cur = combined.get(k);
    combined.set(k, cur === undefined && !combined.has(k) ? agg.createCombiner(v, k) : agg.mergeValue(cur as C, v, k));
  }
  return [...combined.entries()];
}

proto.reduceByKey = function <K, V>(this: RDD<[K, V]>, f: (a: V, b: V) => V, partitions?: PartitionSpec): RDD<[K, V]> {
  f = syncUserFunction('reduceByKey', f);
  return combine<K, V, V>(this, { createCombiner: (v) => v, mergeValue: f, mergeCombiners: f }, partitions, true, 'reduceByKey');
};

proto.foldByKey = function <K, V>(this: RDD<[K, V]>, zero: V, f: (a: V, b: V) => V, partitions?: PartitionSpec): RDD<[K, V]> {
  f = syncUserFunction('foldByKey', f);
  const aggregator: Aggregator<K, V, V> = { createCombiner: (v) => f(structuredClone(zero), v), mergeValue: f, mergeCombiners: f };
  return combine(this, aggregator, partitions, true, 'foldByKey');
};

proto.groupByKey = function <K, V>(this: RDD<[K, V]>, partitions?: PartitionSpec): RDD<[K, V[]]> {
  // As in Spark, no map-side combine: it would not shrink the data.
  const aggregator: Aggregator<K, V, V[]> = {
    createCombiner: (v) => [v],
    mergeValue: (c, v) => {
      c.push(v);
      return c;
    },
    mergeCombiners: (a, b) => a.concat(b),
  };
  return combine(this, aggregator, partitions, false, 'groupByKey');
};

proto.partitionBy = function <K, V>(this: RDD<[K, V]>, partitions: PartitionSpec): RDD<[K, V]> {
  const partitioner = toPartitioner(partitions, this as RDD<unknown>);
  if (partitioner.equals(this.partitioner)) return this;
  return new ShuffledRDD<K, V, V>(this, partitioner, undefined, false, 'partitionBy');
};

proto.cogroup = function <K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V[], W[]]]> {
  const partitioner = toPartitioner(partitions, this as RDD<unknown>, other as RDD<unknown>);
  const grouped = new CoGroupedRDD<K>([this as RDD<[K, unknown]>, other as RDD<[K, unknown]>], partitioner);
  return grouped as unknown as RDD<[K, [V[], W[]]]>;
};

proto.join = function <K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, [V, W]]> {
  return this.cogroup(other, partitions).flatMapValues(([vs, ws]) => {
    const out: Array<[V, W]> = [];
    for (const v of vs) for (const w of ws) out.push([v, w]);
    return out;
  });
};

proto.leftOuterJoin = function <K, V, W>(
  this: RDD<[K, V]>,
  other: RDD<[K, W]>,
  partitions?: PartitionSpec,
): RDD<[K, [V, W | undefined]]> {
  return this.cogroup(other, partitions).flatMapValues(([vs, ws]) => {
    const out: Array<[V, W | undefined]> = [];
    for (const v of vs) {
      if (ws.length === 0) out.push([v, undefined]);
      else for (const w of ws) out.push([v, w]);
    }
    return out;
  });
};

proto.rightOuterJoin = function <K, V, W>(
  this: RDD<[K, V]>,
  other: RDD<[K, W]>,
  partitions?: PartitionSpec,
): RDD<[K, [V | undefined, W]]> {
  return this.cogroup(other, partitions).flatMapValues(([vs, ws]) => {
    const out: Array<[V | undefined, W]> = [];
    for (const w of ws) {
      if (vs.length === 0) out.push([undefined, w]);
      else for (const v of vs) out.push([v, w]);
    }
    return out;
  });
};

proto.fullOuterJoin = function <K, V, W>(
  this: RDD<[K, V]>,
  other: RDD<[K, W]>,
  partitions?: PartitionSpec,
): RDD<[K, [V | undefined, W | undefined]]> {
  return this.cogroup(other, partitions).flatMapValues(([vs, ws]) => {
    const out: Array<[V | undefined, W | undefined]> = [];
    if (vs.length === 0) for (const w of ws) out.push([undefined, w]);
    else if (ws.length === 0) for (const v of vs) out.push([v, undefined]);
    else for (const v of vs) for (const w of ws) out.push([v, w]);
    return out;
  });
};

proto.subtractByKey = function <K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: PartitionSpec): RDD<[K, V]> {
  return this.cogroup(other, partitions).flatMap(([k, [vs, ws]]) => (ws.length > 0 ? [] : vs.map((v): [K, V] => [k, v])));
};

proto.countByKey = async function <K, V>(this: RDD<[K, V]>): Promise<Array<[K, number]>> {
  return this.mapValues(() => 1).reduceByKey((a, b) => a + b).collect();
};

proto.collectAsMap = async function <K, V>(this: RDD<[K, V]>): Promise<Map<K, V>> {
  return new Map(await this.collect());
};

