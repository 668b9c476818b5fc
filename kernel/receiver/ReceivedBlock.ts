/** Records a receiver stored during one block interval: one partition of a batch's RDD. */
export interface ReceivedBlock<T> {
  streamId: number;
  /** Unique within the stream, in the order blocks were cut. */
  id: number;
  records: T[];
}
