import type { RDD } from './RDD';
import type { Partitioner } from './Partitioner';
import type { Aggregator } from './Aggregator';

/** An edge of the lineage graph: how a child RDD's partitions read a parent's. */
export type Dependency = NarrowDependency | ShuffleDependency<unknown, unknown, unknown>;

/** Each child partition reads a known set of parent partitions, with no shuffle. */
export class NarrowDependency {
  readonly kind = 'narrow';
  constructor(
    readonly rdd: RDD<unknown>,
    /** The parent partitions that child partition `split` reads. */
    readonly getParents: (split: number) => number[],
  ) {}
}

export function oneToOne(rdd: RDD<unknown>): NarrowDependency {
  return new NarrowDependency(rdd, (split) => [split]);
}

/** One bucket per reduce partition, written by one map task. */
export type MapOutput<K, C> = Array<Array<[K, C]>>;

/**
 * A shuffle boundary: the parent's records are bucketed by key with `partitioner`
 * (combined on the map side when `mapSideCombine`). The map outputs live on the
 * dependency itself, so they are computed once and dropped with the RDD that owns them.
 */
export class ShuffleDependency<K, V, C> {
  readonly kind = 'shuffle';
  mapOutputs: Array<MapOutput<K, C>> | undefined;
  /** Set while the map stage runs, so concurrent jobs share one computation. */
  running: Promise<void> | undefined;

  constructor(
    readonly rdd: RDD<[K, V]>,
    readonly partitioner: Partitioner,
    readonly aggregator: Aggregator<K, V, C> | undefined,
    readonly mapSideCombine: boolean,
    readonly shuffleId: number,
  ) {}
}
