/** Per-partition figures that decide how much of its lag a batch may take. */
export interface RateLimits {
  /** spark.streaming.kafka.maxRatePerPartition: records/s per partition, 0 for none. */
  maxRatePerPartition: number;
  /** spark.streaming.kafka.minRatePerPartition: records/s per partition a limited batch still takes (default 1). */
  minRatePerPartition: number;
  /** The backpressure rate for the whole stream (records/s), when backpressure is on and has one. */
  backpressureRate: number | undefined;
  batchMs: number;
}

/**
 * Spark's DirectKafkaInputDStream.maxMessagesPerPartition: the most messages each
 * partition may give this batch, or undefined for no limit. With backpressure the
 * estimated rate is split across partitions in proportion to their lag, each share
 * capped by maxRatePerPartition; without it every partition gets maxRatePerPartition.
 * A limited partition always gets at least minRatePerPartition × batch seconds.
 *
 * `lag` maps each partition to latest offset − current offset.
 */
export function maxMessagesPerPartition(lag: ReadonlyMap<string, number>, limits: RateLimits): Map<string, number> | undefined {
  const { maxRatePerPartition, minRatePerPartition, backpressureRate, batchMs } = limits;
  const ratePerPartition = new Map<string, number>();
  if (backpressureRate !== undefined && backpressureRate > 0) {
    let totalLag = 0;
    for (const l of lag.values()) totalLag += Math.max(l, 0);
    for (const [tp, l] of lag) {
      const share = totalLag > 0 ? (Math.max(l, 0) / totalLag) * backpressureRate : 0;
      ratePerPartition.set(tp, maxRatePerPartition > 0 ? Math.min(share, maxRatePerPartition) : share);
    }
  } else {
    for (const tp of lag.keys()) ratePerPartition.set(tp, maxRatePerPartition);
  }
  let sum = 0;
  for (const r of ratePerPartition.values()) sum += r;
  if (!(sum > 0)) return undefined;
  const secs = batchMs / 1000;
  const out = new Map<string, number>();
  for (const [tp, r] of ratePerPartition) out.set(tp, Math.max(Math.trunc(secs * r), minRatePerPartition));
  return out;
}
