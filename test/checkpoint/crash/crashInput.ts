/**
 * The seeded input of the crash tests: the seed (printed, or EDDY_CRASH_SEED to replay a
 * run) and lines of random words whose counts are what an uninterrupted run must give.
 */
export const VOCABULARY = ['apple', 'banana', 'cherry', 'damson', 'elder', 'fig', 'grape', 'hazel'];

/** The run's seed: EDDY_CRASH_SEED when given, else random; printed either way so a failure can be replayed. */
export function crashSeed(what: string): number {
  const given = process.env.EDDY_CRASH_SEED;
  const s = given === undefined ? Math.floor(Math.random() * 1e9) : Number(given);
  console.log(`${what} seed: ${s} (replay with EDDY_CRASH_SEED=${s})`);
  return s;
}

/** `n` lines of 1 to 5 random words; their counts are added to `expected`. */
export function makeLines(rand: () => number, n: number, expected: Map<string, number>): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => VOCABULARY[Math.floor(rand() * VOCABULARY.length)]);
    for (const w of words) expected.set(w, (expected.get(w) ?? 0) + 1);
    lines.push(words.join(' '));
  }
  return lines;
}

/** A random moment to kill at (the only sleeps of the crash tests: waits are on files). */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
