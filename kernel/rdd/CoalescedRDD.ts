import { NarrowDependency } from './Dependency';
import { RDD, type Sink } from './RDD';

/**
 * Fewer partitions without a shuffle: output partition i reads the parent partitions
 * [floor(i*N/n), floor((i+1)*N/n)), keeping neighbours together and order intact.
 */
export class CoalescedRDD<T> extends RDD<T> {
  private readonly n: number;

  constructor(private readonly prev: RDD<T>, numPartitions: number) {
    const n = Math.max(0, Math.min(numPartitions, prev.getNumPartitions()));
    const groupOf = (split: number): number[] => {
      const total = prev.getNumPartitions();
      const from = Math.floor((split * total) / n);
      const to = Math.floor(((split + 1) * total) / n);
      return Array.from({ length: to - from }, (_v, i) => from + i);
    };
    super(prev.sc, [new NarrowDependency(prev as RDD<unknown>, groupOf)], 'coalesce');
    this.n = n;
  }

  getNumPartitions(): number {
    return this.n;
  }

  protected compute(split: number, sink: Sink<T>): void {
    const dep = this.deps[0] as NarrowDependency;
    for (const p of dep.getParents(split)) this.prev.iterator(p, sink);
  }
}
