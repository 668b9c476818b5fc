import type { SparkContext } from '../core/SparkContext';
import { RDD, type Sink } from './RDD';

/**
 * A local array cut into `numSlices` partitions the way Spark slices it:
 * slice i holds elements [floor(i*len/n), floor((i+1)*len/n)).
 */
export class ParallelCollectionRDD<T> extends RDD<T> {
  private readonly data: readonly T[];

  constructor(sc: SparkContext, data: readonly T[], private readonly numSlices: number, scope = 'parallelize') {
    super(sc, [], scope);
    if (!Number.isInteger(numSlices) || numSlices < 1) {
      throw new RangeError(`parallelize needs a whole number of slices of at least 1, got ${numSlices}.`);
    }
    this.data = data.slice(); // later changes to the caller's array must not reach the RDD
  }

  getNumPartitions(): number {
    return this.numSlices;
  }

  protected compute(split: number, sink: Sink<T>): void {
    const data = this.data;
    const end = Math.floor(((split + 1) * data.length) / this.numSlices);
    for (let i = Math.floor((split * data.length) / this.numSlices); i < end; i++) sink(data[i]);
  }
}
