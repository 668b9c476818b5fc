import { EddyError } from '../errors/EddyError';
import { formatElement } from '../rdd/formatElement';
import type { BatchRows } from './BatchRows';
import { describeSqlError, isConnectionError, sqlState } from './describeSqlError';
import { pgText } from './pgText';
import type { SqlDatabase, SqlQueryable } from './SqlDatabase';
import { BATCH_TIME_COLUMN, findColumn, identifiers, loadTableShape, quoteIdent, suggestCreateTable, type ColumnShape, type TableShape } from './TableShape';

export type WriteMode = 'append' | 'upsert';

export interface WriterOptions {
  table: string;
  mode: WriteMode;
  key: readonly string[] | undefined;
  /** Attempts per batch when the connection fails (default 5), with backoff between them. */
  attempts?: number;
  /** The first backoff (default 200 ms); it doubles after each failed attempt, up to 2 s. */
  backoffMs?: number;
  /** Where a retry is reported (a line each). */
  warn?: (text: string) => void;
}

/** pg_type categories sent as arrays of their own type: numeric, string, boolean, date/time, timespan. */
const TYPED_ARRAY_CATEGORIES = new Set(['N', 'S', 'B', 'D', 'T']);

/** Rows per INSERT statement (each column travels as one text array parameter). */
const CHUNK = 20_000;

/** One batch's statements, planned from the table's catalog shape and the rows' columns. */
interface Plan {
  targets: ColumnShape[];
  batchTime: ColumnShape | undefined;
  keyIndexes: number[];
}

/**
 * Writes batches into one table, each batch in one transaction:
 *
 *   append:  DELETE rows of this batch time; INSERT the batch's rows with their batch time
 *   upsert:  INSERT ... ON CONFLICT (key) DO UPDATE (the batch's last row per key wins)
 *
 * so a batch run again after recovery (same batch time) replaces what it wrote instead of
 * adding it twice. A lost connection is retried with backoff; the batch fails after the
 * last attempt, and the next batch starts afresh. Nothing is queued here: the batch's job
 * lasts until its commit, so a slow database lengthens processing delay, which is what
 * backpressure (spark.streaming.backpressure.enabled) slows the receivers by.
 */
export class PostgresWriter {
  private shape: TableShape | undefined;

  constructor(private readonly db: SqlDatabase, private readonly options: WriterOptions) {}

