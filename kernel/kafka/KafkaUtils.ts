import { EddyError } from '../errors/EddyError';
import type { RDD } from '../rdd/RDD';
import type { StreamingContext } from '../streaming/StreamingContext';
import { DirectKafkaInputDStream } from './DirectKafkaInputDStream';
import type { DirectStreamOptions } from './DirectStreamOptions';
import { KafkaRDD } from './KafkaRDD';
import type { OffsetRange } from './OffsetRange';

/**
 * Spark's KafkaUtils (spark-streaming-kafka-0-10), for the direct approach.
 *
 * ```ts
 * const stream = KafkaUtils.createDirectStream(ssc, { brokers: '127.0.0.1:9092', topics: ['events'], groupId: 'app' })
 * stream.foreachRDD(async (rdd) => {
 *   const ranges = KafkaUtils.offsetRanges(rdd)
 *   await rdd.map((r) => r.value).saveAsTextFile(...)
 *   stream.commitAsync(ranges)
 * })
 * ```
 */
export const KafkaUtils = {
  /** A stream of the topics' messages with no receiver: one RDD partition per topic-partition and batch. */
  createDirectStream: createDirectStream as {
    (ssc: StreamingContext, options: DirectStreamOptions & { decode: 'buffer' }): DirectKafkaInputDStream<Buffer>;
    (ssc: StreamingContext, options: DirectStreamOptions & { decode?: 'string' }): DirectKafkaInputDStream<string>;
  },

  /** The offset ranges of a direct stream's batch RDD (Spark's HasOffsetRanges), one per partition. */
  offsetRanges(rdd: RDD<unknown>): OffsetRange[] {
    if (rdd instanceof KafkaRDD) return [...(rdd as KafkaRDD<unknown>).offsetRanges];
    throw new EddyError('invalid-argument', `KafkaUtils.offsetRanges needs a batch RDD of a direct Kafka stream, got ${String(rdd)}.`, {
      hint: 'Call it on the RDD that foreachRDD or transform gives for the stream itself, before map or other transformations.',
    });
  },
};

function createDirectStream(ssc: StreamingContext, options: DirectStreamOptions): DirectKafkaInputDStream<string> | DirectKafkaInputDStream<Buffer> {
  return options?.decode === 'buffer' ? new DirectKafkaInputDStream<Buffer>(ssc, options) : new DirectKafkaInputDStream<string>(ssc, options);
}
