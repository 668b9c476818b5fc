/**
 * Window operations (Spark's DStream and PairDStreamFunctions window methods), added to
 * DStream's prototype. Each checks its durations synchronously (windowDurations) and is
 * built from WindowedDStream or ReducedWindowedDStream, as in Spark.
 */
import { syncUserFunction } from '../errors/syncUserFunction';
import type { PartitionSpec } from '../rdd/pairOperations';
import type { Duration } from '../util/Duration';
import { DStream } from './DStream';
import { perBatch } from './operations';
import { streamPartitioner } from './pairOperations';
import { ReducedWindowedDStream } from './ReducedWindowedDStream';
import { WindowedDStream } from './WindowedDStream';
import { windowDurations } from './windowDurations';

type Reduce<V> = (a: V, b: V) => V;

declare module './DStream' {
  interface DStream<T> {
    /** Every `slideDuration` (default: this stream's slide), all elements of the last `windowDuration`. */
    window(windowDuration: Duration, slideDuration?: Duration): DStream<T>;
    /** The number of elements in each window (0 for an empty one). Incremental: needs ssc.checkpoint(dir). */
    countByWindow(windowDuration: Duration, slideDuration: Duration): DStream<number>;
    /** One element per non-empty window: its elements reduced with `f`. */
    reduceByWindow(f: Reduce<T>, windowDuration: Duration, slideDuration: Duration): DStream<T>;
    /** As above, incrementally: `invF` removes what left the window. Needs ssc.checkpoint(dir). */
    reduceByWindow(f: Reduce<T>, invF: Reduce<T>, windowDuration: Duration, slideDuration: Duration): DStream<T>;
    /** Counts of each distinct element in each window (values counting 0 dropped). Needs ssc.checkpoint(dir). */
    countByValueAndWindow(windowDuration: Duration, slideDuration: Duration, partitions?: PartitionSpec): DStream<[T, number]>;
    groupByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      windowDuration: Duration,
      slideDuration?: Duration,
      partitions?: PartitionSpec,
    ): DStream<[K, V[]]>;
    /** Values of each key reduced over the window, recomputed from the window's batches each slide. */
    reduceByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      f: Reduce<V>,
      windowDuration: Duration,
      slideDuration?: Duration,
      partitions?: PartitionSpec,
    ): DStream<[K, V]>;
    /**
     * Incremental form: the previous window's values, minus (`invF`) the batches that left,
     * plus (`f`) those that entered. Keys reduced to zero stay unless `filterF` drops them.
     * Needs ssc.checkpoint(dir).
     */
    reduceByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      f: Reduce<V>,
      invF: Reduce<V>,
      windowDuration: Duration,
      slideDuration: Duration,
      partitions?: PartitionSpec,
      filterF?: (kv: [K, V]) => boolean,
    ): DStream<[K, V]>;
  }
}

const proto = DStream.prototype;

proto.window = function <T>(this: DStream<T>, windowDuration: Duration, slideDuration?: Duration): DStream<T> {
  return new WindowedDStream<T>(this, windowDuration, slideDuration);
};

proto.countByWindow = function <T>(this: DStream<T>, windowDuration: Duration, slideDuration: Duration): DStream<number> {
  windowDurations(this as DStream<unknown>, 'countByWindow', windowDuration, slideDuration);
  // Spark: map(_ => 1L).reduceByWindow(_ + _, _ - _, ...), so an emptied window counts 0.
  const ones = perBatch(this, 'countByWindow', (rdd) => rdd.map((): number => 1));
  return ones.reduceByWindow(
    (a, b) => a + b,
    (a, b) => a - b,
    windowDuration,
    slideDuration,
  );
};

proto.reduceByWindow = function <T>(
  this: DStream<T>,
  f: Reduce<T>,
  second: Reduce<T> | Duration,
  third: Duration,
  fourth?: Duration,
): DStream<T> {
  if (typeof second === 'function') {
    const windowDuration = third;
    const slideDuration = fourth as Duration;
    windowDurations(this as DStream<unknown>, 'reduceByWindow', windowDuration, slideDuration);
    // Spark: one key for everything, one partition, through the incremental pair window.
    const keyed = perBatch(this, 'reduceByWindow', (rdd) => rdd.map((x): [number, T] => [1, x]));
    const reduced = new ReducedWindowedDStream<number, T>(keyed, f, second, undefined, windowDuration, slideDuration, streamPartitioner(this as DStream<unknown>, 1), 'reduceByWindow');
    return perBatch(reduced, 'values', (rdd) => rdd.map((kv) => kv[1]));
  }
  const windowDuration = second;
  const slideDuration = third;
  windowDurations(this as DStream<unknown>, 'reduceByWindow', windowDuration, slideDuration);
  return this.reduce(f).window(windowDuration, slideDuration).reduce(f);
};

proto.countByValueAndWindow = function <T>(
  this: DStream<T>,
  windowDuration: Duration,
  slideDuration: Duration,
  partitions?: PartitionSpec,
): DStream<[T, number]> {
  windowDurations(this as DStream<unknown>, 'countByValueAndWindow', windowDuration, slideDuration);
  const pairs = perBatch(this, 'countByValueAndWindow', (rdd) => rdd.map((x): [T, number] => [x, 1]));
  return pairs.reduceByKeyAndWindow(
    (a, b) => a + b,
    (a, b) => a - b,
    windowDuration,
    slideDuration,
    partitions,
    (kv) => kv[1] !== 0,
  );
};

proto.groupByKeyAndWindow = function <K, V>(
  this: DStream<[K, V]>,
  windowDuration: Duration,
  slideDuration?: Duration,
  partitions?: PartitionSpec,
): DStream<[K, V[]]> {
  windowDurations(this as DStream<unknown>, 'groupByKeyAndWindow', windowDuration, slideDuration);
  const p = streamPartitioner(this as DStream<unknown>, partitions);
  return this.groupByKey(p)
    .window(windowDuration, slideDuration)
    .combineByKey<K, V[], V[]>(
      (vs) => vs.slice(),
      (buf, vs) => append(buf, vs),
      (a, b) => append(a, b),
      p,
    );
};

function append<V>(buf: V[], more: V[]): V[] {
  for (let i = 0; i < more.length; i++) buf.push(more[i]);
  return buf;
}

proto.reduceByKeyAndWindow = function <K, V>(
  this: DStream<[K, V]>,
  f: Reduce<V>,
  second: Reduce<V> | Duration,
  third?: Duration,
  fourth?: Duration | PartitionSpec,
  fifth?: PartitionSpec,
  filterF?: (kv: [K, V]) => boolean,
): DStream<[K, V]> {
  if (typeof second === 'function') {
    const windowDuration = third as Duration;
    const partitioner = streamPartitioner(this as DStream<unknown>, fifth);
    f = syncUserFunction('reduceByKeyAndWindow', f);
    second = syncUserFunction('reduceByKeyAndWindow (inverse)', second);
    filterF = syncUserFunction('reduceByKeyAndWindow (filter)', filterF);
    return new ReducedWindowedDStream<K, V>(this, f, second, filterF, windowDuration, fourth as Duration | undefined, partitioner);
  }
  const windowDuration = second;
  windowDurations(this as DStream<unknown>, 'reduceByKeyAndWindow', windowDuration, third);
  const partitioner = streamPartitioner(this as DStream<unknown>, fourth as PartitionSpec | undefined);
  return this.reduceByKey(f, partitioner).window(windowDuration, third).reduceByKey(f, partitioner);
};
