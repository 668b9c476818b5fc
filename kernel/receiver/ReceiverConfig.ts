import * as v8 from 'node:v8';
import type { SparkConf } from '../conf/SparkConf';
import { EddyError } from '../errors/EddyError';

/** What a full receiver buffer does: make the producer wait (`block`) or drop new records (`drop`). */
export type OverflowPolicy = 'block' | 'drop';

/** The receiver settings, read and checked once when the first receiver starts. */
export interface ReceiverConfig {
  /** spark.streaming.blockInterval (200ms): records are cut into one block per interval. */
  blockIntervalMs: number;
  /** spark.streaming.receiverRestartDelay (2000 ms): wait before a receiver restarts. */
  restartDelayMs: number;
  /** spark.streaming.receiver.maxRate (unset: Infinity): records/s per receiver. */
  maxRate: number;
  /** spark.streaming.backpressure.enabled (false). */
  backpressure: boolean;
  /** spark.streaming.backpressure.initialRate (unset: maxRate): the first limit with backpressure on. */
  initialRate: number;
  /**
   * Whether spark.streaming.backpressure.initialRate was set (above 0). Unset, with
   * backpressure on, a stream's input waits for its first batch to be measured (RateController).
   */
  initialRateSet: boolean;
  /** spark.streaming.receiver.bufferSize (500000): records a receiver may hold before the batch takes them. */
  bufferSize: number;
  /**
   * spark.streaming.receiver.maxBufferBytes (default a tenth of the heap limit): the
   * estimated in-memory bytes a receiver may hold before batches take them; the same
   * overflow policy applies as for `bufferSize`.
   */
  maxBufferBytes: number;
  /** spark.streaming.receiver.overflow (block). */
  overflow: OverflowPolicy;
  /**
   * spark.streaming.receiver.writeAheadLog.enable (false): each block is appended and
   * fsynced to `<checkpoint>/receivedData/<streamId>/` before it counts as stored.
   */
  writeAheadLog: boolean;
  /** spark.streaming.receiver.writeAheadLog.rollingIntervalSecs (60 s), in ms: a new log segment this often. */
  walRollingIntervalMs: number;
}

/** Share of the JavaScript heap one receiver may fill by default. */
const DEFAULT_BUFFER_HEAP_FRACTION = 0.1;

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** Spark's byte strings: `1048576`, `512k`, `64m`, `1g` (binary units). */
export function parseBytes(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? BYTE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined || !(Number(m[1]) * unit >= 1)) {
    throw new EddyError('invalid-config', `${what} is "${text}"; it must be a size in bytes such as 67108864, 64m or 1g.`, {
      hint: `For example conf.set('${what}', '64m').`,
    });
  }
  return Math.floor(Number(m[1]) * unit);
}

export function readReceiverConfig(conf: SparkConf): ReceiverConfig {
  const blockIntervalMs = conf.getDurationMs('spark.streaming.blockInterval', '200ms');
  if (!(blockIntervalMs > 0)) {
    throw new EddyError('invalid-config', `spark.streaming.blockInterval is ${blockIntervalMs} ms; it must be positive.`, {
      hint: "Set it to a duration such as '200ms'.",
    });
  }
  const maxRateSetting = conf.getNumber('spark.streaming.receiver.maxRate', 0);
  const maxRate = maxRateSetting > 0 ? maxRateSetting : Infinity; // Spark: 0 or less means no limit
  const initial = conf.getNumber('spark.streaming.backpressure.initialRate', 0);
  const bufferSize = conf.getNumber('spark.streaming.receiver.bufferSize', 500_000);
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new EddyError('invalid-config', `spark.streaming.receiver.bufferSize is ${bufferSize}; it must be a whole number of records, at least 1.`, {
      hint: "For example conf.set('spark.streaming.receiver.bufferSize', '100000').",
    });
  }
  const overflow = conf.get('spark.streaming.receiver.overflow', 'block');
  if (overflow !== 'block' && overflow !== 'drop') {
    throw new EddyError('invalid-config', `spark.streaming.receiver.overflow is "${overflow}"; it must be "block" or "drop".`, {
      hint: "'block' pauses the producer when the buffer is full (nothing lost); 'drop' discards new records and counts them.",
    });
  }
  const bytesSetting = conf.getOption('spark.streaming.receiver.maxBufferBytes');
  const maxBufferBytes =
    bytesSetting === undefined ? Math.floor(v8.getHeapStatistics().heap_size_limit * DEFAULT_BUFFER_HEAP_FRACTION) : parseBytes(bytesSetting, 'spark.streaming.receiver.maxBufferBytes');
  const rollingSecs = conf.getNumber('spark.streaming.receiver.writeAheadLog.rollingIntervalSecs', 60);
  if (!(rollingSecs > 0)) {
    throw new EddyError('invalid-config', `spark.streaming.receiver.writeAheadLog.rollingIntervalSecs is ${rollingSecs}; it must be a positive number of seconds.`, {
      hint: "For example conf.set('spark.streaming.receiver.writeAheadLog.rollingIntervalSecs', '60').",
    });
  }
  return {
    blockIntervalMs,
    writeAheadLog: conf.getBoolean('spark.streaming.receiver.writeAheadLog.enable', false),
    walRollingIntervalMs: Math.round(rollingSecs * 1000),
    maxBufferBytes,
    restartDelayMs: conf.getDurationMs('spark.streaming.receiverRestartDelay', '2000ms'),
    maxRate,
    backpressure: conf.getBoolean('spark.streaming.backpressure.enabled', false),
    initialRate: initial > 0 ? Math.min(initial, maxRate) : maxRate,
    initialRateSet: initial > 0,
    bufferSize,
    overflow,
  };
}
