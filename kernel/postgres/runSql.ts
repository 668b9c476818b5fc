import { openPGlite } from './PGliteDatabase';
import type { SqlResult } from './SqlDatabase';

/**
 * Runs a script of one or more SQL statements on a PGlite database (`pglite:<folder>` or
 * `pglite:memory`), opening it on first use, and returns one result per statement.
 * Throws PostgreSQL's error (with its `code`, `position`) when a statement fails.
 */
export async function runSql(connection: string, script: string): Promise<SqlResult[]> {
  const db = await openPGlite(connection);
  const results = await db.exec(script);
  return results.map((r) => ({ rows: r.rows as Record<string, unknown>[], fields: r.fields.map((f) => f.name), rowCount: r.affectedRows }));
}
