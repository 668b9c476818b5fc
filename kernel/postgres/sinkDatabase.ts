import type { PoolConfig } from 'pg';
import type { StreamingContext } from '../streaming/StreamingContext';
import { PgDatabase } from './PgDatabase';
import { isPGliteConnection, PGliteDatabase } from './PGliteDatabase';
import type { SqlDatabase } from './SqlDatabase';

const pools = new WeakMap<StreamingContext, Map<string, SqlDatabase>>();

/**
 * The database of a sink: a PGlite shared by folder, or one `pg` pool per context and
 * connection, shared by every saveToPostgres of the context and ended when the context
 * has stopped (after a graceful stop's last batches were written).
 */
export function sinkDatabase(ssc: StreamingContext, connection: string | PoolConfig): SqlDatabase {
  if (isPGliteConnection(connection)) return new PGliteDatabase(connection);
  let byConnection = pools.get(ssc);
  if (byConnection === undefined) {
    const created = new Map<string, SqlDatabase>();
    byConnection = created;
    pools.set(ssc, created);
    const remove = ssc.bus.on('streaming.stopped', () => {
      remove();
      pools.delete(ssc);
      for (const db of created.values()) void db.close().catch(() => undefined);
    });
  }
  const key = typeof connection === 'string' ? connection : JSON.stringify(connection);
  let db = byConnection.get(key);
  if (db === undefined) {
    db = new PgDatabase(connection);
    byConnection.set(key, db);
  }
  return db;
}
