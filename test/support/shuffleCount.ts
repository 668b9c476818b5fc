import type { RDD } from '../../kernel';

/**
 * The shuffle dependencies anywhere in `rdd`'s lineage, each counted once: how many
 * shuffles computing it takes (before any of it is cached). Tests use it to see that a
 * pair operation on co-partitioned input adds none.
 */
export function shuffleCount(rdd: RDD<unknown>): number {
  const seen = new Set<RDD<unknown>>();
  const walk = (r: RDD<unknown>): number => {
    if (seen.has(r)) return 0;
    seen.add(r);
    return r.deps.reduce((n, d) => n + (d.kind === 'shuffle' ? 1 : 0) + walk(d.rdd), 0);
  };
  return walk(rdd);
}
