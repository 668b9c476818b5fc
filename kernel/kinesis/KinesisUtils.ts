import { EddyError } from '../errors/EddyError';
import type { RDD } from '../rdd/RDD';
import { KinesisRDD } from './KinesisRDD';
import type { SequenceNumberRange } from './SequenceNumberRange';

/** The sequence-number ranges of a Kinesis stream's batch RDD, one per partition (shard). */
export function sequenceNumberRanges(rdd: RDD<unknown>): SequenceNumberRange[] {
  if (rdd instanceof KinesisRDD) return [...(rdd as KinesisRDD<unknown>).sequenceNumberRanges];
  throw new EddyError('invalid-argument', `sequenceNumberRanges needs a batch RDD of a Kinesis stream, got ${String(rdd)}.`, {
    hint: 'Call it on the RDD that foreachRDD or transform gives for the stream itself, before map or other transformations.',
  });
}
