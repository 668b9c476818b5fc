import type { RDD } from '../rdd/RDD';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';

/**
 * The shape of every batch-by-batch operator (`map`, `filter`, `reduceByKey`, ...):
 * one parent, the same slide, and this batch's RDD made from the parent's RDD of the
 * same batch. A subclass supplies only `apply`.
 */
export abstract class PerBatchDStream<T, U> extends DStream<U> {
  constructor(readonly parent: DStream<T>, name: string) {
    super(parent.ssc, name);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return [this.parent as DStream<unknown>];
  }

  compute(validTime: Time): RDD<U> | undefined {
    const rdd = this.parent.getOrCompute(validTime);
    return rdd === undefined ? undefined : this.apply(rdd, validTime);
  }

  protected abstract apply(rdd: RDD<T>, time: Time): RDD<U>;
}
