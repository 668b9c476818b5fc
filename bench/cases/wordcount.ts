import { SparkConf, SparkContext, StreamingContext, Seconds } from '../../kernel';
import type { BenchCase } from '../BenchCase';
import { wordBatches } from '../support/wordData';

const LINES_PER_BATCH = 10_000;
const BATCHES = 30;
const ROUNDS = 3;

/** Hand-written: split each line and count words in a Map, per batch. */
function handLoop(batches: string[][]): number {
  const start = process.hrtime.bigint();
  let distinct = 0;
  for (const lines of batches) {
    const counts = new Map<string, number>();
    for (const line of lines) {
      for (const w of line.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    distinct += counts.size;
  }
  if (distinct === 0) throw new Error('no words counted');
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function eddy(sc: SparkContext, batches: string[][]): Promise<number> {
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  let distinct = 0;
  ssc
    .queueStream(batches.slice())
    .flatMap((line) => line.split(' '))
    .map((w): [string, number] => [w, 1])
    .reduceByKey((a, b) => a + b)
    .foreachRDD(async (rdd) => {
      distinct += (await rdd.collect()).length;
    });
  ssc.start();
  const start = process.hrtime.bigint();
  await ssc.advance(batches.length);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await ssc.stop(false);
  if (distinct === 0) throw new Error('no words counted');
  return seconds;
}

const wordcount: BenchCase = {
  name: 'wordcount',
  unit: 'lines/s',
  higherIsBetter: true,
  target: 0.5,
  async run() {
    const batches = wordBatches(BATCHES, LINES_PER_BATCH);
    const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[2]'));
    const lines = BATCHES * LINES_PER_BATCH;
    // Warm both up, then keep the best of a few rounds of each, interleaved.
    await eddy(sc, batches.slice(0, 5));
    handLoop(batches.slice(0, 5));
    let bestEddy = Infinity;
    let bestHand = Infinity;
    for (let r = 0; r < ROUNDS; r++) {
      bestHand = Math.min(bestHand, handLoop(batches));
      bestEddy = Math.min(bestEddy, await eddy(sc, batches));
    }
    await sc.stop();
    return { eddy: lines / bestEddy, baseline: lines / bestHand };
  },
};

export default wordcount;
