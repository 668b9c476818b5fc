/**
 * Eddy's public API (../shared/API.md): everything a user or an outside suite imports.
 */
export { Duration, Milliseconds, Seconds, Minutes } from './util/Duration';
export { Time } from './util/Time';
export type { Clock } from './clock/Clock';
export { ManualClock } from './clock/ManualClock';
export { SystemClock, systemClock } from './clock/SystemClock';
export { SparkConf } from './conf/SparkConf';
export { parseDuration } from './conf/parseDuration';
export { SparkContext } from './core/SparkContext';
export { RDD } from './rdd/RDD';
export type { Sink, StorageLevel } from './rdd/RDD';
export { HashPartitioner } from './rdd/Partitioner';
export type { Partitioner } from './rdd/Partitioner';
export type { PartitionSpec } from './rdd/pairOperations';
export { KeyMap } from './rdd/KeyMap';
export { formatElement } from './rdd/formatElement';
export { DStream } from './dstream/DStream';
export { InputDStream } from './dstream/InputDStream';
export { StreamingContext } from './streaming/StreamingContext';
export type { StreamingContextState, StreamingContextOptions } from './streaming/StreamingContext';
export type { StreamingListener, ReceiverInfo } from './scheduler/StreamingListener';
export type { BatchInfo, OutputOperationInfo } from './scheduler/BatchInfo';
export type { EddyEvent, EddyEventType, EventOf, RateInfo, StreamSnapshotInfo } from './scheduler/events';
export type { StreamInputInfo } from './graph/InputInfoTracker';
export { EddyError } from './errors/EddyError';
export type { EddyErrorCode } from './errors/EddyError';
export * from './exports/windows';
export * from './exports/receivers';
export * from './exports/kafka';
export * from './exports/session';
export * from './exports/postgres';
export * from './exports/kinesis';
export * from './exports/snapshots';
export * from './exports/webui';
