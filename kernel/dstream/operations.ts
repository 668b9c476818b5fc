/**
 * The DStream API (Spark's DStream methods), added to DStream's prototype so that
 * `DStream.ts` stays the small core and every stream class stays in its own file.
 */
import { syncUserFunction } from '../errors/syncUserFunction';
import * as path from 'node:path';
import type { RDD, StorageLevel } from '../rdd/RDD';
import type { Duration } from '../util/Duration';
import { Time } from '../util/Time';
import { DStream } from './DStream';
import { ForEachDStream } from './ForEachDStream';
import { PartitionFoldRDD } from '../rdd/PartitionFoldRDD';
import { printBatch } from './printBatch';
import { RDDFunctionDStream } from './RDDFunctionDStream';
import { TransformedDStream } from './TransformedDStream';
import { UnionDStream } from './UnionDStream';
import { illegalState } from '../errors/EddyError';

declare module './DStream' {
  interface DStream<T> {
    map<U>(f: (x: T) => U): DStream<U>;
    flatMap<U>(f: (x: T) => Iterable<U>): DStream<U>;
    filter(f: (x: T) => boolean): DStream<T>;
    mapPartitions<U>(f: (items: T[]) => Iterable<U>, preservesPartitioning?: boolean): DStream<U>;
    glom(): DStream<T[]>;
    repartition(numPartitions: number): DStream<T>;
    union(other: DStream<T>): DStream<T>;
    /** One element per batch: the number of elements (0 for an empty batch). */
    count(): DStream<number>;
    /** One element per non-empty batch: the elements reduced with `f`. */
    reduce(f: (a: T, b: T) => T): DStream<T>;
    countByValue(numPartitions?: number): DStream<[T, number]>;
    transform<U>(f: (rdd: RDD<T>, time: Time) => RDD<U>): DStream<U>;
    transformWith<U, V>(other: DStream<U>, f: (rdd1: RDD<T>, rdd2: RDD<U>, time: Time) => RDD<V>): DStream<V>;
    /** The RDDs of this stream from `fromTime` to `toTime` (both included, floored to the slide; batches not yet generated are left out). */
    slice(fromTime: Time | number, toTime: Time | number): Array<RDD<T>>;
    cache(): DStream<T>;
    persist(level?: StorageLevel): DStream<T>;
    /** Cuts the lineage of this stream's RDDs every `interval` (a multiple of the slide). */
    checkpoint(interval: Duration): DStream<T>;
    foreachRDD(f: (rdd: RDD<T>, time: Time) => void | Promise<void>): void;
    print(num?: number): void;
    saveAsTextFiles(prefix: string, suffix?: string): void;
  }
}

const proto = DStream.prototype;

/** A named per-batch step: the parent's RDD of each batch through `f`. */
export function perBatch<T, U>(parent: DStream<T>, name: string, f: (rdd: RDD<T>, time: Time) => RDD<U>): DStream<U> {
  return new RDDFunctionDStream<T, U>(parent, f, name);
}

proto.map = function <T, U>(this: DStream<T>, f: (x: T) => U): DStream<U> {
  return perBatch(this, 'map', (rdd) => rdd.map(f));
};

proto.flatMap = function <T, U>(this: DStream<T>, f: (x: T) => Iterable<U>): DStream<U> {
  return perBatch(this, 'flatMap', (rdd) => rdd.flatMap(f));
};

proto.filter = function <T>(this: DStream<T>, f: (x: T) => boolean): DStream<T> {
  return perBatch(this, 'filter', (rdd) => rdd.filter(f));
};

proto.mapPartitions = function <T, U>(this: DStream<T>, f: (items: T[]) => Iterable<U>, preservesPartitioning = false): DStream<U> {
  return perBatch(this, 'mapPartitions', (rdd) => rdd.mapPartitions(f, preservesPartitioning));
};

proto.glom = function <T>(this: DStream<T>): DStream<T[]> {
  return perBatch(this, 'glom', (rdd) => rdd.glom());
};

proto.repartition = function <T>(this: DStream<T>, numPartitions: number): DStream<T> {
  return perBatch(this, 'repartition', (rdd) => rdd.repartition(numPartitions));
};

proto.union = function <T>(this: DStream<T>, other: DStream<T>): DStream<T> {
  return new UnionDStream<T>([this, other]);
};

proto.count = function <T>(this: DStream<T>): DStream<number> {
  return perBatch(this, 'count', (rdd) => {
    // A zero partition makes an empty batch count 0, as Spark's union with (null, 0L) does.
    const perPartition = new PartitionFoldRDD<T, number>(rdd, () => 0, (n) => n + 1, false, 'count');
    const sum = (a: number, b: number): number => a + b;
    return new PartitionFoldRDD(perPartition.union(rdd.sc.parallelize([0], 1)).coalesce(1), () => 0, sum, false, 'count');
  });
};

