import { EddyError } from '../errors/EddyError';
import { errorName } from './kinesisClient';

/** Spark's KinesisReadConfigurations: spark.streaming.kinesis.retry.maxAttempts / waitTime. */
export interface KinesisRetryConfig {
  /** Attempts in all, the first included (default 3). */
  maxAttempts: number;
  /** Wait before the first retry (default 100 ms), doubled before each further one. */
  waitTimeMs: number;
}

/** Kinesis's answers that mean "slow down", never "wrong". */
export function isThrottling(error: unknown): boolean {
  const name = errorName(error);
  return name === 'ProvisionedThroughputExceededException' || name === 'LimitExceededException' || name === 'ThrottlingException';
}

/**
 * Spark's KinesisSequenceRangeIterator.retryOrTimeout: runs `body`; on throttling waits
 * `waitTimeMs`, doubling it each time, for at most `maxAttempts` attempts in all, then
 * fails with an error naming the attempts and the last throttling. Other errors are
 * not retried here. `onThrottle` sees each throttled attempt (1-based) and the wait after it.
 */
export async function retryOnThrottle<T>(
  what: string,
  config: KinesisRetryConfig,
  body: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
  onThrottle?: (attempt: number, waitMs: number) => void,
): Promise<T> {
  let wait = config.waitTimeMs;
  let last: unknown;
  for (let attempt = 1; attempt <= config.maxAttempts; attempt++) {
    try {
      return await body();
    } catch (error) {
      if (!isThrottling(error)) throw error;
      last = error;
      if (attempt === config.maxAttempts) break;
      onThrottle?.(attempt, wait);
      await sleep(wait);
      wait *= 2;
    }
  }
  throw new EddyError(
    'io',
    `Kinesis ${what}: gave up after ${config.maxAttempts} attempts, each throttled (${errorName(last)}: ${last instanceof Error ? last.message : String(last)}).`,
    {
      cause: last,
      retriable: true,
      hint: 'Raise spark.streaming.kinesis.retry.maxAttempts or spark.streaming.kinesis.retry.waitTime, or read fewer shards/records per second (spark.streaming.receiver.maxRate).',
    },
  );
}
