import type { RDD } from '../rdd/RDD';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';
import './operations';
import { windowDurations } from './windowDurations';

/**
 * `window(w, s)`: every `s`, the union of the parent's RDDs in (t - w, t].
 *
 *   parent batches:  | 1 | 2 | 3 | 4 | 5 | 6 |
 *   window 3, slide 2:       [1 2 3]  [3 4 5]      computed at t = 3, 5 (slide boundaries)
 *
 * The parent is persisted, since each of its RDDs is read by every window it falls in.
 * The window is `sc.union` of those RDDs: when they share a partitioner (a `reduceByKey`
 * parent) it keeps their partition count and partitioner, as Spark's does.
 */
export class WindowedDStream<T> extends DStream<T> {
  private readonly slide: Duration;

  constructor(readonly parent: DStream<T>, readonly windowDuration: Duration, slideDuration?: Duration) {
    const slide = windowDurations(parent as DStream<unknown>, 'window', windowDuration, slideDuration);
    super(parent.ssc, 'window');
    this.slide = slide;
    parent.persist();
  }

  get slideDuration(): Duration {
    return this.slide;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return [this.parent as DStream<unknown>];
  }

  /** The parent must keep its RDDs for a whole window longer than this stream keeps its own. */
  override get parentRememberDuration(): Duration {
    return (this.rememberDuration as Duration).plus(this.windowDuration);
  }

  compute(validTime: Time): RDD<T> {
    const from = validTime.minus(this.windowDuration).plus(this.parent.slideDuration);
    return this.ssc.sparkContext.union(this.parent.slice(from, validTime));
  }

  protected override describeExtra(): string {
    return `window ${this.windowDuration.toShortString()}`;
  }
}
