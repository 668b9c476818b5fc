import { inspect } from 'node:util';
import { DStream, Duration, RDD, SparkContext, StreamingContext, Time } from '../kernel';
import { formatReplError } from './formatReplError';

/** Bookkeeping symbols node's REPL domain puts on promises; noise to a reader. */
const ASYNC_ID_LINE = /^\s*\[Symbol\((?:async_id_symbol|trigger_async_id_symbol)\)\]: \d+,?\n?/gm;

/**
 * How the REPL shows a result: kernel objects by their one-line `toString()` (their
 * fields are internals), errors (node's REPL also passes uncaught ones here) with the
 * user's own frames, everything else as node's REPL does.
 */
export function formatValue(value: unknown, colors: boolean): string {
  if (value instanceof DStream || value instanceof RDD || value instanceof StreamingContext || value instanceof SparkContext) return String(value);
  if (value instanceof Duration || value instanceof Time) return String(value);
  if (value instanceof Error) return formatReplError(value);
  const text = inspect(value, { colors, depth: 3 });
  return value instanceof Promise ? text.replace(ASYNC_ID_LINE, '').replace(/,\n\}$/, '\n}').replace(/^Promise \{\n\s+(<[a-z]+>)\n\}$/, 'Promise { $1 }') : text;
}
