import { oneToOne } from './Dependency';
import { RDD, type Sink } from './RDD';

/** `mapPartitions`: the user's function sees a whole partition as an array. */
export class WholePartitionRDD<T, U> extends RDD<U> {
  constructor(
    private readonly prev: RDD<T>,
    private readonly f: (items: T[], split: number) => Iterable<U>,
    scope: string,
    preservesPartitioning = false,
  ) {
    super(prev.sc, [oneToOne(prev as RDD<unknown>)], scope);
    if (preservesPartitioning) this.partitioner = prev.partitioner;
  }

  getNumPartitions(): number {
    return this.prev.getNumPartitions();
  }

  protected compute(split: number, sink: Sink<U>): void {
    const items: T[] = [];
    this.prev.iterator(split, (x) => {
      items.push(x);
    });
    for (const y of this.f(items, split)) sink(y);
  }
}
