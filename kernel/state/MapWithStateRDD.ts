import { oneToOne, type Dependency } from '../rdd/Dependency';
import type { Partitioner } from '../rdd/Partitioner';
import { RDD, type Sink } from '../rdd/RDD';
import type { Time } from '../util/Time';
import { DeltaStateMap } from './DeltaStateMap';
import { StateImpl } from './State';
import type { StateMap } from './StateMap';
import type { TimedMappingFunction } from './StateSpec';

/** What one partition of a mapWithState RDD holds: its states, and what the function returned this batch. */
export interface MapWithStateRecord<K, S, R> {
  readonly stateMap: StateMap<K, S>;
  readonly mappedData: R[];
}

export interface MapWithStateInputs<K, V, S> {
  /** The previous batch's state RDD, laid out by the same partitioner. */
  previous: RDD<MapWithStateRecord<K, S, unknown>> | undefined;
  /** Initial `[key, state]` pairs, laid out by the partitioner (used when there is no previous). */
  initial: RDD<[K, S]> | undefined;
  /** This batch's records, laid out by the partitioner. */
  data: RDD<[K, V]>;
}

/**
 * One batch of mapWithState (Spark's MapWithStateRDD): one record per partition, made
 * from the previous record's state map (copied, so it stays as it was) and the batch's
 * records for that partition. When `timeoutThreshold` is set and `fullScan` is on, keys
 * last touched before it get their timing-out call and are removed.
 */
export class MapWithStateRDD<K, V, S, R> extends RDD<MapWithStateRecord<K, S, R>> {
  // why: inputs are reached only through `deps`, so the lineage cut after each batch frees them.
  private readonly base: 'previous' | 'initial' | 'none';

  constructor(
    inputs: MapWithStateInputs<K, V, S>,
    partitioner: Partitioner,
    private readonly mappingFunction: TimedMappingFunction<K, V, S, R>,
    private readonly batchTime: Time,
    private readonly timeoutThreshold: number | undefined,
    private readonly fullScan: boolean,
  ) {
    const base = inputs.previous ?? inputs.initial;
    const deps: Dependency[] = [oneToOne(inputs.data as RDD<unknown>)];
    if (base) deps.unshift(oneToOne(base as RDD<unknown>));
    super(inputs.data.sc, deps, 'mapWithState');
    this.base = inputs.previous ? 'previous' : inputs.initial ? 'initial' : 'none';
    this.partitioner = partitioner;
  }

  getNumPartitions(): number {
    return (this.partitioner as Partitioner).numPartitions;
  }

  protected compute(split: number, sink: Sink<MapWithStateRecord<K, S, R>>): void {
    const time = this.batchTime.milliseconds;
    const stateMap = this.startingMap(split, time);
    const mapped: R[] = [];
    const state = new StateImpl<S>();
    const f = this.mappingFunction;
    const touchOnRead = this.timeoutThreshold !== undefined;
    const data = this.deps[this.deps.length - 1].rdd as RDD<[K, V]>;
    data.iterator(split, (kv) => {
      const key = kv[0];
      const entry = stateMap.get(key);
      state.wrap(entry !== undefined, entry?.state);
      const out = f(this.batchTime, key, kv[1], state);
      if (state.isRemoved()) stateMap.remove(key);
      else if (state.isUpdated() || (touchOnRead && state.exists())) stateMap.put(key, state.get(), time);
      if (out !== undefined) mapped.push(out);
    });
    if (this.fullScan && this.timeoutThreshold !== undefined) {
      for (const [key, entry] of [...stateMap.getByTime(this.timeoutThreshold)]) {
        state.wrapTimingOut(entry.state);
        const out = f(this.batchTime, key, undefined, state);
        if (out !== undefined) mapped.push(out);
        stateMap.remove(key);
      }
    }
    sink({ stateMap, mappedData: mapped });
  }

  private startingMap(split: number, time: number): StateMap<K, S> {
    if (this.base === 'previous') {
      const previous = this.deps[0].rdd as RDD<MapWithStateRecord<K, S, unknown>>;
      let prior: StateMap<K, S> | undefined;
      previous.iterator(split, (r) => {
        prior = r.stateMap;
      });
      return prior ? prior.copy() : new DeltaStateMap<K, S>();
    }
    const map = new DeltaStateMap<K, S>();
    if (this.base === 'initial') (this.deps[0].rdd as RDD<[K, S]>).iterator(split, (kv) => map.put(kv[0], kv[1], time));
    return map;
  }
}
