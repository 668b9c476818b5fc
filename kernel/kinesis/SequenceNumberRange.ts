/**
 * The records of one shard a batch covers, as Spark's SequenceNumberRange: sequence
 * numbers `fromSeqNumber` to `toSeqNumber`, both inclusive, `recordCount` records.
 * A batch RDD of a Kinesis stream has one partition per shard being read; a shard with
 * nothing new in the batch has a range with `recordCount` 0 and empty sequence numbers.
 */
export interface SequenceNumberRange {
  readonly streamName: string;
  readonly shardId: string;
  readonly fromSeqNumber: string;
  readonly toSeqNumber: string;
  readonly recordCount: number;
}

export function sequenceNumberRange(streamName: string, shardId: string, fromSeqNumber: string, toSeqNumber: string, recordCount: number): SequenceNumberRange {
  return Object.freeze({ streamName, shardId, fromSeqNumber, toSeqNumber, recordCount });
}

/** Kinesis sequence numbers are decimal strings of up to 128 bits: compare as big integers. */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
