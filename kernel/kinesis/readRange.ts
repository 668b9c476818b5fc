import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { kinesisSdk } from './kinesisSdk';
import { systemClock } from '../clock/SystemClock';
import { EddyError } from '../errors/EddyError';
import type { KinesisRecord } from './KinesisRecord';
import { retryOnThrottle, type KinesisRetryConfig } from './retryOnThrottle';
import { compareSequenceNumbers, type SequenceNumberRange } from './SequenceNumberRange';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => systemClock.schedule(systemClock.now() + ms, resolve));

/**
 * Spark's KinesisSequenceRangeIterator: reads exactly the records of `range` again from
 * Kinesis (AT_SEQUENCE_NUMBER its first, on until its last), retrying throttled calls
 * per `retry`. Used when a batch is re-run after recovery and its records are no longer
 * in memory. Fails when the shard no longer holds the range (past its retention).
 */
export async function readRange(client: KinesisClient, range: SequenceNumberRange, retry: KinesisRetryConfig): Promise<KinesisRecord[]> {
  if (range.recordCount === 0) return [];
  const what = `re-reading ${range.shardId} of ${range.streamName} from ${range.fromSeqNumber} to ${range.toSeqNumber}`;
  const out: KinesisRecord[] = [];
  let iterator = (
    await retryOnThrottle(
      what,
      retry,
      () =>
        client.send(
          new (kinesisSdk().GetShardIteratorCommand)({ StreamName: range.streamName, ShardId: range.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: range.fromSeqNumber }),
        ),
      sleep,
    )
  ).ShardIterator;
  while (iterator !== undefined) {
    const shardIterator = iterator;
    const result = await retryOnThrottle(what, retry, () => client.send(new (kinesisSdk().GetRecordsCommand)({ ShardIterator: shardIterator, Limit: Math.min(10_000, range.recordCount - out.length + 1) })), sleep);
    const records = result.Records ?? [];
    for (const r of records) {
      const seq = r.SequenceNumber ?? '';
      if (compareSequenceNumbers(seq, range.toSeqNumber) > 0) return finish(out, range);
      out.push({
        sequenceNumber: seq,
        data: r.Data === undefined ? Buffer.alloc(0) : Buffer.from(r.Data.buffer, r.Data.byteOffset, r.Data.byteLength),
        partitionKey: r.PartitionKey ?? '',
        approximateArrivalTimestamp: r.ApproximateArrivalTimestamp,
        shardId: range.shardId,
      });
      if (seq === range.toSeqNumber) return finish(out, range);
    }
    if (records.length === 0) break;
    iterator = result.NextShardIterator ?? undefined;
  }
  throw new EddyError('io', `Kinesis: could not read to the end of the range (${what}): got ${out.length} of ${range.recordCount} records; the shard no longer holds them (past its retention?).`);
}

function finish(out: KinesisRecord[], range: SequenceNumberRange): KinesisRecord[] {
  if (out.length !== range.recordCount) {
    throw new EddyError('io', `Kinesis: ${range.shardId} of ${range.streamName} from ${range.fromSeqNumber} to ${range.toSeqNumber} now holds ${out.length} records, not the ${range.recordCount} the batch read first.`);
  }
  return out;
}
