import type { Partitioner } from '../rdd/Partitioner';
import type { RDD } from '../rdd/RDD';
import { DeltaStateMap } from '../state/DeltaStateMap';
import { MapWithStateRDD, type MapWithStateRecord } from '../state/MapWithStateRDD';
import type { StateSpec } from '../state/StateSpec';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';
import './pairOperations';
import { streamPartitioner } from './pairOperations';

/** Spark's default: state streams checkpoint every 10 batches. */
const CHECKPOINT_MULTIPLIER = 10;

/**
 * The state half of `mapWithState` (Spark's InternalMapWithStateDStream): one
 * MapWithStateRDD per batch, built on the previous batch's (or the initial states).
 *
 * As in Spark, idle keys are looked for (a scan of every state) only on the batches
 * where the state is checkpointed (every 10 batches unless `checkpoint(interval)` says
 * otherwise), so a key times out between `timeout` and `timeout + interval` after its
 * last record. Each state RDD is cut from its lineage once computed.
 */
export class InternalMapWithStateDStream<K, V, S, R> extends DStream<MapWithStateRecord<K, S, R>> {
  override mustCheckpoint = true;
  readonly partitioner: Partitioner;

  constructor(readonly parent: DStream<[K, V]>, readonly spec: StateSpec<K, V, S, R>) {
    super(parent.ssc, 'mapWithState');
    this.partitioner = spec.getPartitioner() ?? streamPartitioner(parent as DStream<unknown>, undefined);
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

  override initialize(zeroTime: Time): void {
    this.checkpointDuration ??= this.slideDuration.times(CHECKPOINT_MULTIPLIER);
    super.initialize(zeroTime);
  }

  compute(validTime: Time): RDD<MapWithStateRecord<K, S, R>> {
    const previous = this.getOrCompute(validTime.minus(this.slideDuration));
    const initial = previous ? undefined : this.spec.getInitialStateRDD()?.partitionBy(this.partitioner);
    const data = (this.parent.getOrCompute(validTime) ?? this.ssc.sparkContext.emptyRDD<[K, V]>()).partitionBy(this.partitioner);
    const timeout = this.spec.getTimeout();
    const threshold = timeout === undefined ? undefined : validTime.minus(timeout).milliseconds;
    const zero = this.zeroTime as Time;
    const fullScan = this.checkpointDuration !== undefined && validTime.since(zero).isMultipleOf(this.checkpointDuration);
    const rdd = new MapWithStateRDD<K, V, S, R>(
      { previous: previous as RDD<MapWithStateRecord<K, S, unknown>> | undefined, initial, data },
      this.partitioner,
      this.spec.timedFunction,
      validTime,
      threshold,
      fullScan,
    );
    return rdd.checkpoint();
  }

  /** A checkpoint keeps each partition's states as `[key, state, last-touched ms]` (for timeouts). */
  override encodePartition(partition: Array<MapWithStateRecord<K, S, R>>): unknown[] {
    return partition.flatMap((record) => [...record.stateMap.getAll()].map(([k, e]) => [k, e.state, e.updateTime]));
  }

  override decodePartition(data: unknown[]): Array<MapWithStateRecord<K, S, R>> {
    const stateMap = new DeltaStateMap<K, S>();
    for (const [k, state, updateTime] of data as Array<[K, S, number]>) stateMap.put(k, state, updateTime);
    return [{ stateMap, mappedData: [] }];
  }

  protected override describeExtra(): string {
    const timeout = this.spec.getTimeout();
    const parts = [`state, ${this.partitioner.numPartitions} partitions`];
    parts.push(timeout ? `timeout ${timeout.toShortString()}` : 'no timeout');
    if (this.spec.getInitialStateRDD()) parts.push('initial states');
    return parts.join(', ');
  }
}
