/**
 * kinesis-direct: RECORDS small records (kinesalite reads a few thousand records/s on a
 * loaded 2-core machine, so the count is kept small) in SHARDS shards of a real local Kinesis
 * (kinesalite in its own process, started by this case), read through
 * KinesisInputDStream (TrimHorizon, count per batch on the manual clock) against a
 * hand-written loop in the same run: per shard GetShardIterator(TRIM_HORIZON), then
 * GetRecords (10 000 a call) until the shard is read, every shard at once, touching
 * each record's bytes. Put once, then read by each (interleaved rounds, best of each).
 * Both clocks start before the first request, so both pay for their first connections.
 */
import { localKinesisUnavailable, startLocalKinesis, type LocalKinesis } from '../../scripts/kinesis/LocalKinesis';
import { KinesisInitialPositions, KinesisInputDStream, SparkConf, SparkContext, StreamingContext, Seconds } from '../../kernel';
import { kinesisClient } from '../../kernel/kinesis/kinesisClient';
import { kinesisSdk } from '../../kernel/kinesis/kinesisSdk';
import { listShards } from '../../kernel/kinesis/listShards';
import type { BenchCase } from '../BenchCase';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const RECORDS = 20_000;
const SHARDS = 4;
const ROUNDS = 5;
const STREAM = 'bench-direct';

async function putAll(k: LocalKinesis): Promise<void> {
  const batch = 500;
  const inFlight: Array<Promise<unknown>> = [];
  for (let start = 0; start < RECORDS; start += batch) {
    const records = Array.from({ length: batch }, (_, j) => ({ data: `record-${start + j}`, partitionKey: `k${(start + j) % 64}` }));
    inFlight.push(k.put(STREAM, records));
    if (inFlight.length >= 4) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
}

/** The hand-written baseline: every shard read to its end with GetRecords, all at once. */
async function raw(endpointUrl: string): Promise<number> {
  const start = process.hrtime.bigint();
  const client = kinesisClient({ endpointUrl, regionName: 'us-east-1', credentials: undefined });
  const sdk = kinesisSdk();
  let count = 0;
  let bytes = 0;
  const shards = await listShards(client, STREAM);
  await Promise.all(
    shards.map(async (s) => {
      let iterator = (await client.send(new sdk.GetShardIteratorCommand({ StreamName: STREAM, ShardId: s.shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator !== undefined) {
        const r = await client.send(new sdk.GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        const records = r.Records ?? [];
        for (const rec of records) bytes += rec.Data?.byteLength ?? 0;
        count += records.length;
        if (records.length === 0) break;
        iterator = r.NextShardIterator;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  client.destroy();
  if (count !== RECORDS || bytes === 0) throw new Error(`the raw loop read ${count} of ${RECORDS} records`);
  return RECORDS / seconds;
}

async function eddy(sc: SparkContext, endpointUrl: string, round: number): Promise<{ rate: number; batches: number }> {
  const start = process.hrtime.bigint();
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: (t) => process.stderr.write(t) });
  const stream = KinesisInputDStream.builder()
    .streamingContext(ssc)
    .streamName(STREAM)
    .endpointUrl(endpointUrl)
    .initialPosition(new KinesisInitialPositions.TrimHorizon())
    .checkpointAppName(`bench-${round}-${Date.now()}`)
    .build();
  let count = 0;
  stream.count().foreachRDD(async (rdd) => {
    count += (await rdd.collect())[0] ?? 0;
  });
  ssc.start();
  let batches = 0;
  while (count < RECORDS) {
    await ssc.advance(1);
    batches++;
    if (batches > 10_000) throw new Error(`only ${count} of ${RECORDS} after ${batches} batches`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await ssc.stop(false);
  if (count !== RECORDS) throw new Error(`Eddy read ${count} of ${RECORDS} records`);
  return { rate: RECORDS / seconds, batches };
}

const kinesisDirect: BenchCase = {
  name: 'kinesis-direct',
  unit: 'records/s',
  higherIsBetter: true,
  target: 0.8,
  unavailable: localKinesisUnavailable,
  async run() {
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    const k = await startLocalKinesis();
    const appState = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-bench-kinesis-'));
    try {
      await k.createStream(STREAM, SHARDS);
      const t0 = Date.now();
      await putAll(k);
      const putMs = Date.now() - t0;
      const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[4]').set('spark.streaming.kinesis.appStateDir', appState));
      let bestRaw = 0;
      let bestEddy = 0;
      let batches = 0;
      for (let r = 0; r < ROUNDS; r++) {
        bestRaw = Math.max(bestRaw, await raw(k.endpoint));
        const e = await eddy(sc, k.endpoint, r);
        if (e.rate > bestEddy) {
          bestEddy = e.rate;
          batches = e.batches;
        }
      }
      await sc.stop();
      return { eddy: bestEddy, baseline: bestRaw, notes: { records: RECORDS, shards: SHARDS, batches, putMs } };
    } finally {
      await k.stop();
      fs.rmSync(appState, { recursive: true, force: true });
    }
  },
};

export default kinesisDirect;
