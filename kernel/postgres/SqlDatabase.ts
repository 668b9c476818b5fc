/** What a statement returns, the same for `pg` and PGlite. */
export interface SqlResult {
  rows: Record<string, unknown>[];
  /** Column names in select-list order. */
  fields: string[];
  /** Rows inserted, updated or deleted, where the statement says. */
  rowCount: number | undefined;
}

export interface SqlQueryable {
  query(sql: string, params?: readonly unknown[]): Promise<SqlResult>;
}

/**
 * One PostgreSQL database as the sink sees it: a server through a `pg` pool, or an
 * embedded PGlite. `transaction` runs `fn` between BEGIN and COMMIT on one connection
 * and rolls back when it throws.
 */
export interface SqlDatabase extends SqlQueryable {
  /** Where it is, for messages: `postgres://host:port/db` (no password) or `pglite:<folder>`. */
  readonly description: string;
  transaction<R>(fn: (q: SqlQueryable) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}
