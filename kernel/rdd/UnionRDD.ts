import type { SparkContext } from '../core/SparkContext';
import { NarrowDependency } from './Dependency';
import { RDD, type Sink } from './RDD';

/**
 * The partitions of several RDDs side by side, in order: no data moves (Spark's UnionRDD).
 * For RDDs sharing a partitioner, `sc.union` makes a PartitionerAwareUnionRDD instead.
 * Parents are reached only through `deps`, so a lineage cut frees them.
 */
export class UnionRDD<T> extends RDD<T> {
  /** For each output partition: which parent, and which of its partitions. */
  private readonly layout: Array<[number, number]> = [];

  constructor(sc: SparkContext, rdds: ReadonlyArray<RDD<T>>) {
    super(sc, UnionRDD.dependencies(rdds), 'union');
    rdds.forEach((rdd, i) => {
      for (let p = 0; p < rdd.getNumPartitions(); p++) this.layout.push([i, p]);
    });
  }

  private static dependencies<T>(rdds: ReadonlyArray<RDD<T>>): NarrowDependency[] {
    let start = 0;
    return rdds.map((rdd) => {
      const outStart = start;
      const n = rdd.getNumPartitions();
      start += n;
      return new NarrowDependency(rdd as RDD<unknown>, (split) =>
        split >= outStart && split < outStart + n ? [split - outStart] : [],
      );
    });
  }

  getNumPartitions(): number {
    return this.layout.length;
  }

  protected compute(split: number, sink: Sink<T>): void {
    const [which, p] = this.layout[split];
    (this.deps[which].rdd as RDD<T>).iterator(p, sink);
  }
}
