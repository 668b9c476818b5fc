import { oneToOne } from './Dependency';
import { RDD, type Sink } from './RDD';

/**
 * One element per partition: the partition's elements folded with `step` from `zero()`,
 * or nothing for an empty partition when `skipEmpty`. For `count` and `reduce`, which
 * need a running value, not the partition held in an array.
 */
export class PartitionFoldRDD<T, A> extends RDD<A> {
  constructor(
    private readonly prev: RDD<T>,
    private readonly zero: () => A,
    private readonly step: (acc: A, x: T, first: boolean) => A,
    private readonly skipEmpty: boolean,
    scope: string,
  ) {
    super(prev.sc, [oneToOne(prev as RDD<unknown>)], scope);
  }

  getNumPartitions(): number {
    return this.prev.getNumPartitions();
  }

  protected compute(split: number, sink: Sink<A>): void {
    let acc = this.zero();
    let seen = false;
    this.prev.iterator(split, (x) => {
      acc = this.step(acc, x, !seen);
      seen = true;
    });
    if (seen || !this.skipEmpty) sink(acc);
  }
}
