import type { Aggregator } from './Aggregator';
import { ShuffleDependency } from './Dependency';
import { KeyMap } from './KeyMap';
import type { Partitioner } from './Partitioner';
import { RDD, type Sink } from './RDD';

/**
 * The reduce side of a shuffle: partition i gathers bucket i of every map output and,
 * with an aggregator, merges values of equal keys (keys compared by value).
 */
export class ShuffledRDD<K, V, C> extends RDD<[K, C]> {
  private readonly dep: ShuffleDependency<K, V, C>;

  constructor(
    prev: RDD<[K, V]>,
    partitioner: Partitioner,
    aggregator: Aggregator<K, V, C> | undefined,
    mapSideCombine: boolean,
    scope: string,
  ) {
    const dep = new ShuffleDependency<K, V, C>(prev, partitioner, aggregator, mapSideCombine, prev.sc.newShuffleId());
    super(prev.sc, [dep as unknown as ShuffleDependency<unknown, unknown, unknown>], scope);
    this.dep = dep;
    this.partitioner = partitioner;
  }

  getNumPartitions(): number {
    return this.dep.partitioner.numPartitions;
  }

  protected compute(split: number, sink: Sink<[K, C]>): void {
    const { mapOutputs, aggregator, mapSideCombine } = this.dep;
    if (mapOutputs === undefined) throw new Error(`internal: map outputs of shuffle ${this.dep.shuffleId} are missing`);
    if (aggregator === undefined) {
      for (const output of mapOutputs) {
        const bucket = output[split];
        for (let i = 0; i < bucket.length; i++) sink(bucket[i]);
      }
      return;
    }
    const merged = new KeyMap<K, C>();
    for (const output of mapOutputs) {
      const bucket = output[split] as unknown as Array<[K, unknown]>;
      for (let i = 0; i < bucket.length; i++) {
        const [k, x] = bucket[i];
        const current = merged.get(k);
        if (current === undefined && !merged.has(k)) {
          merged.set(k, mapSideCombine ? (x as C) : aggregator.createCombiner(x as V, k));
        } else {
          merged.set(k, mapSideCombine ? aggregator.mergeCombiners(current as C, x as C, k) : aggregator.mergeValue(current as C, x as V, k));
        }
      }
    }
    merged.forEach((c, k) => sink([k, c]));
  }
}
