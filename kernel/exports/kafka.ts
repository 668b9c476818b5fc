// Public names of the kafka area, re-exported by kernel/index.ts.
import '../sources/zeroMQStream';
export { KafkaUtils } from '../kafka/KafkaUtils';
export { DirectKafkaInputDStream } from '../kafka/DirectKafkaInputDStream';
export type { DirectStreamOptions } from '../kafka/DirectStreamOptions';
export { KafkaRDD } from '../kafka/KafkaRDD';
export type { KafkaRecord, KafkaDecode } from '../kafka/KafkaRecord';
export type { OffsetRange } from '../kafka/OffsetRange';
export { maxMessagesPerPartition } from '../kafka/maxMessagesPerPartition';
export type { RateLimits } from '../kafka/maxMessagesPerPartition';
export { saveToKafka } from '../kafka/saveToKafka';
export type { KafkaSinkOptions } from '../kafka/saveToKafka';
export { ZeroMQReceiver } from '../sources/ZeroMQReceiver';
export type { ZeroMQRecord } from '../sources/ZeroMQReceiver';
export { ZeroMQInputDStream } from '../sources/zeroMQStream';
