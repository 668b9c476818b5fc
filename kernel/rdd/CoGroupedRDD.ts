import { oneToOne, ShuffleDependency, type Dependency } from './Dependency';
import { KeyMap } from './KeyMap';
import type { Partitioner } from './Partitioner';
import { RDD, type Sink } from './RDD';

/**
 * `cogroup` of several pair RDDs: for each key, the values from each parent in a list
 * of its own. A parent already laid out by the same partitioner is read in place;
 * the others are shuffled.
 */
export class CoGroupedRDD<K> extends RDD<[K, unknown[][]]> {
  constructor(
    private readonly parents: ReadonlyArray<RDD<[K, unknown]>>,
    partitioner: Partitioner,
    scope = 'cogroup',
  ) {
    super(
      parents[0].sc,
      parents.map((rdd): Dependency =>
        partitioner.equals(rdd.partitioner)
          ? oneToOne(rdd as RDD<unknown>)
          : (new ShuffleDependency(rdd, partitioner, undefined, false, rdd.sc.newShuffleId()) as unknown as Dependency),
      ),
      scope,
    );
    this.partitioner = partitioner;
  }

  getNumPartitions(): number {
    return (this.partitioner as Partitioner).numPartitions;
  }

  protected compute(split: number, sink: Sink<[K, unknown[][]]>): void {
    const n = this.parents.length;
    const groups = new KeyMap<K, unknown[][]>();
    this.deps.forEach((dep, i) => {
      const add = (kv: [K, unknown]): void => {
        let g = groups.get(kv[0]);
        if (g === undefined) {
          g = Array.from({ length: n }, () => []);
          groups.set(kv[0], g);
        }
        g[i].push(kv[1]);
      };
      if (dep.kind === 'narrow') {
        this.parents[i].iterator(split, add);
      } else {
        const outputs = dep.mapOutputs;
        if (outputs === undefined) throw new Error(`internal: map outputs of shuffle ${dep.shuffleId} are missing`);
        for (const output of outputs) for (const kv of output[split] as Array<[K, unknown]>) add(kv);
      }
    });
    groups.forEach((g, k) => sink([k, g]));
  }
}
