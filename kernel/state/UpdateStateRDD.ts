import type { SparkContext } from '../core/SparkContext';
import { oneToOne, type Dependency } from '../rdd/Dependency';
import { KeyMap } from '../rdd/KeyMap';
import type { Partitioner } from '../rdd/Partitioner';
import { RDD, type Sink } from '../rdd/RDD';

/** An `updateStateByKey` function: the key's new values (maybe none) and its state; undefined removes the key. */
export type UpdateFunction<V, S> = (values: V[], state: S | undefined) => S | undefined;

/**
 * One batch of updateStateByKey: partition i = the previous states of partition i, each
 * passed through `f` with the key's new values (`[]` when it has none), then `f` for keys
 * that are new. Both inputs are laid out by the same partitioner, so no data moves here;
 * the partition's `[key, state]` pairs are plain data once computed.
 */
export class UpdateStateRDD<K, V, S> extends RDD<[K, S]> {
  // why: parents are reached only through `deps`, so the lineage cut after each batch frees them.
  private readonly hasPrevious: boolean;
  private readonly hasData: boolean;

  constructor(
    sc: SparkContext,
    previous: RDD<[K, S]> | undefined,
    data: RDD<[K, V]> | undefined,
    partitioner: Partitioner,
    private readonly f: UpdateFunction<V, S>,
  ) {
    const deps: Dependency[] = [];
    if (previous) deps.push(oneToOne(previous as RDD<unknown>));
    if (data) deps.push(oneToOne(data as RDD<unknown>));
    super(sc, deps, 'updateStateByKey');
    this.hasPrevious = previous !== undefined;
    this.hasData = data !== undefined;
    this.partitioner = partitioner;
  }

  getNumPartitions(): number {
    return (this.partitioner as Partitioner).numPartitions;
  }

  protected compute(split: number, sink: Sink<[K, S]>): void {
    const f = this.f;
    const previous = this.hasPrevious ? (this.deps[0].rdd as RDD<[K, S]>) : undefined;
    const data = this.hasData ? (this.deps[this.hasPrevious ? 1 : 0].rdd as RDD<[K, V]>) : undefined;
    const fresh = new KeyMap<K, V[]>();
    data?.iterator(split, (kv) => {
      const vs = fresh.get(kv[0]);
      if (vs === undefined) fresh.set(kv[0], [kv[1]]);
      else vs.push(kv[1]);
    });
    previous?.iterator(split, (kv) => {
      const vs = fresh.get(kv[0]);
      if (vs !== undefined) fresh.delete(kv[0]);
      const s = f(vs ?? [], kv[1]);
      if (s !== undefined) sink([kv[0], s]);
    });
    fresh.forEach((vs, k) => {
      const s = f(vs, undefined);
      if (s !== undefined) sink([k, s]);
    });
  }
}
