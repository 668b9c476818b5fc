/**
 * One Kafka message as a direct stream hands it over (kafka-clients' ConsumerRecord):
 * key and value are strings by default, Buffers with `decode: 'buffer'`, and `null`
 * when the message has none (a tombstone has a null value).
 */
export interface KafkaRecord<V = string> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: V | null;
  readonly value: V | null;
  /** Milliseconds since the epoch, as the producer or broker stamped it. */
  readonly timestamp: number;
}

/** How message keys and values are given to the stream. */
export type KafkaDecode = 'string' | 'buffer';
