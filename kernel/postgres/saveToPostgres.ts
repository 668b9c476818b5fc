import type { DStream } from '../dstream/DStream';
import { ForEachDStream } from '../dstream/ForEachDStream';
import { invalidArgument } from '../errors/EddyError';
import { batchRows } from './BatchRows';
import { pgliteKey, isPGliteConnection } from './PGliteDatabase';
import { PostgresWriter, type WriteMode } from './PostgresWriter';
import { sinkDatabase } from './sinkDatabase';

/** A `pg` connection config (host, port, user, password, database, ssl, ...), as `new pg.Pool(config)` takes. */
export type PostgresConnectionConfig = { [option: string]: unknown };

export interface PostgresSinkOptions {
  /**
   * A `pg` connection string (`postgres://user:pw@127.0.0.1:5432/db`) or config object, or
   * the embedded database: `'pglite:<folder>'` (created if missing) or `'pglite:memory'`.
   */
  connection: string | PostgresConnectionConfig;
  /** The table (it must exist), as SQL names it: `counts`, `app.counts`, `"Counts"`. */
  table: string;
  /** `append` (default) adds each batch's rows; `upsert` inserts or updates by `key`. */
  mode?: 'append' | 'upsert';
  /** Upsert key columns; the table needs a primary key or unique constraint on them. */
  key?: string[];
  /** The column of each tuple position (or the properties of objects to write). Without it, objects map by property name. */
  columns?: string[];
}

/**
 * An output operation (like print()) writing each batch to a PostgreSQL table, or to an
 * embedded PGlite, in one transaction per batch.
 *
 * Rows: tuples/arrays by position into `columns`; objects by property name (only the
 * `columns` ones when given); a single value into a single column. Each row also gets
 * its batch time in the table's `batch_time` column (timestamptz, or bigint ms):
 * append mode first deletes the rows of that batch time, so a batch re-run after
 * recovery (with its original time, as Spark's checkpoint recovery does) replaces its
 * rows; upsert mode updates rows by key (`INSERT ... ON CONFLICT (key) DO UPDATE`).
 *
 * Errors fail the batch's output operation (failureReason) and name the table and
 * column: a missing table (with a CREATE TABLE that fits the rows), a missing column, a
 * value of the wrong type (with its row), a missing unique key for upsert. A lost
 * connection is retried 5 times with backoff (200 ms doubling to 2 s) before the batch
 * fails; later batches go on (conf `eddy.postgres.attempts`, default 5, and
 * `eddy.postgres.backoff`, the first wait, default 200ms; each retry is reported on the
 * context's error output). Bad options throw here, at the call.
 *
 * Follows the Spark idiom of `foreachRDD` + a connection pool with idempotent,
 * per-batch-transactional writes ("Design Patterns for using foreachRDD", Spark
 * Streaming Programming Guide).
 */
export function saveToPostgres<T>(stream: DStream<T>, options: PostgresSinkOptions): void {
  const example = "For example saveToPostgres(counts, { connection: 'pglite:memory', table: 'counts', mode: 'upsert', key: ['word'], columns: ['word', 'n'] }).";
  if (options === null || typeof options !== 'object') throw invalidArgument(`saveToPostgres needs an options object, got ${String(options)}.`, example);
  const { connection, table, columns, key } = options;
  const mode: WriteMode = options.mode ?? 'append';
  if (typeof connection === 'string') {
    if (connection === '') throw invalidArgument('saveToPostgres: connection is empty.', "Give a connection string (postgres://user@127.0.0.1:5432/db), a pg config object, or 'pglite:memory'.");
    if (isPGliteConnection(connection)) pgliteKey(connection);
  } else if (connection === null || typeof connection !== 'object') {
    throw invalidArgument(`saveToPostgres: connection is ${String(connection)}.`, "Give a connection string (postgres://user@127.0.0.1:5432/db), a pg config object, or 'pglite:memory'.");
  }
  if (typeof table !== 'string' || table.trim() === '') throw invalidArgument(`saveToPostgres: table is ${JSON.stringify(table)}; it must name a table.`, example);
  if (mode !== 'append' && mode !== 'upsert') throw invalidArgument(`saveToPostgres: mode is ${JSON.stringify(mode)}; it is 'append' or 'upsert'.`, example);
  if (columns !== undefined && (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string' && c !== ''))) {
    throw invalidArgument(`saveToPostgres: columns is ${JSON.stringify(columns)}; it must be a non-empty list of column names.`, example);
  }
  if (key !== undefined && (!Array.isArray(key) || !key.every((c) => typeof c === 'string' && c !== ''))) {
    throw invalidArgument(`saveToPostgres: key is ${JSON.stringify(key)}; it must be a list of column names.`, example);
  }
  if (mode === 'upsert' && (key === undefined || key.length === 0)) {
    throw invalidArgument(`saveToPostgres into "${table}": upsert mode needs key, the columns that identify a row.`, "For example mode: 'upsert', key: ['word'].");
  }
  if (mode === 'upsert' && columns !== undefined) {
    const missing = (key ?? []).filter((k) => !columns.includes(k));
    if (missing.length > 0) throw invalidArgument(`saveToPostgres into "${table}": the key column(s) ${missing.join(', ')} are not in columns (${columns.join(', ')}).`, 'Every key column must be written.');
  }
  const ssc = stream.ssc;
  const db = sinkDatabase(ssc, connection);
  const writer = new PostgresWriter(db, {
    table,
    mode,
    key: mode === 'upsert' ? key : undefined,
    attempts: Math.max(1, Math.floor(ssc.conf.getNumber('eddy.postgres.attempts', 5))),
    backoffMs: ssc.conf.getDurationMs('eddy.postgres.backoff', '200ms'),
    warn: (text) => ssc.err(text),
  });
  new ForEachDStream<T>(
    stream,
    async (rdd, time) => {
      const parts = await ssc.sparkContext.runJob(rdd, (split) => {
        const out: T[] = [];
        rdd.iterator(split, (x) => out.push(x));
        return out;
      });
      const elements = parts.length === 1 ? parts[0] : parts.flat();
      await writer.write(batchRows(elements, columns, table), time.milliseconds);
    },
    'saveToPostgres',
  );
}
