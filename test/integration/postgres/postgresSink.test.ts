/**
 * saveToPostgres against a REAL PostgreSQL server: Debian's postgresql binaries, started by
 * scripts/postgres/PostgresServer.ts with initdb in a temporary data directory on a free
 * port on 127.0.0.1 (never the system cluster), stopped and removed at the end.
 * Without the binaries every test prints "skipped: <why>" (a failure under EDDY_REQUIRE_ALL=1).
 *
 *   npm test -- test/integration/postgres/postgresSink.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { postgresAvailability, PostgresServer } from '../../../scripts/postgres/PostgresServer';
import { saveToPostgres, SparkContext, SparkConf, StreamingContext, Seconds } from '../../../kernel';
import { requireOrSkip } from '../../support/requireOrSkip';
import { sinkSuite, tableName, TIMEOUT, type Backend } from './sinkSuite';

const why = postgresAvailability();
let server: PostgresServer | undefined;
let pool: Pool | undefined;
let backend: Backend | undefined;

before(async () => {
  if (why !== undefined) return;
  server = await PostgresServer.start();
  const p = new Pool({ connectionString: server.url, max: 2 });
  p.on('error', () => undefined);
  pool = p;
  backend = { connection: server.url, sql: async (text, params) => (await p.query(text, params)).rows as Record<string, unknown>[] };
});

after(async () => {
  await pool?.end();
  server?.close();
});

const live = (t: Parameters<typeof requireOrSkip>[0]): Backend | undefined => (requireOrSkip(t, why) ? backend : undefined);

sinkSuite('postgres', {
  backend: live,
  outage: {
    stop: async () => server?.stop(),
    start: async () => server?.startAgain(),
  },
});

test('postgres: a slow database holds the batch until its commit (backpressure, no queue of batches)', TIMEOUT, async (t) => {
  const db = live(t);
  if (db === undefined || pool === undefined) return;
  const table = tableName('slow');
  await db.sql(`CREATE TABLE ${table} (word text, batch_time timestamptz NOT NULL)`);
  const sc = new SparkContext(new SparkConf().setMaster('local[2]'));
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => undefined });
  const completed: number[] = [];
  const started: number[] = [];
  ssc.addStreamingListener({
    onBatchStarted: ({ batchInfo }) => void started.push(batchInfo.batchTime.milliseconds),
    onBatchCompleted: ({ batchInfo }) => void completed.push(batchInfo.batchTime.milliseconds),
  });
  saveToPostgres(ssc.queueStream([['a'], ['b']]), { connection: db.connection, table, columns: ['word'] });
  ssc.start();
  // Another session holds a lock on the table: the sink's DELETE waits for it.
  const locker = await pool.connect();
  try {
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    const advancing = ssc.advance(2);
    // Wait until the sink's statement is blocked on the lock, then check nothing completed.
    for (let i = 0; i < 600; i++) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = '${table}'::regclass`);
      if (rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(completed, []);
    assert.deepEqual(started, [1000], 'the second batch waits for the first one to commit');
    await locker.query('COMMIT');
    await advancing;
  } finally {
    locker.release();
    await ssc.stop(true);
  }
  assert.deepEqual(completed, [1000, 2000]);
  assert.deepEqual(await db.sql(`SELECT word FROM ${table} ORDER BY word`), [{ word: 'a' }, { word: 'b' }]);
});

test('postgres: a server that comes back while the sink retries gets the batch (retry with backoff)', TIMEOUT, async (t) => {
  const db = live(t);
  if (db === undefined || server === undefined) return;
  const table = tableName('retry');
  await db.sql(`CREATE TABLE ${table} (word text, batch_time timestamptz NOT NULL)`);
  const conf = new SparkConf().setMaster('local[2]').set('eddy.postgres.attempts', '40').set('eddy.postgres.backoff', '250ms');
  const sc = new SparkContext(conf);
  const err: string[] = [];
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: (text) => void err.push(text) });
  const failures: Array<string | undefined> = [];
  ssc.addStreamingListener({ onOutputOperationCompleted: ({ outputOperationInfo }) => void failures.push(outputOperationInfo.failureReason) });
  saveToPostgres(ssc.queueStream([['a', 'b']]), { connection: db.connection, table, columns: ['word'] });
  ssc.start();
  server.stop();
  try {
    const advancing = ssc.advance(1);
    for (let i = 0; i < 1200 && !err.join('').includes('retrying'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(err.join(''), new RegExp(`table "${table}": lost the connection to postgres://eddy@127\\.0\\.0\\.1:\\d+/postgres \\(attempt 1 of 40: .*\\); retrying in 250 ms`));
    server.startAgain();
    await advancing;
  } finally {
    server.startAgain();
    await ssc.stop(true);
  }
  assert.deepEqual(failures, [undefined]);
  assert.deepEqual(await db.sql(`SELECT word FROM ${table} ORDER BY word`), [{ word: 'a' }, { word: 'b' }]);
});
