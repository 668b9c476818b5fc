import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SparkConf, SparkContext, StreamingContext, Seconds } from '../../kernel';
import type { BenchCase } from '../BenchCase';
import { seededRandom } from '../support/wordData';

/**
 * Issue 9's `checkpoint-cost`: the stateful word count (updateStateByKey) over 100,000 keys
 * of state, with its state checkpointed every batch (metadata and data, fsynced), against
 * the same pipeline without state checkpoints. ratio = throughput with / without.
 * why "without" keeps a checkpoint directory: updateStateByKey refuses to start without one
 * (as in Spark), so the baseline sets the state's data-checkpoint interval longer than the
 * run; it still writes the small per-batch metadata file, as any checkpointed context does.
 * Both runs set the same remember duration, as that interval would otherwise make the
 * baseline alone keep every batch's state RDD (Spark's remember = 2 × checkpoint interval).
 * The timed span ends when every checkpoint write asked for has reached the disk
 * (`checkpointing.flush()`), so writes that run off the batch's path are counted too.
 */
const KEYS = 100_000;
const RECORDS_PER_BATCH = 50_000;
const BATCHES = 20;
const ROUNDS = 3;

const update = (values: number[], state: number | undefined): number => (state ?? 0) + values.length;

function makeBatches(): string[][] {
  const random = seededRandom(9);
  const keys = Array.from({ length: KEYS }, (_v, i) => `key${i}`);
  // Batch 0 holds every key once, so each timed batch runs over 100,000 keys of state.
  return [keys, ...Array.from({ length: BATCHES }, () => Array.from({ length: RECORDS_PER_BATCH }, () => keys[Math.floor(random() * KEYS)]))];
}

interface Run {
  seconds: number;
  dataFiles: number;
  checkpointBytes: number;
}

/** `stateEveryBatch` false: the state's data-checkpoint interval is longer than the run, so only metadata is written. */
async function run(sc: SparkContext, batches: string[][], checkpointDir: string, stateEveryBatch: boolean): Promise<Run> {
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => {} });
  ssc.checkpoint(checkpointDir);
  // Both runs remember the same batches (a data-checkpoint interval sets remember to twice it, as in Spark), so they differ only in the writes.
  ssc.remember(Seconds(20 * batches.length));
  let size = 0;
  const state = ssc
    .queueStream(batches.slice())
    .withoutRecovery()
    .map((k): [string, number] => [k, 1])
    .updateStateByKey(update);
  state.checkpoint(stateEveryBatch ? Seconds(1) : Seconds(10 * batches.length));
  state.foreachRDD(async (rdd) => {
    size = await rdd.count();
  });
  ssc.start();
  await ssc.advance(1);
  await ssc.checkpointing.flush();
  const start = process.hrtime.bigint();
  await ssc.advance(batches.length - 1);
  await ssc.checkpointing.flush();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await ssc.stop(false);
  if (size !== KEYS) throw new Error(`expected ${KEYS} keys of state, got ${size}`);
  let dataFiles = 0;
  let checkpointBytes = 0;
  if (stateEveryBatch) {
    for (const f of fs.readdirSync(checkpointDir)) {
      if (f.startsWith('data-')) {
        dataFiles++;
        checkpointBytes = Math.max(checkpointBytes, fs.statSync(path.join(checkpointDir, f)).size);
      }
    }
  }
  return { seconds, dataFiles, checkpointBytes };
}

const checkpointCost: BenchCase = {
  name: 'checkpoint-cost',
  unit: 'records/s',
  higherIsBetter: true,
  target: 0.7,
  async run() {
    const batches = makeBatches();
    const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[2]'));
    const fresh = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-bench-ckpt-'));
    const dirs: string[] = [];
    try {
      const dir = (): string => {
        dirs.push(fresh());
        return dirs[dirs.length - 1];
      };
      await run(sc, batches.slice(0, 4), dir(), true);
      const best = { with: Infinity, without: Infinity };
      let last: Run | undefined;
      for (let r = 0; r < ROUNDS; r++) {
        best.without = Math.min(best.without, (await run(sc, batches, dir(), false)).seconds);
        last = await run(sc, batches, dir(), true);
        best.with = Math.min(best.with, last.seconds);
      }
      const records = BATCHES * RECORDS_PER_BATCH;
      return {
        eddy: records / best.with,
        baseline: records / best.without,
        notes: {
          keys: KEYS,
          recordsPerBatch: RECORDS_PER_BATCH,
          stateFileBytes: last?.checkpointBytes ?? 0,
          dataFilesKept: last?.dataFiles ?? 0,
        },
      };
    } finally {
      await sc.stop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  },
};

export default checkpointCost;
