/** The three functions of `combineByKey`, as Spark's Aggregator. */
export interface Aggregator<K, V, C> {
  createCombiner(value: V, key: K): C;
  mergeValue(combiner: C, value: V, key: K): C;
  mergeCombiners(a: C, b: C, key: K): C;
}
