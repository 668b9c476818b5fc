import type { SparkContext } from '../core/SparkContext';
import { oneToOne } from './Dependency';
import type { Partitioner } from './Partitioner';
import { RDD, type Sink } from './RDD';

/**
 * The union of RDDs laid out by one partitioner (Spark's PartitionerAwareUnionRDD):
 * partition i is partition i of every parent, one after another, so m parents of p
 * partitions each give p partitions, not m × p, and the partitioner is kept. A later
 * `reduceByKey`/`join` with that partitioner then needs no shuffle.
 *
 *   parents (HashPartitioner(2)):   A: [a0 | a1]   B: [b0 | b1]
 *   union:                          [a0 b0 | a1 b1]            (2 partitions)
 *
 * `sc.union` / `rdd.union` choose it when every non-empty RDD has the same partitioner.
 * Parents are reached only through `deps` (one-to-one), so a lineage cut frees them.
 * Throws a RangeError when given no RDDs, an RDD without a partitioner, or two partitioners.
 */
export class PartitionerAwareUnionRDD<T> extends RDD<T> {
  constructor(sc: SparkContext, rdds: ReadonlyArray<RDD<T>>) {
    if (rdds.length === 0) throw new RangeError('A partitioner-aware union needs at least one RDD.');
    const partitioner = rdds[0].partitioner;
    const other = rdds.find((r) => partitioner === undefined || !partitioner.equals(r.partitioner));
    if (partitioner === undefined || other !== undefined) {
      throw new RangeError(
        `A partitioner-aware union needs one partitioner for all its RDDs, got ${rdds.map((r) => `${r}: ${r.partitioner ?? 'none'}`).join(', ')}. ` +
          'Use sc.union, which falls back to a plain union.',
      );
    }
    super(sc, rdds.map((r) => oneToOne(r as RDD<unknown>)), 'union');
    this.partitioner = partitioner;
  }

  getNumPartitions(): number {
    return (this.partitioner as Partitioner).numPartitions;
  }

  protected compute(split: number, sink: Sink<T>): void {
    for (const dep of this.deps) (dep.rdd as RDD<T>).iterator(split, sink);
  }
}