proto.reduce = function <T>(this: DStream<T>, f: (a: T, b: T) => T): DStream<T> {
  f = syncUserFunction('reduce', f);
  const fold = (rdd: RDD<T>): RDD<T> =>
    new PartitionFoldRDD<T, T>(rdd, () => undefined as T, (acc, x, first) => (first ? x : f(acc, x)), true, 'reduce');
  return perBatch(this, 'reduce', (rdd) => fold(fold(rdd).coalesce(1)));
};

proto.countByValue = function <T>(this: DStream<T>, numPartitions?: number): DStream<[T, number]> {
  const partitions = numPartitions ?? this.ssc.sparkContext.defaultParallelism;
  return perBatch(this, 'countByValue', (rdd) => rdd.map((x): [T, number] => [x, 1]).reduceByKey((a, b) => a + b, partitions));
};

proto.transform = function <T, U>(this: DStream<T>, f: (rdd: RDD<T>, time: Time) => RDD<U>): DStream<U> {
  return perBatch(this, 'transform', f);
};

proto.transformWith = function <T, U, V>(
  this: DStream<T>,
  other: DStream<U>,
  f: (rdd1: RDD<T>, rdd2: RDD<U>, time: Time) => RDD<V>,
): DStream<V> {
  return new TransformedDStream<V>(
    [this as DStream<unknown>, other as DStream<unknown>],
    (rdds, time) => f(rdds[0] as RDD<T>, rdds[1] as RDD<U>, time),
    'transformWith',
  );
};

proto.slice = function <T>(this: DStream<T>, fromTime: Time | number, toTime: Time | number): Array<RDD<T>> {
  const zero = this.zeroTime;
  if (zero === undefined) {
    throw illegalState(`${this} has not been initialized, so it has no RDDs to slice.`, 'Start the StreamingContext first.');
  }
  const slide = this.slideDuration;
  const align = (t: Time): Time => (t.since(zero).isMultipleOf(slide) ? t : t.floor(slide, zero));
  const from = align(typeof fromTime === 'number' ? new Time(fromTime) : fromTime);
  let to = align(typeof toTime === 'number' ? new Time(toTime) : toTime);
  // Never compute batches that have not happened yet (that would consume future input).
  const last = this.ssc.lastBatchTime;
  if (last !== undefined && to.greater(last)) to = last;
  const out: Array<RDD<T>> = [];
  for (const t of from.to(to, slide)) {
    if (t.greaterEq(zero)) {
      const rdd = this.getOrCompute(t);
      if (rdd) out.push(rdd);
    }
  }
  return out;
};

proto.persist = function <T>(this: DStream<T>, level: StorageLevel = 'MEMORY_ONLY'): DStream<T> {
  this.storageLevel = level;
  return this;
};

proto.cache = function <T>(this: DStream<T>): DStream<T> {
  return this.persist('MEMORY_ONLY');
};

proto.checkpoint = function <T>(this: DStream<T>, interval: Duration): DStream<T> {
  this.ssc.assertGraphEditable('a checkpoint interval');
  this.checkpointDuration = interval;
  this.persist();
  return this;
};

proto.foreachRDD = function <T>(this: DStream<T>, f: (rdd: RDD<T>, time: Time) => void | Promise<void>): void {
  new ForEachDStream<T>(this, f, 'foreachRDD');
};

proto.print = function <T>(this: DStream<T>, num = 10): void {
  const ssc = this.ssc;
  const out: ForEachDStream<T> = new ForEachDStream<T>(
    this,
    async (rdd, time) => {
      const text = await printBatch(rdd as RDD<unknown>, time, num);
      ssc.out(text);
      ssc.bus.post({ type: 'output.text', payload: { batchTime: time.milliseconds, outputOpId: out.outputOpId, text } });
    },
    'print',
  );
};

proto.saveAsTextFiles = function <T>(this: DStream<T>, prefix: string, suffix?: string): void {
  new ForEachDStream<T>(
    this,
    async (rdd, time) => {
      // Idempotent per batch time: a batch re-run after a recovery replaces its directory.
      await rdd.saveAsTextFile(path.resolve(rddToFileName(prefix, suffix, time)), { replace: true });
    },
    'saveAsTextFiles',
  );
};

/**
 * `prefix-<ms>.suffix`, Spark's `StreamingContext.rddToFileName`: the dash only after a
 * non-empty prefix and the dot only before a non-empty suffix (`('', 'rel')` gives `1000.rel`).
 */
export function rddToFileName(prefix: string | undefined, suffix: string | undefined, time: Time): string {
  let name = String(time.milliseconds);
  if (prefix) name = `${prefix}-${name}`;
  if (suffix) name = `${name}.${suffix}`;
  return name;
}
