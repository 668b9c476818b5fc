/**
 * Shared helpers for the tests against a real local Kinesis (kinesalite in a child
 * process, scripts/kinesis/LocalKinesis.ts). No mocks of Kinesis here.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { localKinesisUnavailable } from '../../../scripts/kinesis/LocalKinesis';
import { requireOrSkip } from '../../support/requireOrSkip';
import { SparkConf, SparkContext, StreamingContext, Seconds, sequenceNumberRanges } from '../../../kernel';
import type { KinesisInputDStream, SequenceNumberRange } from '../../../kernel';

// The stream uses the SDK's default credential chain: a local Kinesis takes any keys.
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

export function kinesisOrSkip(t: TestContext): boolean {
  return requireOrSkip(t, localKinesisUnavailable());
}

export function randomName(prefix = 'eddy'): string {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
}

/** A folder for the applications' stored positions, removed at exit. */
export const appStateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-kinesis-apps-'));
process.on('exit', () => fs.rmSync(appStateDir, { recursive: true, force: true }));

/** A manual-clock context on a fresh SparkContext; errors and warnings are kept in `errors`. */
export function context(conf: Record<string, string> = {}): { ssc: StreamingContext; errors: string[] } {
  const c = new SparkConf().setAppName('kinesis-test').setMaster('local[2]').set('spark.streaming.kinesis.appStateDir', appStateDir);
  for (const [k, v] of Object.entries(conf)) c.set(k, v);
  const errors: string[] = [];
  const ssc = new StreamingContext(new SparkContext(c), Seconds(1), { clock: 'manual', err: (t) => void errors.push(t), out: () => undefined });
  return { ssc, errors };
}

export interface Batch {
  time: number;
  ranges: SequenceNumberRange[];
  partitions: number;
  /** Per partition: the records' strings. */
  records: string[][];
}

/** Keeps every batch of a `build()` stream: its ranges and each partition's records as strings. */
export function record(stream: KinesisInputDStream<Buffer>): Batch[] {
  const batches: Batch[] = [];
  stream.foreachRDD(async (rdd, time) => {
    const parts = await rdd.map((b) => b.toString()).glom().collect();
    batches.push({ time: time.milliseconds, ranges: sequenceNumberRanges(rdd), partitions: rdd.getNumPartitions(), records: parts });
  });
  return batches;
}

/** All records of `batches`, per shard, in batch order. */
export function perShard(batches: readonly Batch[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const b of batches) {
    b.ranges.forEach((r, i) => {
      const list = out.get(r.shardId) ?? [];
      list.push(...b.records[i]);
      out.set(r.shardId, list);
    });
  }
  return out;
}

/** Polls `cond` until true (default 30 s), for conditions no event signals. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export { Seconds };
