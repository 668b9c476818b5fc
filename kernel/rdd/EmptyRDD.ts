import type { SparkContext } from '../core/SparkContext';
import { RDD } from './RDD';

/** An RDD with no partitions, as `sc.emptyRDD()`. */
export class EmptyRDD<T> extends RDD<T> {
  constructor(sc: SparkContext) {
    super(sc, [], 'emptyRDD');
  }

  getNumPartitions(): number {
    return 0;
  }

  protected compute(): void {
    // no partitions, nothing to compute
  }
}
