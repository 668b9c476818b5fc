import type { MapOutput, ShuffleDependency } from './Dependency';
import { KeyMap } from './KeyMap';

/**
 * The map side of a shuffle for one parent partition: bucket each record by its key's
 * partition. With map-side combining, values are first merged per key, so only one
 * record per distinct key crosses the shuffle (and the key is hashed once).
 */
export function runShuffleMapTask<K, V, C>(dep: ShuffleDependency<K, V, C>, split: number): MapOutput<K, C> {
  const { partitioner, aggregator } = dep;
  const n = partitioner.numPartitions;
  const buckets: MapOutput<K, C> = [];
  for (let i = 0; i < n; i++) buckets.push([]);
  if (aggregator !== undefined && dep.mapSideCombine) {
    const combined = new KeyMap<K, C>();
    dep.rdd.iterator(split, (kv) => {
      const k = kv[0];
      const current = combined.get(k);
      if (current === undefined && !combined.has(k)) combined.set(k, aggregator.createCombiner(kv[1], k));
      else combined.set(k, aggregator.mergeValue(current as C, kv[1], k));
    });
    combined.forEach((c, k) => {
      buckets[partitioner.getPartition(k)].push([k, c]);
    });
  } else if (n === 1) {
    const only = buckets[0] as unknown as Array<[K, V]>;
    dep.rdd.iterator(split, (kv) => {
      only.push(kv);
    });
  } else {
    dep.rdd.iterator(split, (kv) => {
      (buckets[partitioner.getPartition(kv[0])] as unknown as Array<[K, V]>).push(kv);
    });
  }
  return buckets;
}
