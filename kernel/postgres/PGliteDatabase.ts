import * as path from 'node:path';
import type { PGlite, Results, Transaction } from '@electric-sql/pglite';
import { invalidArgument } from '../errors/EddyError';
import type { SqlDatabase, SqlQueryable, SqlResult } from './SqlDatabase';

/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM, in this process) in a folder
 * or in memory. One PGlite per folder per process — two on one folder would corrupt it —
 * so every sink, the REPL's `:sql` and `openPGlite` share it through this registry.
 * This registry is the one piece of process-wide state of the sink: the folder is the
 * database, as a server's address is.
 */
const open = new Map<string, Promise<PGlite>>();

/** The registry key of `pglite:<folder>` / `pglite:memory`: `memory` or the absolute folder. */
export function pgliteKey(connection: string): string {
  const rest = connection.slice('pglite:'.length);
  if (rest === '') throw invalidArgument(`The connection "${connection}" names no PGlite folder.`, "Use 'pglite:memory' or 'pglite:<folder>', e.g. 'pglite:./eddy-db'.");
  return rest === 'memory' ? 'memory' : path.resolve(rest);
}

export function isPGliteConnection(connection: unknown): connection is string {
  return typeof connection === 'string' && connection.startsWith('pglite:');
}

/**
 * The shared PGlite of `'pglite:<folder>'` or `'pglite:memory'`, opened on first use (a
 * folder is created if missing; opening takes a second or more). Query it with
 * `(await openPGlite(c)).query(sql, params)` to read what a sink wrote.
 */
export function openPGlite(connection: string): Promise<PGlite> {
  const key = pgliteKey(connection);
  let db = open.get(key);
  if (db === undefined) {
    // Loaded on first use: the WASM module is large and most sessions never open it.
    db = import('@electric-sql/pglite').then(({ PGlite: Ctor }) => (key === 'memory' ? Ctor.create() : Ctor.create(key)));
    db.catch(() => open.delete(key));
    open.set(key, db);
  }
  return db;
}

/** Closes the shared PGlite of `connection`, if open (a memory database loses its data). */
export async function closePGlite(connection: string): Promise<void> {
  const key = pgliteKey(connection);
  const db = open.get(key);
  if (db === undefined) return;
  open.delete(key);
  await (await db).close();
}

/** PGlite as a SqlDatabase; `close()` leaves the shared instance open (see closePGlite). */
export class PGliteDatabase implements SqlDatabase {
  readonly description: string;

  constructor(private readonly connection: string) {
    this.description = `pglite:${pgliteKey(connection)}`;
  }

  async query(sql: string, params?: readonly unknown[]): Promise<SqlResult> {
    const db = await openPGlite(this.connection);
    return toResult(await db.query(sql, params as unknown[] | undefined));
  }

  async transaction<R>(fn: (q: SqlQueryable) => Promise<R>): Promise<R> {
    const db = await openPGlite(this.connection);
    return db.transaction((tx: Transaction) => fn({ query: async (sql, params) => toResult(await tx.query(sql, params as unknown[] | undefined)) }));
  }

  async close(): Promise<void> {
    // Shared with other sinks and the REPL; the registry owns it.
  }
}

function toResult(r: Results): SqlResult {
  return { rows: r.rows as Record<string, unknown>[], fields: r.fields.map((f) => f.name), rowCount: r.affectedRows };
}
