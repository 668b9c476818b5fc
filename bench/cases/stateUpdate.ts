import { SparkConf, SparkContext, StreamingContext, Seconds } from '../../kernel';
import type { BenchCase } from '../BenchCase';
import { seededRandom } from '../support/wordData';

/** updateStateByKey word counts over 100,000 distinct keys. */
const KEYS = 100_000;
const RECORDS_PER_BATCH = 50_000;
const BATCHES = 20;
const ROUNDS = 3;

type Update = (values: number[], state: number | undefined) => number | undefined;
const update: Update = (values, state) => (state ?? 0) + values.length;

function makeBatches(): string[][] {
  const random = seededRandom(7);
  const keys = Array.from({ length: KEYS }, (_v, i) => `key${i}`);
  return Array.from({ length: BATCHES }, () => Array.from({ length: RECORDS_PER_BATCH }, () => keys[Math.floor(random() * KEYS)]));
}

/** Hand-written: group the batch's values by key, then call the same update for every key with state or values. */
function handMap(batches: string[][]): number {
  const start = process.hrtime.bigint();
  const state = new Map<string, number>();
  for (const batch of batches) {
    const fresh = new Map<string, number[]>();
    for (const k of batch) {
      const vs = fresh.get(k);
      if (vs === undefined) fresh.set(k, [1]);
      else vs.push(1);
    }
    for (const [k, s] of state) {
      const next = update(fresh.get(k) ?? [], s);
      fresh.delete(k);
      if (next === undefined) state.delete(k);
      else state.set(k, next);
    }
    for (const [k, vs] of fresh) {
      const next = update(vs, undefined);
      if (next !== undefined) state.set(k, next);
    }
  }
  if (state.size === 0) throw new Error('no state kept');
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function eddy(sc: SparkContext, batches: string[][]): Promise<number> {
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  ssc.checkpoint('/tmp/eddy-bench-checkpoint');
  let size = 0;
  ssc
    .queueStream(batches.slice())
    .map((k): [string, number] => [k, 1])
    .updateStateByKey(update)
    .foreachRDD(async (rdd) => {
      size = await rdd.count();
    });
  ssc.start();
  const start = process.hrtime.bigint();
  await ssc.advance(batches.length);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await ssc.stop(false);
  if (size === 0) throw new Error('no state kept');
  return seconds;
}

const stateUpdate: BenchCase = {
  name: 'state-update',
  unit: 'records/s',
  higherIsBetter: true,
  target: 0.3,
  async run() {
    const batches = makeBatches();
    const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[2]'));
    const records = BATCHES * RECORDS_PER_BATCH;
    await eddy(sc, batches.slice(0, 5));
    handMap(batches.slice(0, 5));
    let bestEddy = Infinity;
    let bestHand = Infinity;
    for (let r = 0; r < ROUNDS; r++) {
      bestHand = Math.min(bestHand, handMap(batches));
      bestEddy = Math.min(bestEddy, await eddy(sc, batches));
    }
    await sc.stop();
    return { eddy: records / bestEddy, baseline: records / bestHand, notes: { keys: KEYS, recordsPerBatch: RECORDS_PER_BATCH } };
  },
};

export default stateUpdate;
