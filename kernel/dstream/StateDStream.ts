import type { Partitioner } from '../rdd/Partitioner';
import type { RDD } from '../rdd/RDD';
import { UpdateStateRDD, type UpdateFunction } from '../state/UpdateStateRDD';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';

/**
 * `updateStateByKey` (Spark's StateDStream): batch t's states are batch t-1's states,
 * each key passed through `f` with its new values of batch t (`[]` when none), plus the
 * keys seen for the first time. `f` returning undefined removes the key.
 *
 *   data:    | a a |  b  |     |
 *   states:  | a:2 | a:2 | a:2 |     (f = count: (vs, s) => (s ?? 0) + vs.length)
 *                  | b:1 | b:1 |
 *
 * Each state RDD is persisted and cut from its lineage once computed, so the chain of
 * earlier states never grows; a checkpoint directory is still required, as in Spark.
 */
export class StateDStream<K, V, S> extends DStream<[K, S]> {
  override mustCheckpoint = true;

  constructor(
    readonly parent: DStream<[K, V]>,
    private readonly updateFunc: UpdateFunction<V, S>,
    readonly partitioner: Partitioner,
    private readonly initialRDD: RDD<[K, S]> | undefined,
  ) {
    super(parent.ssc, 'updateStateByKey');
    this.storageLevel = 'MEMORY_ONLY';
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  override get dataPartitioner(): Partitioner {
    return this.partitioner;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return [this.parent as DStream<unknown>];
  }

  compute(validTime: Time): RDD<[K, S]> | undefined {
    const previous = this.getOrCompute(validTime.minus(this.slideDuration));
    const data = this.parent.getOrCompute(validTime);
    if (previous === undefined && data === undefined) return undefined;
    const base = previous ?? this.initialRDD?.partitionBy(this.partitioner);
    const partitioned = data?.partitionBy(this.partitioner);
    return new UpdateStateRDD<K, V, S>(this.ssc.sparkContext, base, partitioned, this.partitioner, this.updateFunc).checkpoint();
  }

  protected override describeExtra(): string {
    return `state, ${this.partitioner.numPartitions} partitions${this.initialRDD ? ', initial states' : ''}`;
  }
}
