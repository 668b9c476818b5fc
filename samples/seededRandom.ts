/**
 * A small seeded PRNG (mulberry32) so the sample generator writes the same bytes on
 * every run: the committed data files can be regenerated and diffed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** Exponential inter-arrival time (ms) for a Poisson process of `perSecond` events. */
  gapMs(perSecond: number): number;
}

export function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    gapMs: (perSecond) => (-Math.log(1 - next()) * 1000) / perSecond,
  };
}
