import { inspect } from 'node:util';
import { DStream, Duration, RDD, SparkContext, StreamingContext, Time } from '../kernel';
import { formatReplError } from './formatReplError';

/** Bookkeeping symbols node's REPL domain puts on promises; noise to a reader. */
const ASYNC_ID_LINE = /^\s*\[Symbol\((?:async_id_symbol|trigger_async_id_symbol)\)\]: \d+,?\n?/gm;

/** What a pending promise shows: Eddy's actions (`collect()`, `count()`) return one, and the value needs an await. */
export const PENDING_PROMISE = 'Promise — add await to get its value: await <the expression>';

/**
 * How the REPL shows a result:
 * - `sc`, a StreamingContext, a Duration or Time: their one line (`SparkContext[local[2], app eddy-repl]`);
 * - an RDD: its lineage, as Spark's `toDebugString` draws it (`(2) MapPartitionsRDD[1] at map []`, a shuffle indented);
 * - a DStream: the graph above it, each stream with its slide, window and remember duration;
 * - a pending Promise: a hint to add await (an action's result, forgotten await);
 * - errors (node's REPL also passes uncaught ones here): the message and the user's own frames;
 * - everything else as node's REPL shows it.
 */
export function formatValue(value: unknown, colors: boolean): string {
  if (value instanceof RDD || value instanceof DStream) return value.toDebugString();
  if (value instanceof StreamingContext || value instanceof SparkContext) return String(value);
  if (value instanceof Duration || value instanceof Time) return String(value);
  if (value instanceof Error) return formatReplError(value);
  const text = inspect(value, { colors: colors && !(value instanceof Promise), depth: 3 });
  if (!(value instanceof Promise)) return text;
  if (/^Promise \{\s*<pending>/.test(text)) return PENDING_PROMISE;
  return text.replace(ASYNC_ID_LINE, '').replace(/,\n\}$/, '\n}').replace(/^Promise \{\n\s+(<[a-z]+>)\n\}$/, 'Promise { $1 }');
}
