import type { SparkContext } from '../core/SparkContext';
import { oneToOne, ShuffleDependency, type Dependency } from '../rdd/Dependency';
import { KeyMap } from '../rdd/KeyMap';
import type { Partitioner } from '../rdd/Partitioner';
import { RDD, type Sink } from '../rdd/RDD';

/** Marks "no value" in a Slot, since `undefined` may be a user's value. */
const NONE: unique symbol = Symbol('none');
type Maybe<V> = V | typeof NONE;

/** One key's inputs: its previous window value, and its old and new batch values reduced. */
interface Slot<V> {
  prev: Maybe<V>;
  old: Maybe<V>;
  fresh: Maybe<V>;
}

export interface WindowParts<K, V> {
  previous: RDD<[K, V]>;
  old: ReadonlyArray<RDD<[K, V]>>;
  fresh: ReadonlyArray<RDD<[K, V]>>;
}

/**
 * One slide of an incremental window (what Spark gets from cogrouping the previous
 * window with the old and new batches): per key, `prev - old + new` with the user's
 * `invReduce` and `reduce`. Parents already laid out by `partitioner` (the usual case)
 * are read in place; others are shuffled. One small record per key, no per-key arrays.
 * Parents are reached only through `deps`, so a lineage cut frees them.
 */
export class ReducedWindowRDD<K, V> extends RDD<[K, V]> {
  private readonly numParents: number;
  private readonly numOld: number;

  constructor(
    sc: SparkContext,
    parts: WindowParts<K, V>,
    partitioner: Partitioner,
    private readonly reduceFunc: (a: V, b: V) => V,
    private readonly invReduceFunc: (a: V, b: V) => V,
    private readonly filterFunc: ((kv: [K, V]) => boolean) | undefined,
    scope: string,
  ) {
    const parents = [parts.previous, ...parts.old, ...parts.fresh];
    super(
      sc,
      parents.map((rdd): Dependency =>
        partitioner.equals(rdd.partitioner)
          ? oneToOne(rdd as RDD<unknown>)
          : (new ShuffleDependency(rdd, partitioner, undefined, false, sc.newShuffleId()) as unknown as Dependency),
      ),
      scope,
    );
    this.numParents = parents.length;
    this.numOld = parts.old.length;
    this.partitioner = partitioner;
  }

  getNumPartitions(): number {
    return (this.partitioner as Partitioner).numPartitions;
  }

  protected compute(split: number, sink: Sink<[K, V]>): void {
    const slots = new KeyMap<K, Slot<V>>();
    const reduce = this.reduceFunc;
    const slotOf = (k: K): Slot<V> => {
      let s = slots.get(k);
      if (s === undefined) {
        s = { prev: NONE, old: NONE, fresh: NONE };
        slots.set(k, s);
      }
      return s;
    };
    this.read(0, split, (kv) => {
      slotOf(kv[0]).prev = kv[1];
    });
    for (let i = 1; i < this.numParents; i++) {
      const isOld = i <= this.numOld;
      this.read(i, split, (kv) => {
        const s = slotOf(kv[0]);
        if (isOld) s.old = s.old === NONE ? kv[1] : reduce(s.old, kv[1]);
        else s.fresh = s.fresh === NONE ? kv[1] : reduce(s.fresh, kv[1]);
      });
    }
    const filter = this.filterFunc;
    slots.forEach((s, k) => {
      const kv: [K, V] = [k, this.merge(s)];
      if (filter === undefined || filter(kv)) sink(kv);
    });
  }

  /** Spark's order: prev, minus the old values reduced together, plus the new ones reduced together. */
  private merge(s: Slot<V>): V {
    if (s.prev === NONE) {
      if (s.fresh === NONE) {
        throw new Error(
          'A key has old values leaving the window but no previous window value and no new values. ' +
            'This happens when filterFunc dropped a key whose value was not the zero of invReduceFunc, or when keys do not hash consistently.',
        );
      }
      return s.fresh;
    }
    let value = s.prev;
    if (s.old !== NONE) value = this.invReduceFunc(value, s.old);
    if (s.fresh !== NONE) value = this.reduceFunc(value, s.fresh);
    return value;
  }

  private read(i: number, split: number, add: Sink<[K, V]>): void {
    const dep = this.deps[i];
    if (dep.kind === 'narrow') {
      (dep.rdd as RDD<[K, V]>).iterator(split, add);
      return;
    }
    const outputs = dep.mapOutputs;
    if (outputs === undefined) throw new Error(`internal: map outputs of shuffle ${dep.shuffleId} are missing`);
    for (const output of outputs) {
      const bucket = output[split] as Array<[K, V]>;
      for (let j = 0; j < bucket.length; j++) add(bucket[j]);
    }
  }
}
