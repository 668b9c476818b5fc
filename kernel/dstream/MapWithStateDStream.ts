import type { RDD } from '../rdd/RDD';
import type { MapWithStateRecord } from '../state/MapWithStateRDD';
import type { StateSpec } from '../state/StateSpec';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';
import { InternalMapWithStateDStream } from './InternalMapWithStateDStream';
import { perBatch } from './operations';

/**
 * What `mapWithState` returns: per batch, the values the function returned for the
 * batch's records (and for keys timing out), leaving out undefined. `stateSnapshots()`
 * gives every key's state after each batch instead.
 */
export class MapWithStateDStream<K, V, S, R> extends DStream<R> {
  private readonly internal: InternalMapWithStateDStream<K, V, S, R>;

  constructor(parent: DStream<[K, V]>, spec: StateSpec<K, V, S, R>) {
    const internal = new InternalMapWithStateDStream<K, V, S, R>(parent, spec);
    super(parent.ssc, 'mapWithState');
    this.internal = internal;
  }

  get slideDuration(): Duration {
    return this.internal.slideDuration;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return [this.internal as DStream<unknown>];
  }

  compute(validTime: Time): RDD<R> | undefined {
    return this.internal.getOrCompute(validTime)?.flatMap((record) => record.mappedData);
  }

  /** The `[key, state]` pairs of every key after each batch. */
  stateSnapshots(): DStream<[K, S]> {
    return perBatch(this.internal, 'stateSnapshots', (rdd: RDD<MapWithStateRecord<K, S, R>>) =>
      rdd.flatMap((record) => snapshot(record)),
    );
  }

  /** Sets how often the state is checkpointed (and idle keys looked for). */
  override checkpoint(interval: Duration): this {
    this.internal.checkpoint(interval);
    return this;
  }
}

function snapshot<K, S>(record: MapWithStateRecord<K, S, unknown>): Array<[K, S]> {
  const out: Array<[K, S]> = [];
  for (const [k, e] of record.stateMap.getAll()) out.push([k, e.state]);
  return out;
}
