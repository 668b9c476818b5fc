import { invalidArgument } from '../errors/EddyError';

/**
 * Where a Kinesis stream starts reading a shard that its application has no stored
 * position for, as Spark's KinesisInitialPositions (spark-streaming-kinesis-asl 3.5).
 *
 * - `Latest`: only records put after the stream started (the open shards' tips).
 * - `TrimHorizon`: everything the stream still retains, oldest shards first.
 * - `AtTimestamp(date)`: records that arrived at or after `date`.
 */
export abstract class KinesisInitialPosition {
  abstract readonly kind: 'LATEST' | 'TRIM_HORIZON' | 'AT_TIMESTAMP';
}

class Latest extends KinesisInitialPosition {
  readonly kind = 'LATEST' as const;
  override toString(): string {
    return 'Latest';
  }
}

class TrimHorizon extends KinesisInitialPosition {
  readonly kind = 'TRIM_HORIZON' as const;
  override toString(): string {
    return 'TrimHorizon';
  }
}

class AtTimestamp extends KinesisInitialPosition {
  readonly kind = 'AT_TIMESTAMP' as const;
  readonly timestamp: Date;
  constructor(timestamp: Date) {
    super();
    if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) {
      throw invalidArgument(`KinesisInitialPositions.AtTimestamp needs a valid Date, got ${String(timestamp)}.`, "For example new KinesisInitialPositions.AtTimestamp(new Date('2026-01-01T00:00:00Z')).");
    }
    this.timestamp = new Date(timestamp.getTime());
  }
  override toString(): string {
    return `AtTimestamp(${this.timestamp.toISOString()})`;
  }
}

export const KinesisInitialPositions = { Latest, TrimHorizon, AtTimestamp };
