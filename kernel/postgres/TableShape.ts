import type { SqlQueryable } from './SqlDatabase';

/** The column where a sink stores each row's batch time (ms of Spark's `Time`). */
export const BATCH_TIME_COLUMN = 'batch_time';

export interface ColumnShape {
  name: string;
  /** The type as `format_type` writes it (`integer`, `text[]`, `timestamp with time zone`), usable in a cast. */
  type: string;
  /** pg_type.typcategory: `A` array, `N` numeric, `D` date/time, `S` string, `U` user (json), ... */
  category: string;
  /** pg_type.typname: `int4`, `jsonb`, ... */
  typname: string;
}

/** A table as the catalog describes it. */
export interface TableShape {
  /** The table's name as SQL should write it (`"Words"`, `app.counts`), from `regclass::text`. */
  sqlName: string;
  columns: ColumnShape[];
}

const SHAPE_SQL = `
SELECT c.oid::regclass::text AS sql_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       t.typcategory AS category, t.typname AS typname
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.oid = to_regclass($1)
ORDER BY a.attnum`;

/** The table `table` names (search path and quoting as in SQL), or undefined when there is none. */
export async function loadTableShape(q: SqlQueryable, table: string): Promise<TableShape | undefined> {
  const { rows } = await q.query(SHAPE_SQL, [table]);
  if (rows.length === 0) return undefined;
  return {
    sqlName: String(rows[0].sql_name),
    columns: rows.map((r) => ({ name: String(r.name), type: String(r.type), category: String(r.category), typname: String(r.typname) })),
  };
}

/** The column `name` of the table: exact, else as SQL folds an unquoted name (lower case). */
export function findColumn(shape: TableShape, name: string): ColumnShape | undefined {
  return shape.columns.find((c) => c.name === name) ?? shape.columns.find((c) => c.name === name.toLowerCase());
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The CREATE TABLE a missing table would need, with types guessed from the first
 * non-null value of each column (integer → bigint, other number → double precision,
 * string → text, boolean, bigint → numeric, Date → timestamptz, Buffer → bytea,
 * object or array → jsonb, nothing seen → text).
 */
export function suggestCreateTable(
  table: string,
  columns: readonly string[],
  sample: (column: number) => unknown,
  key: readonly string[] | undefined,
  ident: (name: string) => string,
): string {
  const defs = columns.map((c, i) => `${ident(c)} ${guessType(sample(i))}${key?.includes(c) ? ' NOT NULL' : ''}`);
  if (!columns.includes(BATCH_TIME_COLUMN)) defs.push(`${BATCH_TIME_COLUMN} timestamptz NOT NULL`);
  if (key !== undefined && key.length > 0) defs.push(`PRIMARY KEY (${key.map(ident).join(', ')})`);
  return `CREATE TABLE ${table} (${defs.join(', ')})`;
}

/**
 * Identifiers as a person would type them, from the server's own `quote_ident`: bare when SQL
 * keeps them as they are, quoted when they have capitals or are keywords (`"at"`, `"Name"`).
 */
export async function identifiers(q: SqlQueryable, names: readonly string[]): Promise<(name: string) => string> {
  const { rows } = await q.query('SELECT n, quote_ident(n) AS q FROM unnest($1::text[]) AS n', [names]);
  const quoted = new Map(rows.map((r) => [String(r.n), String(r.q)]));
  return (name) => quoted.get(name) ?? quoteIdent(name);
}

function guessType(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'bigint' : 'double precision';
    case 'bigint':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'text';
    case 'object':
      if (value === null) return 'text';
      if (value instanceof Date) return 'timestamptz';
      if (value instanceof Uint8Array) return 'bytea';
      return 'jsonb';
    default:
      return 'text';
  }
}
