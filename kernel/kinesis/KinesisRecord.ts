/**
 * One Kinesis record, as the message handler of `buildWithMessageHandler` receives it
 * (Spark hands the KCL's `Record`: sequence number, data, partition key, arrival time).
 * `shardId` is added: the shard the record was read from.
 */
export interface KinesisRecord {
  readonly sequenceNumber: string;
  /** The record's bytes (a view on the response, not a copy). */
  readonly data: Buffer;
  readonly partitionKey: string;
  readonly approximateArrivalTimestamp: Date | undefined;
  readonly shardId: string;
}
