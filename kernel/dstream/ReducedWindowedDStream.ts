import type { Partitioner } from '../rdd/Partitioner';
import type { RDD } from '../rdd/RDD';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';
import './pairOperations';
import { ReducedWindowRDD } from './ReducedWindowRDD';
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

  override get dataPartitioner(): Partitioner {
    return this.partitioner;
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

    const parts = { previous, old: oldRDDs, fresh: newRDDs };
    const sc = this.ssc.sparkContext;
    return new ReducedWindowRDD<K, V>(sc, parts, this.partitioner, this.reduceFunc, this.invReduceFunc, this.filterFunc, this.name).checkpoint();
  }

  protected override describeExtra(): string {
    const filter = this.filterFunc ? ', filtered' : '';
    return `window ${this.windowDuration.toShortString()}, inverse reduce${filter}, ${this.partitioner.numPartitions} partitions`;
  }
}
