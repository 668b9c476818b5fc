// Public names of the Kinesis area, re-exported by kernel/index.ts.
export { KinesisInputDStream } from '../kinesis/KinesisInputDStream';
export type { KinesisStreamSettings } from '../kinesis/KinesisInputDStream';
export { KinesisInputDStreamBuilder } from '../kinesis/KinesisInputDStreamBuilder';
export type { KinesisMetricsLevel } from '../kinesis/KinesisInputDStreamBuilder';
export { KinesisInitialPositions, KinesisInitialPosition } from '../kinesis/KinesisInitialPositions';
export type { KinesisRecord } from '../kinesis/KinesisRecord';
export type { KinesisCredentials } from '../kinesis/kinesisClient';
export type { SequenceNumberRange } from '../kinesis/SequenceNumberRange';
export type { ShardPosition } from '../kinesis/KinesisAppState';
export type { ShardReaderStats } from '../kinesis/ShardReader';
export { KinesisRDD } from '../kinesis/KinesisRDD';
export { sequenceNumberRanges } from '../kinesis/KinesisUtils';