  /** Writes one batch's rows for batch time `timeMs` (ms); resolves after the commit. */
  async write(rows: BatchRows, timeMs: number): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    let delay = this.options.backoffMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.transaction((q) => this.writeIn(q, rows, timeMs));
        return;
      } catch (error) {
        if (error instanceof EddyError) throw error;
        if (!isConnectionError(error)) {
          const explained = await this.explain(error, rows);
          this.shape = undefined; // the table may have changed; read it again next time
          throw explained;
        }
        if (attempt >= attempts) {
          throw new EddyError('io', `saveToPostgres into table "${this.options.table}": lost the connection to ${this.db.description} and gave up after ${attempts} attempts: ${describeSqlError(error)}.`, {
            hint: 'This batch was not written; later batches try again. Check that the server is up and reachable.',
            cause: error,
            retriable: true,
          });
        }
        this.options.warn?.(`saveToPostgres into table "${this.options.table}": lost the connection to ${this.db.description} (attempt ${attempt} of ${attempts}: ${describeSqlError(error)}); retrying in ${delay} ms.\n`);
        // why: real time, not the context's clock: this waits for a real server, and on a
        // manual clock nothing would ever advance it.
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, Math.max(2000, delay));
      }
    }
  }

  private async writeIn(q: SqlQueryable, rows: BatchRows, timeMs: number): Promise<void> {
    const shape = this.shape ?? (await loadTableShape(q, this.options.table));
    if (shape === undefined) throw await this.missingTable(q, rows);
    this.shape = shape;
    const plan = this.plan(shape, rows);
    const table = shape.sqlName;
    const time = plan.batchTime === undefined ? undefined : batchTimeSql(plan.batchTime);
    if (this.options.mode === 'append' && plan.batchTime !== undefined) {
      await q.query(`DELETE FROM ${table} WHERE ${quoteIdent(plan.batchTime.name)} = ${time?.replace('$T', '$1')}`, [timeMs]);
    }
    if (rows.count === 0) return;
    const text = plan.targets.map((column, c) => rows.values[c].map((v) => pgText(v, column)));
    const order = this.options.mode === 'upsert' ? lastPerKey(text, plan.keyIndexes, rows.count) : undefined;
    const n = plan.targets.length;
    const names = plan.targets.map((t) => quoteIdent(t.name));
    // Numbers, strings, booleans, dates and intervals travel as one array of the column's own
    // type, parsed once by the server as a typed INSERT would be; other columns (arrays, which
    // unnest would flatten; bytea and json, whose array parameters clients encode their own way)
    // as text arrays cast afterwards.
    const typed = plan.targets.map((t) => TYPED_ARRAY_CATEGORIES.has(t.category));
    const selects = plan.targets.map((t, c) => (typed[c] ? `u.v${c}` : `u.v${c}::${t.type}`));
    const arrays = plan.targets.map((t, c) => (typed[c] ? `$${c + 1}::${t.type}[]` : `$${c + 1}::text[]`));
    if (time !== undefined) {
      names.push(quoteIdent(BATCH_TIME_COLUMN));
      selects.push(time.replace('$T', `$${n + 1}`));
    }
    let sql = `INSERT INTO ${table} (${names.join(', ')}) SELECT ${selects.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${plan.targets.map((_t, c) => `v${c}`).join(', ')})`;
    if (this.options.mode === 'upsert') {
      const keys = new Set(plan.keyIndexes);
      const updates = names.filter((_name, i) => !keys.has(i)).map((name) => `${name} = EXCLUDED.${name}`);
      const conflict = plan.keyIndexes.map((i) => names[i]).join(', ');
      sql += updates.length === 0 ? ` ON CONFLICT (${conflict}) DO NOTHING` : ` ON CONFLICT (${conflict}) DO UPDATE SET ${updates.join(', ')}`;
    }
    const total = order?.length ?? rows.count;
    for (let from = 0; from < total; from += CHUNK) {
      const to = Math.min(total, from + CHUNK);
      const params: unknown[] = text.map((col) => (order === undefined ? (from === 0 && to === total ? col : col.slice(from, to)) : order.slice(from, to).map((r) => col[r])));
      if (time !== undefined) params.push(timeMs);
      await q.query(sql, params);
    }
  }

  /** Checks the rows' columns against the table; throws naming what does not fit. */
  private plan(shape: TableShape, rows: BatchRows): Plan {
    const { table, mode, key } = this.options;
    const targets = rows.columns.map((name) => {
      const column = findColumn(shape, name);
      if (column === undefined) {
        throw new EddyError('invalid-argument', `saveToPostgres: table "${table}" has no column "${name}" (it has ${shape.columns.map((c) => c.name).join(', ')}).`, {
          hint: `Add it (ALTER TABLE ${table} ADD COLUMN ${name} ...) or leave it out with columns: [...].`,
        });
      }
      if (column.name === BATCH_TIME_COLUMN) {
        throw new EddyError('invalid-argument', `saveToPostgres: column "${BATCH_TIME_COLUMN}" of table "${table}" is where the sink stores each row's batch time; the rows cannot set it too.`, {
          hint: 'Rename that field of the rows, or leave it out with columns: [...].',
        });
      }
      return column;
    });
    const batchTime = findColumn(shape, BATCH_TIME_COLUMN);
    if (batchTime === undefined && mode === 'append') {
      throw new EddyError('invalid-argument', `saveToPostgres: table "${table}" has no column "${BATCH_TIME_COLUMN}". Append mode stores each row's batch time there, so that a batch run again after recovery replaces its rows instead of adding them twice.`, {
        hint: `Add it: ALTER TABLE ${table} ADD COLUMN ${BATCH_TIME_COLUMN} timestamptz (or bigint for milliseconds).`,
      });
    }
    if (batchTime !== undefined && batchTime.category !== 'D' && batchTime.category !== 'N') {
      throw new EddyError('invalid-argument', `saveToPostgres: column "${BATCH_TIME_COLUMN}" of table "${table}" is ${batchTime.type}; the batch time goes into a timestamp or a number (milliseconds).`, {
        hint: `ALTER TABLE ${table} ALTER COLUMN ${BATCH_TIME_COLUMN} TYPE timestamptz USING ...`,
      });
    }
    const keyIndexes = (key ?? []).map((k) => {
      const i = targets.findIndex((t) => t.name === (findColumn(shape, k)?.name ?? k));
      if (i < 0) {
        throw new EddyError('invalid-argument', `saveToPostgres: the upsert key column "${k}" of table "${table}" is not among the rows' columns (${rows.columns.join(', ')}).`, {
          hint: 'Every key column must be written; add it to columns (or to the objects).',
        });
      }
      return i;
    });
    return { targets, batchTime, keyIndexes };
  }

  private async missingTable(q: SqlQueryable, rows: BatchRows): Promise<EddyError> {
    const { table, key } = this.options;
    const ident = await identifiers(q, [...rows.columns, ...(key ?? [])]);
    const create = suggestCreateTable(table, rows.columns, (c) => rows.values[c].find((v) => v !== null && v !== undefined), key, ident);
    // Append mode deletes by batch time before each batch: an index keeps that quick as the table grows.
    const index = this.options.mode === 'append' ? ` CREATE INDEX ON ${table} (${BATCH_TIME_COLUMN});` : '';
    return new EddyError('invalid-argument', `saveToPostgres: table "${table}" does not exist in ${this.db.description}.`, {
      hint: `Create it first, for example: ${create};${index}`,
    });
  }

  /** A PostgreSQL error as an EddyError naming the table, and the column where it can be found. */
  private async explain(error: unknown, rows: BatchRows): Promise<EddyError> {
    const { table } = this.options;
    const state = sqlState(error);
    let where = '';
    const column = (error as { column?: unknown }).column;
    if (typeof column === 'string') where = ` column "${column}":`;
    else if (state?.startsWith('22') && this.shape !== undefined) where = await this.findBadColumn(rows, describeSqlError(error)).catch(() => '');
    let hint: string | undefined;
    if (state === '42P10') hint = `Upsert needs a unique constraint on the key: ALTER TABLE ${table} ADD PRIMARY KEY (${(this.options.key ?? []).join(', ')});`;
    else if (state === '42P01' || state === '42703') hint = 'The table changed while the stream ran; the next batch reads it again.';
    return new EddyError('io', `saveToPostgres into table "${table}":${where} ${describeSqlError(error)}.`, { hint, cause: error });
  }

  /** After a data error: casts each column alone to find the one (and the row) that failed. */
  private async findBadColumn(rows: BatchRows, message: string): Promise<string> {
    const shape = this.shape as TableShape;
    for (const [c, name] of rows.columns.entries()) {
      const column = findColumn(shape, name);
      if (column === undefined) continue;
      const text = rows.values[c].map((v) => pgText(v, column));
      const failed = await this.db.query(`SELECT count(*) FROM (SELECT unnest($1::text[])::${column.type}) AS u`, [text]).then(
        () => false,
        () => true,
      );
      if (!failed) continue;
      // PostgreSQL quotes the value it could not read ('invalid input syntax for type integer: "x"').
      const quoted = /"([^"]*)"/.exec(message)?.[1];
      const r = quoted === undefined ? -1 : text.indexOf(quoted);
      if (r >= 0) return ` column "${column.name}" (${column.type}), value ${formatElement(rows.values[c][r])} of row ${r + 1} of the batch:`;
      return ` column "${column.name}" (${column.type}):`;
    }
    return '';
  }
}

/** The SQL for the batch time parameter `$T` (ms) into a timestamp or a number column. */
function batchTimeSql(column: ColumnShape): string {
  return column.category === 'D' ? `to_timestamp($T::float8 / 1000)::${column.type}` : `$T::${column.type}`;
}

/** Stands for a NULL single-column key (no text value contains a NUL character). */
const NULL_KEY = '\u0000';

/** Row indexes keeping the last row of each key, in first-seen order of the keys. */
function lastPerKey(text: (string | null)[][], keyIndexes: number[], count: number): number[] {
  const last = new Map<string, number>();
  for (let r = 0; r < count; r++) {
    const k = keyIndexes.length === 1 ? (text[keyIndexes[0]][r] ?? NULL_KEY) : JSON.stringify(keyIndexes.map((i) => text[i][r]));
    last.set(k, r);
  }
  return last.size === count ? Array.from({ length: count }, (_x, i) => i) : [...last.values()].sort((a, b) => a - b);
}
