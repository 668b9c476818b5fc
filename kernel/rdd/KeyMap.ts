import { encodeKey, isStructuralKey } from './keyEncoding';

/**
 * A Map whose keys compare by value, as Spark's pair operations need. Primitive keys
 * (the common case) go straight into a native Map; structural keys (arrays, objects,
 * Dates) are encoded once and remember the first key object seen.
 */
export class KeyMap<K, V> {
  private readonly primitives = new Map<K, V>();
  private structural: Map<string, [K, V]> | undefined;

  get size(): number {
    return this.primitives.size + (this.structural?.size ?? 0);
  }

  get(key: K): V | undefined {
    if (isStructuralKey(key)) return this.structural?.get(encodeKey(key))?.[1];
    return this.primitives.get(key);
  }

  has(key: K): boolean {
    if (isStructuralKey(key)) return this.structural?.has(encodeKey(key)) ?? false;
    return this.primitives.has(key);
  }

  set(key: K, value: V): this {
    if (isStructuralKey(key)) {
      const s = (this.structural ??= new Map());
      const code = encodeKey(key);
      const entry = s.get(code);
      if (entry) entry[1] = value;
      else s.set(code, [key, value]);
    } else {
      this.primitives.set(key, value);
    }
    return this;
  }

  delete(key: K): boolean {
    if (isStructuralKey(key)) return this.structural?.delete(encodeKey(key)) ?? false;
    return this.primitives.delete(key);
  }

  clear(): void {
    this.primitives.clear();
    this.structural?.clear();
  }

  forEach(fn: (value: V, key: K) => void): void {
    this.primitives.forEach(fn);
    this.structural?.forEach(([k, v]) => fn(v, k));
  }

  *entries(): IterableIterator<[K, V]> {
    yield* this.primitives.entries();
    if (this.structural) for (const [k, v] of this.structural.values()) yield [k, v];
  }

  *keys(): IterableIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}
