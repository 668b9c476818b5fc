import { KeyMap } from '../rdd/KeyMap';
import type { StateEntry, StateMap } from './StateMap';

/** Spark's default `spark.streaming.sessionByKey.deltaChainThreshold`. */
export const DELTA_CHAIN_THRESHOLD = 20;

/** A changed key in one layer: its new entry, or a tombstone when it was removed. */
type Delta<S> = StateEntry<S> | typeof REMOVED;
const REMOVED = Symbol('removed');

/**
 * A StateMap as a chain of layers, as Spark's OpenHashMapBasedStateMap: `copy()` starts
 * a new empty layer on top of this one, so a batch costs only the keys it touches, and
 * earlier batches' maps stay unchanged. A chain as long as `threshold` is flattened into
 * one layer on the next copy, so lookups stay cheap.
 *
 *   batch 3:  { b: 7 }            ← newest layer, written by batch 3
 *   batch 2:  { a: removed }
 *   batch 1:  { a: 1, b: 1 }      → get(a) = none, get(b) = 7
 */
export class DeltaStateMap<K, S> implements StateMap<K, S> {
  private readonly delta = new KeyMap<K, Delta<S>>();
  private readonly depth: number;
  private count: number;

  constructor(
    private readonly parent: DeltaStateMap<K, S> | undefined = undefined,
    private readonly threshold = DELTA_CHAIN_THRESHOLD,
  ) {
    this.depth = parent ? parent.depth + 1 : 0;
    this.count = parent ? parent.count : 0;
  }

  get size(): number {
    return this.count;
  }

  get(key: K): StateEntry<S> | undefined {
    for (let m: DeltaStateMap<K, S> | undefined = this; m !== undefined; m = m.parent) {
      const d = m.delta.get(key);
      if (d !== undefined) return d === REMOVED ? undefined : d;
    }
    return undefined;
  }

  put(key: K, state: S, updateTime: number): void {
    if (this.get(key) === undefined) this.count++;
    this.delta.set(key, { state, updateTime });
  }

  remove(key: K): void {
    if (this.get(key) === undefined) return;
    this.count--;
    if (this.parent?.get(key) === undefined) this.delta.delete(key);
    else this.delta.set(key, REMOVED);
  }

  copy(): DeltaStateMap<K, S> {
    if (this.depth + 1 < this.threshold) return new DeltaStateMap<K, S>(this, this.threshold);
    const flat = new DeltaStateMap<K, S>(undefined, this.threshold);
    for (const [k, e] of this.getAll()) flat.delta.set(k, e);
    flat.count = this.count;
    return new DeltaStateMap<K, S>(flat, this.threshold);
  }

  *getAll(): IterableIterator<[K, StateEntry<S>]> {
    if (this.parent === undefined) {
      for (const [k, d] of this.delta) if (d !== REMOVED) yield [k, d];
      return;
    }
    // Newest layer first; a key seen in a newer layer hides the older ones.
    const seen = new KeyMap<K, true>();
    for (let m: DeltaStateMap<K, S> | undefined = this; m !== undefined; m = m.parent) {
      for (const [k, d] of m.delta) {
        if (seen.has(k)) continue;
        seen.set(k, true);
        if (d !== REMOVED) yield [k, d];
      }
    }
  }

  *getByTime(threshold: number): IterableIterator<[K, StateEntry<S>]> {
    for (const entry of this.getAll()) if (entry[1].updateTime < threshold) yield entry;
  }

  /** Layers below this one (0 for a flat map). */
  get chainLength(): number {
    return this.depth;
  }
}
