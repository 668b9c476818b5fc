import { Milliseconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';
import type { BenchCase } from '../BenchCase';
import { wordBatches } from '../support/wordData';

const INTERVALS = [10, 20, 50, 100, 200, 500, 1000];
const BATCHES = 100;
const LINES = 1000;
/** The interval usually quoted as Spark Streaming's practical floor. */
const SPARK_FLOOR_MS = 500;

/** Mean scheduling delay (ms) of `BATCHES` word-count batches at `intervalMs` on the real clock. */
async function meanSchedulingDelay(sc: SparkContext, intervalMs: number, batches: string[][]): Promise<number> {
  const ssc = new StreamingContext(sc, Milliseconds(intervalMs));
  const delays: number[] = [];
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  ssc.addStreamingListener({
    onBatchCompleted: ({ batchInfo }) => {
      delays.push(batchInfo.schedulingDelay ?? 0);
      if (delays.length === BATCHES) finish();
    },
  });
  ssc
    .queueStream(batches.slice())
    .flatMap((l) => l.split(' '))
    .map((w): [string, number] => [w, 1])
    .reduceByKey((a, b) => a + b)
    .foreachRDD(async (rdd) => {
      await rdd.count();
    });
  ssc.start();
  await done;
  await ssc.stop(false);
  return delays.reduce((a, b) => a + b, 0) / delays.length;
}

const minBatchInterval: BenchCase = {
  name: 'min-batch-interval',
  unit: 'ms',
  higherIsBetter: false,
  // The target is a 10 ms interval: ratio 500 / 10.
  target: 50,
  async run() {
    const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[2]'));
    const batches = wordBatches(BATCHES, LINES, 7);
    await meanSchedulingDelay(sc, 10, batches.slice(0, 10).concat(batches)); // warm-up
    const notes: Record<string, number> = {};
    let chosen = INTERVALS[INTERVALS.length - 1];
    // Smallest first: the first interval that keeps up is the answer.
    for (const interval of INTERVALS) {
      const mean = await meanSchedulingDelay(sc, interval, batches);
      notes[`mean sched delay @${interval}ms`] = Math.round(mean * 100) / 100;
      if (mean < interval / 10) {
        chosen = interval;
        break;
      }
    }
    await sc.stop();
    return { eddy: chosen, baseline: SPARK_FLOOR_MS, notes };
  },
};

export default minBatchInterval;
