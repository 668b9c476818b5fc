import type { RecordRun } from './RecordRun';
import type { WalBlockRef } from './WriteAheadLogBlockHandler';

/** Records a receiver stored during one block interval: one partition of a batch's RDD. */
export interface ReceivedBlock<T> {
  streamId: number;
  /** Unique within the stream, in the order blocks were cut. */
  id: number;
  /** Number of records in the block. */
  count: number;
  /** The records, in the runs they were stored in (not copied into one array). */
  runs: Array<RecordRun<T>>;
  /** Where the block is in the write-ahead log, once logged (spark.streaming.receiver.writeAheadLog.enable). */
  walRef?: WalBlockRef;
}
