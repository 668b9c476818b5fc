import { inspect } from 'node:util';
import { DStream, Duration, RDD, SparkContext, StreamingContext, Time } from '../kernel';

/**
 * How the REPL shows a result: kernel objects by their one-line `toString()` (their
 * fields are internals), everything else as node's REPL does.
 */
export function formatValue(value: unknown, colors: boolean): string {
  if (value instanceof DStream || value instanceof RDD || value instanceof StreamingContext || value instanceof SparkContext) return String(value);
  if (value instanceof Duration || value instanceof Time) return String(value);
  return inspect(value, { colors, depth: 3 });
}
