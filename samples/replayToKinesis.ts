import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { EddyError } from '../kernel/errors/EddyError';
import { errorName, kinesisClient } from '../kernel/kinesis/kinesisClient';
import { kinesisSdk } from '../kernel/kinesis/kinesisSdk';
import { readSample } from './loadSample';

export interface ReplayToKinesisOptions {
  /** The Kinesis endpoint, e.g. the URL `npm run kinesis` prints. */
  endpointUrl: string;
  streamName: string;
  /** Default us-east-1. */
  regionName?: string;
  /** Shards of the stream when it has to be created (default 2). */
  shards?: number;
  /** Replay speed: 10 puts 10 s of the recording per second (default 1; Infinity puts all at once). */
  speed?: number;
  /** The partition key of a record (default: its first comma-separated field, e.g. the user of a page view). */
  partitionKey?: (record: string, index: number) => string;
  /** Stops the replay early. */
  signal?: AbortSignal;
}

/**
 * Puts a shipped sample stream (samples/catalog.json) into a Kinesis stream with its
 * recorded timing, creating the stream when it does not exist: a lesson's producer,
 * with no cloud account when pointed at `npm run kinesis`. Credentials come from the
 * AWS SDK's chain (for a local endpoint any AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY do).
 * Resolves with the number of records put.
 *
 *   await replaySampleToKinesis('pageviews', { endpointUrl: 'http://127.0.0.1:4567', streamName: 'pageviews', speed: 10 })
 */
export async function replaySampleToKinesis(sample: string, options: ReplayToKinesisOptions): Promise<number> {
  const records = readSample(sample);
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new EddyError('invalid-argument', `replaySampleToKinesis: speed is ${speed}; it must be positive.`);
  const key = options.partitionKey ?? ((record: string, i: number) => record.split(',')[0] || String(i));
  const endpoint = { endpointUrl: options.endpointUrl, regionName: options.regionName ?? 'us-east-1', credentials: undefined };
  const client = kinesisClient(endpoint);
  try {
    await ensureStream(client, options.streamName, options.shards ?? 2);
    const started = Date.now();
    let next = 0;
    while (next < records.length && options.signal?.aborted !== true) {
      const due = Number.isFinite(speed) ? (Date.now() - started) * speed : Infinity;
      let end = next;
      while (end < records.length && records[end].offsetMs <= due && end - next < 500) end++;
      if (end > next) {
        const entries = records.slice(next, end).map((r, i) => ({ Data: Buffer.from(r.record), PartitionKey: key(r.record, next + i) }));
        const result = await client.send(new (kinesisSdk().PutRecordsCommand)({ StreamName: options.streamName, Records: entries }));
        if ((result.FailedRecordCount ?? 0) > 0) throw new EddyError('io', `replaySampleToKinesis: ${result.FailedRecordCount} records of ${sample} were refused by ${options.endpointUrl}.`);
        next = end;
      } else {
        await new Promise((resolve) => setTimeout(resolve, Math.min(100, (records[next].offsetMs - due) / speed)));
      }
    }
    return next;
  } catch (error) {
    throw error instanceof EddyError ? error : new EddyError('io', `replaySampleToKinesis into ${options.streamName} at ${options.endpointUrl}: ${errorName(error)}: ${(error as Error).message}`, { cause: error });
  } finally {
    client.destroy();
  }
}

async function ensureStream(client: KinesisClient, streamName: string, shards: number): Promise<void> {
  const sdk = kinesisSdk();
  try {
    await client.send(new sdk.DescribeStreamSummaryCommand({ StreamName: streamName }));
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
    await client.send(new sdk.CreateStreamCommand({ StreamName: streamName, ShardCount: shards }));
  }
  for (let i = 0; i < 600; i++) {
    const d = await client.send(new sdk.DescribeStreamSummaryCommand({ StreamName: streamName }));
    if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new EddyError('io', `Kinesis stream ${streamName} did not become ACTIVE within 30 s.`);
}
