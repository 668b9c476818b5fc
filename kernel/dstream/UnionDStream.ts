import type { RDD } from '../rdd/RDD';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';
import { requireSameSlide } from './TransformedDStream';

/**
 * The batches of several streams (same slide) put together with `sc.union`, as Spark's
 * UnionDStream: RDDs sharing a partitioner unite partition by partition (partition count and
 * partitioner kept), others sit side by side.
 */
export class UnionDStream<T> extends DStream<T> {
  constructor(private readonly parents: ReadonlyArray<DStream<T>>) {
    super(requireSameSlide(parents as ReadonlyArray<DStream<unknown>>, 'union').ssc, 'union');
  }

  get slideDuration(): Duration {
    return this.parents[0].slideDuration;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return this.parents as ReadonlyArray<DStream<unknown>>;
  }

  compute(validTime: Time): RDD<T> | undefined {
    const rdds = this.parents.map((p) => p.getOrCompute(validTime)).filter((r): r is RDD<T> => r !== undefined);
    return rdds.length === 0 ? undefined : this.ssc.sparkContext.union(rdds);
  }
}
