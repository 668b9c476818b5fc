import { CoGroupedRDD } from '../rdd/CoGroupedRDD';
import type { Partitioner } from '../rdd/Partitioner';
import type { RDD } from '../rdd/RDD';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';
import './pairOperations';
import { windowDurations } from './windowDurations';

/**
 * `reduceByKeyAndWindow(f, invF, w, s)`, done incrementally as Spark's ReducedWindowedDStream:
 * each slide takes the previous window's result, "subtracts" the batches that left with
 * `invF` and adds the batches that entered with `f`. The work per slide is proportional
 * to the batches entering and leaving (and the keys held), not to the window's length.
 *
 *    _____________________________
 *   |  previous window   _________|___________________
 *   |___________________|       current window        |  --------------> Time
 *                       |_____________________________|
 *
 *   |________ _________|          |________ _________|
 *            |                             |
 *            V                             V
 *         old RDDs                     new RDDs
 *
 * Keys whose value drops to the "zero" of `invF` stay, unless `filterFunc` removes them.
 * Each result depends on the previous one, so the stream must checkpoint; here every
 * result is also cut from its lineage once computed (it is held in memory anyway), so
 * the chain of previous windows never grows.
 */
export class ReducedWindowedDStream<K, V> extends DStream<[K, V]> {
  override mustCheckpoint = true;
  readonly reducedStream: DStream<[K, V]>;
  private readonly slide: Duration;

  constructor(
    readonly parent: DStream<[K, V]>,
    private readonly reduceFunc: (a: V, b: V) => V,
    private readonly invReduceFunc: (a: V, b: V) => V,
    private readonly filterFunc: ((kv: [K, V]) => boolean) | undefined,
    readonly windowDuration: Duration,
    slideDuration: Duration | undefined,
    readonly partitioner: Partitioner,
    name = 'reduceByKeyAndWindow',
  ) {
    const slide = windowDurations(parent as DStream<unknown>, name, windowDuration, slideDuration);
    const reduced = parent.reduceByKey(reduceFunc, partitioner);
    super(parent.ssc, name);
    this.slide = slide;
    this.reducedStream = reduced;
    this.storageLevel = 'MEMORY_ONLY';
    reduced.persist();
  }

  get slideDuration(): Duration {
    return this.slide;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return [this.reducedStream as DStream<unknown>];
  }

  override get parentRememberDuration(): Duration {
    return (this.rememberDuration as Duration).plus(this.windowDuration);
  }

  compute(validTime: Time): RDD<[K, V]> {
    const step = this.parent.slideDuration;
    const currentBegin = validTime.minus(this.windowDuration).plus(step);
    const previousBegin = currentBegin.minus(this.slide);
    const previousEnd = validTime.minus(this.slide);

    const oldRDDs = this.reducedStream.slice(previousBegin, currentBegin.minus(step));
    const newRDDs = this.reducedStream.slice(previousEnd.plus(step), validTime);
    const previous = this.getOrCompute(previousEnd) ?? this.ssc.sparkContext.emptyRDD<[K, V]>();

    const all = [previous, ...oldRDDs, ...newRDDs] as Array<RDD<[K, unknown]>>;
    const grouped = new CoGroupedRDD<K>(all, this.partitioner, this.name) as unknown as RDD<[K, V[][]]>;
    const merged = grouped.mapValues(this.merger(oldRDDs.length, newRDDs.length));
    const result = this.filterFunc ? merged.filter(this.filterFunc) : merged;
    return result.checkpoint();
  }

  /** Merges one key's [previous, old..., new...] values (each list holds at most one reduced value). */
  private merger(numOld: number, numNew: number): (groups: V[][]) => V {
    const reduce = this.reduceFunc;
    const invReduce = this.invReduceFunc;
    return (groups) => {
      let oldAcc: { v: V } | undefined;
      let newAcc: { v: V } | undefined;
      for (let i = 1; i <= numOld; i++) {
        const g = groups[i];
        if (g.length > 0) oldAcc = oldAcc ? { v: reduce(oldAcc.v, g[0]) } : { v: g[0] };
      }
      for (let i = numOld + 1; i <= numOld + numNew; i++) {
        const g = groups[i];
        if (g.length > 0) newAcc = newAcc ? { v: reduce(newAcc.v, g[0]) } : { v: g[0] };
      }
      const prev = groups[0];
      if (prev.length === 0) {
        if (newAcc === undefined) {
          throw new Error('internal: a key has neither a previous window value nor new values; do its keys hash consistently?');
        }
        return newAcc.v;
      }
      let value = prev[0];
      if (oldAcc !== undefined) value = invReduce(value, oldAcc.v);
      if (newAcc !== undefined) value = reduce(value, newAcc.v);
      return value;
    };
  }

  protected override describeExtra(): string {
    const filter = this.filterFunc ? ', filtered' : '';
    return `window ${this.windowDuration.toShortString()}, slide ${this.slide.toShortString()}, inverse reduce${filter}, ${this.partitioner.numPartitions} partitions`;
  }
}
