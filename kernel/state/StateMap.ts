/** One key's state and the batch time (ms) it was last touched, for timeouts. */
export interface StateEntry<S> {
  readonly state: S;
  readonly updateTime: number;
}

/**
 * The states of one partition, as plain data (Spark's StateMap): what a state RDD holds
 * per partition, and what checkpoint/recovery saves and restores (`getAll`, `put`).
 * `copy()` gives a map whose changes leave this one as it is, so each batch's state RDD
 * stays a fixed value.
 */
export interface StateMap<K, S> {
  get(key: K): StateEntry<S> | undefined;
  /** Entries last touched before `threshold` (ms): the ones timing out. */
  getByTime(threshold: number): Iterable<[K, StateEntry<S>]>;
  getAll(): Iterable<[K, StateEntry<S>]>;
  put(key: K, state: S, updateTime: number): void;
  remove(key: K): void;
  copy(): StateMap<K, S>;
  readonly size: number;
}
