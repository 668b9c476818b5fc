/**
 * The part of one topic-partition a batch reads, as Spark's OffsetRange: offsets
 * `fromOffset` (inclusive) to `untilOffset` (exclusive). A direct stream's batch RDD has
 * one partition per range; `KafkaUtils.offsetRanges(rdd)` gives them back.
 */
export interface OffsetRange {
  readonly topic: string;
  readonly partition: number;
  readonly fromOffset: number;
  readonly untilOffset: number;
}

export function offsetRange(topic: string, partition: number, fromOffset: number, untilOffset: number): OffsetRange {
  return Object.freeze({ topic, partition, fromOffset, untilOffset });
}

/** Number of offsets in the range (messages, unless the log has gaps). */
export function rangeCount(r: OffsetRange): number {
  return r.untilOffset - r.fromOffset;
}

/** `topic:partition`, the key of per-partition maps. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
