import { seededRandom as seededRng } from '../../samples/seededRandom';

/** Seeded text for word-count benchmarks: ~100-byte lines from a 1,000-word vocabulary. */
export function seededRandom(seed: number): () => number {
  return seededRng(seed).next;
}

export function vocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const len = 3 + Math.floor(random() * 8);
    let w = '';
    for (let i = 0; i < len; i++) w += String.fromCharCode(97 + Math.floor(random() * 26));
    words.add(w);
  }
  return [...words];
}

/** `count` lines of about `bytes` characters each, words drawn uniformly from `vocab`. */
export function makeLines(count: number, vocab: string[], random: () => number, bytes = 100): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = vocab[Math.floor(random() * vocab.length)];
    while (line.length < bytes) {
      const w = vocab[Math.floor(random() * vocab.length)];
      if (line.length + 1 + w.length > bytes) break;
      line += ' ' + w;
    }
    lines.push(line);
  }
  return lines;
}

/** Lines per batch for `batches` batches, each batch its own array. */
export function wordBatches(batches: number, linesPerBatch: number, seed = 42): string[][] {
  const random = seededRandom(seed);
  const vocab = vocabulary(1000, random);
  return Array.from({ length: batches }, () => makeLines(linesPerBatch, vocab, random));
}
