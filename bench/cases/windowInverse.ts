import { SparkConf, SparkContext, StreamingContext, Seconds, type DStream } from '../../kernel';
import type { BenchCase } from '../BenchCase';
import { wordBatches } from '../support/wordData';

/** Sliding word count: a 30-batch window sliding every batch. */
const WINDOW_BATCHES = 30;
const LINES_PER_BATCH = 2_000;
const BATCHES = 90;
const ROUNDS = 3;

type Counted = Array<[string, number]>;

/**
 * Hand-written incremental window: count the entering batch, add its counts to the
 * window, subtract the counts of the batch that leaves, and list the window each slide.
 */
function handIncremental(batches: string[][]): number {
  const start = process.hrtime.bigint();
  const window = new Map<string, number>();
  const ring: Array<Map<string, number>> = [];
  let listed = 0;
  for (const lines of batches) {
    const counts = new Map<string, number>();
    for (const line of lines) for (const w of line.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
    ring.push(counts);
    for (const [w, c] of counts) window.set(w, (window.get(w) ?? 0) + c);
    if (ring.length > WINDOW_BATCHES) {
      const leaving = ring.shift() as Map<string, number>;
      for (const [w, c] of leaving) window.set(w, (window.get(w) as number) - c);
    }
    const result: Counted = [...window.entries()];
    listed += result.length;
  }
  if (listed === 0) throw new Error('no words counted');
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function eddy(sc: SparkContext, batches: string[][], windowed: (pairs: DStream<[string, number]>) => DStream<[string, number]>): Promise<number> {
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  ssc.checkpoint('/tmp/eddy-bench-checkpoint');
  let listed = 0;
  const pairs = ssc
    .queueStream(batches.slice())
    .flatMap((line) => line.split(' '))
    .map((w): [string, number] => [w, 1]);
  windowed(pairs).foreachRDD(async (rdd) => {
    listed += (await rdd.collect()).length;
  });
  ssc.start();
  const start = process.hrtime.bigint();
  await ssc.advance(batches.length);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await ssc.stop(false);
  if (listed === 0) throw new Error('no words counted');
  return seconds;
}

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
const inverse = (p: DStream<[string, number]>): DStream<[string, number]> =>
  p.reduceByKeyAndWindow(add, sub, Seconds(WINDOW_BATCHES), Seconds(1));
const recompute = (p: DStream<[string, number]>): DStream<[string, number]> => p.reduceByKeyAndWindow(add, Seconds(WINDOW_BATCHES), Seconds(1));

async function measure(
  a: (sc: SparkContext, batches: string[][]) => Promise<number>,
  b: (sc: SparkContext, batches: string[][]) => Promise<number>,
): Promise<{ eddy: number; baseline: number }> {
  const batches = wordBatches(BATCHES, LINES_PER_BATCH);
  const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[2]'));
  const lines = BATCHES * LINES_PER_BATCH;
  await a(sc, batches.slice(0, 35));
  await b(sc, batches.slice(0, 35));
  let bestA = Infinity;
  let bestB = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    bestB = Math.min(bestB, await b(sc, batches));
    bestA = Math.min(bestA, await a(sc, batches));
  }
  await sc.stop();
  return { eddy: lines / bestA, baseline: lines / bestB };
}

const windowInverse: BenchCase = {
  name: 'window-inverse',
  unit: 'lines/s',
  higherIsBetter: true,
  target: 0.4,
  async run() {
    const r = await measure(
      (sc, batches) => eddy(sc, batches, inverse),
      async (_sc, batches) => handIncremental(batches),
    );
    return { ...r, notes: { window: `${WINDOW_BATCHES} batches`, linesPerBatch: LINES_PER_BATCH } };
  },
};

const windowInverseVsRecompute: BenchCase = {
  name: 'window-inverse-vs-recompute',
  unit: 'lines/s',
  higherIsBetter: true,
  target: 5,
  async run() {
    const r = await measure(
      (sc, batches) => eddy(sc, batches, inverse),
      (sc, batches) => eddy(sc, batches, recompute),
    );
    return { ...r, notes: { window: `${WINDOW_BATCHES} batches`, linesPerBatch: LINES_PER_BATCH } };
  },
};

export default [windowInverse, windowInverseVsRecompute];
