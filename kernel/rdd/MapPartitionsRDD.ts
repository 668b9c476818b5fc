import { oneToOne } from './Dependency';
import { RDD, type Sink } from './RDD';

/**
 * A narrow, element-wise step (`map`, `filter`, `flatMap`, ...). `pipe` turns the
 * downstream sink into the sink this step's parent pushes into, so a chain of these
 * becomes one loop per partition.
 */
export class MapPartitionsRDD<T, U> extends RDD<U> {
  constructor(
    private readonly prev: RDD<T>,
    private readonly pipe: (downstream: Sink<U>, split: number) => Sink<T>,
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
    this.prev.iterator(split, this.pipe(sink, split));
  }
}
