/**
 * State operations (Spark's updateStateByKey and mapWithState), added to DStream's
 * prototype. Both keep data across batches and so need ssc.checkpoint(dir).
 */
import { syncUserFunction } from '../errors/syncUserFunction';
import { invalidArgument } from '../errors/EddyError';
import type { PartitionSpec } from '../rdd/pairOperations';
import type { RDD } from '../rdd/RDD';
import { StateSpec } from '../state/StateSpec';
import type { UpdateFunction } from '../state/UpdateStateRDD';
import { DStream } from './DStream';
import { MapWithStateDStream } from './MapWithStateDStream';
import { streamPartitioner } from './pairOperations';
import { StateDStream } from './StateDStream';

declare module './DStream' {
  interface DStream<T> {
    /**
     * Keeps a state per key: each batch, `f(newValues, state)` for every key with state or
     * new values (`[]` when none); returning undefined removes the key. Needs ssc.checkpoint(dir).
     */
    updateStateByKey<K, V, S>(
      this: DStream<[K, V]>,
      f: UpdateFunction<V, S>,
      partitions?: PartitionSpec,
      initialRDD?: RDD<[K, S]>,
    ): DStream<[K, S]>;
    /** Calls the spec's function once per record with the key's State; emits what it returns. Needs ssc.checkpoint(dir). */
    mapWithState<K, V, S, R>(this: DStream<[K, V]>, spec: StateSpec<K, V, S, R>): MapWithStateDStream<K, V, S, R>;
  }
}

const proto = DStream.prototype;

proto.updateStateByKey = function <K, V, S>(
  this: DStream<[K, V]>,
  f: UpdateFunction<V, S>,
  partitions?: PartitionSpec,
  initialRDD?: RDD<[K, S]>,
): DStream<[K, S]> {
  if (typeof f !== 'function') {
    throw invalidArgument(
      `updateStateByKey needs a function (values, state) => newState, got ${typeof f}.`,
      'Pass e.g. (values, state) => (state ?? 0) + values.length.',
    );
  }
  return new StateDStream<K, V, S>(this, syncUserFunction('updateStateByKey', f), streamPartitioner(this as DStream<unknown>, partitions), initialRDD);
};

proto.mapWithState = function <K, V, S, R>(this: DStream<[K, V]>, spec: StateSpec<K, V, S, R>): MapWithStateDStream<K, V, S, R> {
  if (!(spec instanceof StateSpec)) {
    throw invalidArgument('mapWithState needs a StateSpec.', 'Pass StateSpec.function((key, value, state) => ...).');
  }
  return new MapWithStateDStream<K, V, S, R>(this, spec);
};
