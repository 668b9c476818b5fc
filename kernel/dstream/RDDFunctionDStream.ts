import type { RDD } from '../rdd/RDD';
import { requireRDD } from './requireRDD';
import type { Time } from '../util/Time';
import type { DStream } from './DStream';
import { PerBatchDStream } from './PerBatchDStream';

/**
 * A batch-by-batch step given as a function of the parent's RDD (and the batch time):
 * `transform`, and the kernel's own per-RDD steps (`glom`, `repartition`, `count`,
 * `reduce`, `reduceByKey`, `mapValues`, ...), each named for `:graph`.
 */
export class RDDFunctionDStream<T, U> extends PerBatchDStream<T, U> {
  constructor(parent: DStream<T>, private readonly f: (rdd: RDD<T>, time: Time) => RDD<U>, name: string) {
    super(parent, name);
  }

  protected apply(rdd: RDD<T>, time: Time): RDD<U> {
    return requireRDD(this.f(rdd, time), this);
  }
}
