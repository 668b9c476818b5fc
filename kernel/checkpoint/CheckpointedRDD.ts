import type { SparkContext } from '../core/SparkContext';
import type { Partitioner } from '../rdd/Partitioner';
import { RDD, type Sink } from '../rdd/RDD';

/**
 * An RDD read back from a data checkpoint (Spark's ReliableCheckpointRDD): its
 * partitions as they were saved, no lineage, and the partitioner the stream lays its
 * data out by, so the next batch reads it in place.
 */
export class CheckpointedRDD<T> extends RDD<T> {
  constructor(
    sc: SparkContext,
    private readonly partitions: T[][],
    partitioner: Partitioner | undefined,
  ) {
    super(sc, [], 'checkpoint');
    this.partitioner = partitioner;
  }

  getNumPartitions(): number {
    return this.partitions.length;
  }

  protected compute(split: number, sink: Sink<T>): void {
    const part = this.partitions[split];
    for (let i = 0; i < part.length; i++) sink(part[i]);
  }
}
