import type { SparkContext } from '../core/SparkContext';
import { PartitionerAwareUnionRDD } from './PartitionerAwareUnionRDD';
import type { RDD } from './RDD';
import { UnionRDD } from './UnionRDD';

/**
 * The union of `rdds`, as Spark's `SparkContext.union`: RDDs with no partitions are left
 * out; when every remaining one has the same partitioner, a PartitionerAwareUnionRDD
 * (partition counts and partitioner kept), else a UnionRDD (partitions side by side).
 * Used by `sc.union`, `rdd.union`, `window` and `DStream.union`.
 */
export function unionOf<T>(sc: SparkContext, rdds: ReadonlyArray<RDD<T>>): RDD<T> {
  const nonEmpty = rdds.filter((r) => r.getNumPartitions() > 0);
  const first = nonEmpty[0]?.partitioner;
  if (first !== undefined && nonEmpty.every((r) => first.equals(r.partitioner))) {
    return new PartitionerAwareUnionRDD(sc, nonEmpty);
  }
  return new UnionRDD(sc, nonEmpty);
}
