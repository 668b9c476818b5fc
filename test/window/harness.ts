/**
 * Runs a stream operation the way Spark's TestSuiteBase does: a manual clock, 1 s
 * batches, queue input of 2 partitions per batch, a checkpoint directory, and every
 * output batch collected. Used by the window and state tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SparkConf, SparkContext, StreamingContext, Seconds, type DStream } from '../../kernel';

export interface RunOptions {
  /** Batches to run (default: as many as input batches). */
  numBatches?: number;
  /** Partitions of each input batch (default 2). */
  partitions?: number;
  /** Set a checkpoint directory (default true). */
  checkpoint?: boolean;
}

let shared: SparkContext | undefined;

export function sparkContext(): SparkContext {
  if (!shared || shared.isStopped) shared = new SparkContext(new SparkConf().setAppName('eddy-window-tests').setMaster('local[2]'));
  return shared;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function runStream<T, U>(
  input: T[][],
  operation: (s: DStream<T>, ssc: StreamingContext) => DStream<U>,
  options: RunOptions = {},
): Promise<U[][]> {
  const sc = sparkContext();
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  const dir = tempDir('eddy-window-');
  try {
    if (options.checkpoint !== false) ssc.checkpoint(dir);
    const partitions = options.partitions ?? 2;
    const stream = ssc.queueStream(input.map((b) => sc.parallelize(b, partitions)));
    const out: U[][] = [];
    operation(stream, ssc).foreachRDD(async (rdd) => {
      out.push(await rdd.collect());
    });
    ssc.start();
    await ssc.advance(options.numBatches ?? input.length);
    return out;
  } finally {
    await ssc.stop(false);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A batch's elements in a canonical order, for set-like comparison. */
export function sorted<T>(batch: T[]): T[] {
  return [...batch].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export function sortedBatches<T>(batches: T[][]): T[][] {
  return batches.map(sorted);
}
