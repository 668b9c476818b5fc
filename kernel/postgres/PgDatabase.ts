import type { Pool, PoolClient, PoolConfig, QueryResult } from 'pg';
import type { SqlDatabase, SqlQueryable, SqlResult } from './SqlDatabase';

/** A PostgreSQL server through a `pg` Pool (connections are reused across batches). */
export class PgDatabase implements SqlDatabase {
  readonly description: string;
  private readonly pool: Pool;

  constructor(connection: string | PoolConfig) {
    const config: PoolConfig = typeof connection === 'string' ? { connectionString: connection } : { ...connection };
    // why: a broken connection must fail the statement quickly so the sink can retry,
    // not hang a batch on a dead socket.
    config.connectionTimeoutMillis ??= 10_000;
    config.max ??= 4;
    // why: loaded on first use, not with the kernel: `pg` costs the REPL's start a few hundred ms.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pg = require('pg') as typeof import('pg');
    this.pool = new pg.Pool(config);
    // why: an idle pooled client whose server went away emits 'error' on the pool; without
    // a listener that would crash the process. The pool drops the client; the next batch reconnects.
    this.pool.on('error', () => undefined);
    this.description = describeConnection(connection);
  }

  async query(sql: string, params?: readonly unknown[]): Promise<SqlResult> {
    return toResult(await this.pool.query(sql, params as unknown[] | undefined));
  }

  async transaction<R>(fn: (q: SqlQueryable) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    // why: a checked-out client whose server goes away emits 'error'; unheard, that would be
    // an uncaught exception. The failing statement rejects too, which is what the sink handles.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(clientQueryable(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A client whose statement failed with a connection error is destroyed, not reused.
      client.off('error', ignore);
      client.release(broken !== undefined && isConnectionLevel(broken) ? broken : undefined);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function clientQueryable(client: PoolClient): SqlQueryable {
  return { query: async (sql, params) => toResult(await client.query(sql, params as unknown[] | undefined)) };
}

function toResult(r: QueryResult): SqlResult {
  return { rows: r.rows as Record<string, unknown>[], fields: r.fields.map((f) => f.name), rowCount: r.rowCount ?? undefined };
}

function isConnectionLevel(error: Error): boolean {
  return (error as { code?: unknown }).code === undefined || /^(08|57P)/.test(String((error as { code?: unknown }).code));
}

/** `postgres://user@host:port/db`, never the password. */
export function describeConnection(connection: string | PoolConfig): string {
  if (typeof connection === 'string') {
    try {
      const url = new URL(connection);
      url.password = '';
      return url.toString();
    } catch {
      return 'the PostgreSQL server';
    }
  }
  return `postgres://${connection.user ?? ''}${connection.user ? '@' : ''}${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.database ?? ''}`;
}
