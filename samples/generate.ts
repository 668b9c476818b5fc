/**
 * Writes the shipped sample streams (samples/data/*.tsv) and samples/catalog.json.
 * Seeded, so a re-run writes the same bytes:  npx ts-node -T samples/generate.ts [outDir]
 *
 * Format (samples/README.md): one record per line, `<offset ms from the start>\t<record>`,
 * offsets non-decreasing; records never contain a tab or a newline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom, type Rng } from './seededRandom';
import type { SampleInfo } from './SampleInfo';

const DURATION_MS = 120_000;

interface Row {
  offsetMs: number;
  record: string;
}

/** Picks from `items` with Zipf-like weights (rank r has weight 1/r^s), so some are far more common. */
function zipf<T>(rng: Rng, items: readonly T[], s = 1.1): () => T {
  const weights = items.map((_, i) => 1 / Math.pow(i + 1, s));
  const total = weights.reduce((a, b) => a + b, 0);
  return () => {
    let x = rng.next() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i];
      if (x < 0) return items[i];
    }
    return items[items.length - 1];
  };
}

/** Arrival offsets of a Poisson process whose rate may change over time. */
function arrivals(rng: Rng, perSecondAt: (ms: number) => number): number[] {
  const out: number[] = [];
  for (let t = rng.gapMs(perSecondAt(0)); t < DURATION_MS; t += rng.gapMs(perSecondAt(t))) out.push(Math.floor(t));
  return out;
}

const WORDS = (
  'the stream of data flows into small batches and each batch becomes an rdd with partitions ' +
  'spark eddy window slide state key value count reduce join map filter receiver block time ' +
  'river water rain cloud sea wave storm wind light night day morning evening city road bridge ' +
  'tree forest mountain valley stone fire sun moon star dream story song voice word page book'
).split(' ');

function words(rng: Rng): Row[] {
  const word = zipf(rng, WORDS);
  return arrivals(rng, () => 10).map((offsetMs) => {
    const n = 3 + rng.int(8);
    return { offsetMs, record: Array.from({ length: n }, word).join(' ') };
  });
}

const URLS = ['/', '/products', '/products/42', '/products/7', '/cart', '/checkout', '/search', '/about', '/blog', '/blog/streams', '/login', '/help', '/products/13', '/pricing', '/contact'];

/** 20 views/s, with a burst of 80/s between 60 s and 70 s (for the backpressure lesson). */
function pageviews(rng: Rng): Row[] {
  const users = Array.from({ length: 200 }, (_, i) => `u${i + 1}`);
  const user = zipf(rng, users, 0.8);
  const url = zipf(rng, URLS);
  return arrivals(rng, (t) => (t >= 60_000 && t < 70_000 ? 80 : 20)).map((offsetMs) => {
    // Event time is at or a little before arrival: most views are on time, some late.
    const late = rng.next() < 0.9 ? rng.int(200) : rng.int(3000);
    return { offsetMs, record: `${user()},${url()},${Math.max(0, offsetMs - late)}` };
  });
}

/** Eight sensors reading every 500 ms (±50 ms); s05 is silent from 40 s to 70 s (for state timeouts). */
function sensors(rng: Rng): Row[] {
  const rows: Row[] = [];
  for (let s = 1; s <= 8; s++) {
    const id = `s0${s}`;
    let value = 15 + rng.next() * 10;
    for (let t = rng.int(500); t < DURATION_MS; t += 450 + rng.int(101)) {
      value += (rng.next() - 0.5) * 0.6;
      if (id === 's05' && t >= 40_000 && t < 70_000) continue;
      const spike = rng.next() < 0.01 ? 15 : 0;
      rows.push({ offsetMs: t, record: `${id},${(value + spike).toFixed(2)},${t}` });
    }
  }
  return rows.sort((a, b) => a.offsetMs - b.offsetMs);
}

const POST_TEXT = [
  'just tried the new place downtown', 'cannot believe this game', 'morning run done', 'reading about stream processing',
  'long day at work', 'new release is out', 'rain again today', 'best coffee in town', 'watching the match tonight',
  'weekend plans anyone', 'learning typescript', 'the build is green', 'who else is up this early', 'sunset was amazing',
];
const TAGS_BEFORE = ['#coffee', '#music', '#football', '#weekend', '#rain', '#typescript', '#running', '#books'];
const TAGS_AFTER = ['#launch', '#coffee', '#football', '#music', '#weekend', '#typescript', '#rain', '#books'];

/** Five posts/s; the trending hashtag changes at 60 s (#launch rises), for windowed top-k. */
function posts(rng: Rng): Row[] {
  const before = zipf(rng, TAGS_BEFORE);
  const after = zipf(rng, TAGS_AFTER, 1.4);
  return arrivals(rng, () => 5).map((offsetMs) => {
    const tag = offsetMs < 60_000 ? before : after;
    const tags = Array.from({ length: 1 + rng.int(3) }, tag);
    return { offsetMs, record: `${rng.pick(POST_TEXT)} ${[...new Set(tags)].join(' ')}` };
  });
}

const SAMPLES: Array<{ info: Omit<SampleInfo, 'file' | 'records' | 'durationMs'>; seed: number; make: (rng: Rng) => Row[] }> = [
  { seed: 1, make: words, info: { name: 'words', description: 'Lines of 3 to 10 words (Zipf-distributed vocabulary), about 10 lines/s: word counts, top-k.' } },
  {
    seed: 2,
    make: pageviews,
    info: {
      name: 'pageviews',
      description: 'Page views `user,url,time` (time = event time in ms from the start, at most 3 s before arrival), 20/s with a burst of 80/s from 60 s to 70 s.',
      fields: ['user', 'url', 'time'],
    },
  },
  {
    seed: 3,
    make: sensors,
    info: {
      name: 'sensors',
      description: 'Readings `id,value,time` from sensors s01..s08 every ~500 ms (a random walk with rare +15 spikes); s05 goes silent from 40 s to 70 s.',
      fields: ['id', 'value', 'time'],
    },
  },
  { seed: 4, make: posts, info: { name: 'posts', description: 'Short social posts with 1 to 3 hashtags, about 5/s; #launch starts trending at 60 s.' } },
];

/** Writes into `dir` (default: samples/, next to this file); `data/` must exist there. */
function main(dir = __dirname): void {
  const catalog: SampleInfo[] = [];
  for (const { info, seed, make } of SAMPLES) {
    const rows = make(seededRandom(seed));
    const file = `data/${info.name}.tsv`;
    fs.writeFileSync(path.join(dir, file), rows.map((r) => `${r.offsetMs}\t${r.record}\n`).join(''));
    catalog.push({ ...info, file, records: rows.length, durationMs: DURATION_MS });
  }
  fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(catalog, null, 2) + '\n');
  for (const c of catalog) process.stdout.write(`${c.name}: ${c.records} records -> samples/${c.file}\n`);
}

main(process.argv[2]);
