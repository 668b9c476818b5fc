import { SparkConf, SparkContext, StreamingContext, Seconds } from '../../kernel';
import type { BenchCase } from '../BenchCase';

const BATCHES = 5000;
const ELEMENTS = 10;

/** Hand-written: per batch, build the array, map it, call the callback, yield one setImmediate turn. */
async function handLoop(callback: (xs: number[]) => void): Promise<number> {
  const start = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) {
    const xs = Array.from({ length: ELEMENTS }, (_v, i) => b + i);
    callback(xs.map((x) => x * 2));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function eddy(sc: SparkContext, callback: (xs: number[]) => void): Promise<number> {
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  const queue = Array.from({ length: BATCHES }, (_v, b) => Array.from({ length: ELEMENTS }, (_w, i) => b + i));
  ssc
    .queueStream(queue)
    .map((x) => x * 2)
    .foreachRDD(async (rdd) => {
      callback(await rdd.collect());
    });
  ssc.start();
  const start = process.hrtime.bigint();
  await ssc.advance(BATCHES);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await ssc.stop(false);
  return seconds;
}

const batchOverhead: BenchCase = {
  name: 'batch-overhead',
  unit: 'batches/s',
  higherIsBetter: true,
  target: 0.1,
  async run() {
    const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[2]'));
    let sink = 0;
    const callback = (xs: number[]): void => {
      sink += xs.length;
    };
    await eddy(sc, callback);
    await handLoop(callback);
    let bestEddy = Infinity;
    let bestHand = Infinity;
    for (let r = 0; r < 3; r++) {
      bestHand = Math.min(bestHand, await handLoop(callback));
      bestEddy = Math.min(bestEddy, await eddy(sc, callback));
    }
    await sc.stop();
    if (sink === 0) throw new Error('callback never ran');
    return {
      eddy: BATCHES / bestEddy,
      baseline: BATCHES / bestHand,
      notes: { 'eddy µs/batch': Math.round((bestEddy / BATCHES) * 1e6), 'baseline µs/batch': Math.round((bestHand / BATCHES) * 1e6) },
    };
  },
};

export default batchOverhead;
