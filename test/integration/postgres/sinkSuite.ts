/**
 * The saveToPostgres suite, run once against a real PostgreSQL server
 * (postgresSink.test.ts) and once against the embedded PGlite (pgliteSink.test.ts):
 * the same SQL and the same sink semantics on both. Batches run on the manual clock.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { saveToPostgres, SparkContext, SparkConf, StreamingContext, Seconds, type PostgresSinkOptions, type OutputOperationInfo } from '../../../kernel';

export interface Backend {
  /** The connection saveToPostgres gets. */
  connection: string;
  /** Runs SQL on the same database (a separate connection for a server). */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export interface SuiteHooks {
  /** The backend, or a reason to skip (printed as "skipped: <why>"). */
  backend(t: TestContext): Backend | undefined;
  /** Makes the database unreachable, and then reachable again (a server stopped and restarted). */
  outage?: { stop(): Promise<void>; start(): Promise<void> };
}

export const TIMEOUT = { timeout: 120_000 };

/** A manual-clock context that runs `batches` through `sink`, collecting each output operation's failure. */
export async function runBatches<T>(
  batches: T[][],
  options: Omit<PostgresSinkOptions, 'connection'>,
  backend: Backend,
  between?: (batch: number, failures: ReadonlyArray<string | undefined>) => Promise<void>,
): Promise<Array<string | undefined>> {
  const sc = new SparkContext(new SparkConf().setAppName('pg-sink-test').setMaster('local[2]'));
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => undefined });
  const failures: Array<string | undefined> = [];
  ssc.addStreamingListener({
    onOutputOperationCompleted: ({ outputOperationInfo }: { outputOperationInfo: OutputOperationInfo }) => void failures.push(outputOperationInfo.failureReason),
  });
  saveToPostgres(ssc.queueStream<T>(batches.slice()), { ...options, connection: backend.connection });
  ssc.start();
  try {
    for (let b = 0; b < batches.length; b++) {
      await between?.(b, failures);
      await ssc.advance(1);
    }
  } finally {
    await ssc.stop(true);
  }
  return failures;
}

let tables = 0;
/** A fresh table name per test, so tests never see each other's rows. */
export function tableName(base: string): string {
  return `${base}_${process.pid}_${++tables}`;
}

export function sinkSuite(label: string, hooks: SuiteHooks): void {
  test(`${label}: append writes each batch in its own transaction, with its batch time`, TIMEOUT, async (t) => {
    const db = hooks.backend(t);
    if (db === undefined) return;
    const table = tableName('append');
    await db.sql(`CREATE TABLE ${table} (word text, n integer, batch_time timestamptz NOT NULL)`);
    const failures = await runBatches<[string, number]>([[['a', 1], ['b', 2]], [['a', 3]]], { table, columns: ['word', 'n'] }, db);
    assert.deepEqual(failures, [undefined, undefined]);
    const rows = await db.sql(`SELECT word, n, (extract(epoch from batch_time) * 1000)::int AS t FROM ${table} ORDER BY t, word`);
    assert.deepEqual(rows, [
      { word: 'a', n: 1, t: 1000 },
      { word: 'b', n: 2, t: 1000 },
      { word: 'a', n: 3, t: 2000 },
    ]);
  });

  test(`${label}: objects map by property name; missing properties are NULL`, TIMEOUT, async (t) => {
    const db = hooks.backend(t);
    if (db === undefined) return;
    const table = tableName('objects');
    await db.sql(`CREATE TABLE ${table} (id integer, "Name" text, tags text[], doc jsonb, batch_time bigint)`);
    const failures = await runBatches([[{ id: 1, Name: 'x', tags: ['p', 'q"r'], doc: { a: [1, 2] } }, { id: 2 }]], { table }, db);
    assert.deepEqual(failures, [undefined]);
    const rows = await db.sql(`SELECT id, "Name", tags, doc, batch_time::int AS t FROM ${table} ORDER BY id`);
    assert.deepEqual(rows, [
      { id: 1, Name: 'x', tags: ['p', 'q"r'], doc: { a: [1, 2] }, t: 1000 },
      { id: 2, Name: null, tags: null, doc: null, t: 1000 },
    ]);
  });

  test(`${label}: upsert inserts or updates by key; the batch's last row per key wins`, TIMEOUT, async (t) => {
    const db = hooks.backend(t);
    if (db === undefined) return;
    const table = tableName('upsert');
    await db.sql(`CREATE TABLE ${table} (word text PRIMARY KEY, n bigint, batch_time timestamptz)`);
    const failures = await runBatches<[string, number]>(
      [[['a', 1], ['b', 2], ['a', 5]], [['b', 7], ['c', 1]]],
      { table, mode: 'upsert', key: ['word'], columns: ['word', 'n'] },
      db,
    );
    assert.deepEqual(failures, [undefined, undefined]);
    const rows = await db.sql(`SELECT word, n::int AS n, (extract(epoch from batch_time) * 1000)::int AS t FROM ${table} ORDER BY word`);
    assert.deepEqual(rows, [
      { word: 'a', n: 5, t: 1000 },
      { word: 'b', n: 7, t: 2000 },
      { word: 'c', n: 1, t: 2000 },
    ]);
  });

  test(`${label}: a batch run again with its original time replaces its rows, never duplicates them`, TIMEOUT, async (t) => {
    const db = hooks.backend(t);
    if (db === undefined) return;
    const append = tableName('rerun');
    const upsert = tableName('rerun_up');
    await db.sql(`CREATE TABLE ${append} (word text, n integer, batch_time timestamptz NOT NULL)`);
    await db.sql(`CREATE TABLE ${upsert} (word text PRIMARY KEY, n integer, batch_time timestamptz)`);
    const first: Array<Array<[string, number]>> = [[['a', 1], ['b', 1]], [['c', 1]]];
    await runBatches(first, { table: append, columns: ['word', 'n'] }, db);
    await runBatches(first, { table: upsert, mode: 'upsert', key: ['word'], columns: ['word', 'n'] }, db);
    // A second context on a manual clock starts at 0 again: its batches have the same times
    // (1000, 2000 ms), as batches re-run by checkpoint recovery do. Batch 2000 now differs.
    const again: Array<Array<[string, number]>> = [[['a', 1], ['b', 1]], [['c', 2], ['d', 2]]];
    assert.deepEqual(await runBatches(again, { table: append, columns: ['word', 'n'] }, db), [undefined, undefined]);
    assert.deepEqual(await runBatches(again, { table: upsert, mode: 'upsert', key: ['word'], columns: ['word', 'n'] }, db), [undefined, undefined]);
    const expected = [
      { word: 'a', n: 1 },
      { word: 'b', n: 1 },
      { word: 'c', n: 2 },
      { word: 'd', n: 2 },
    ];
    assert.deepEqual(await db.sql(`SELECT word, n FROM ${append} ORDER BY word`), expected);
    assert.deepEqual(await db.sql(`SELECT word, n FROM ${upsert} ORDER BY word`), expected);
  });

  test(`${label}: a missing table fails the batch with a CREATE TABLE that fits, and later batches go on`, TIMEOUT, async (t) => {
    const db = hooks.backend(t);
    if (db === undefined) return;
    const table = tableName('missing');
    let suggested = '';
    const failures = await runBatches<[string, number, boolean]>([[['a', 1.5, true]], [['b', 2, false]]], { table, mode: 'upsert', key: ['word'], columns: ['word', 'score', 'ok'] }, db, async (b, failed) => {
      if (b !== 1) return;
      // Between the batches: create the table the first failure suggested.
      suggested = /CREATE TABLE [^;]+;/.exec(String(failed[0]))?.[0] ?? '';
      await db.sql(suggested);
    });
    assert.match(String(failures[0]), new RegExp(`table "${table}" does not exist`));
    assert.ok(suggested.includes(`CREATE TABLE ${table} (word text NOT NULL, score double precision, ok boolean, batch_time timestamptz NOT NULL, PRIMARY KEY (word))`), suggested);
    assert.equal(failures[1], undefined);
    assert.deepEqual(await db.sql(`SELECT word, score, ok FROM ${table}`), [{ word: 'b', score: 2, ok: false }]);
  });

  test(`${label}: for append, the missing-table hint adds an index on batch_time; dates, bytes and JSON go in`, TIMEOUT, async (t) => {
    const db = hooks.backend(t);
    if (db === undefined) return;
    const table = tableName('missing_append');
    const row = { id: 1, order: new Date(1_700_000_000_123), raw: Buffer.from([0, 255]), doc: { a: [1, 'x'] } };
    const failures = await runBatches([[row], [row]], { table }, db, async (b, failed) => {
      if (b === 1) await db.sql(/Create it first, for example: (.*;)/.exec(String(failed[0]))?.[1] ?? 'missing hint');
    });
    assert.match(
      String(failures[0]),
      new RegExp(`CREATE TABLE ${table} \\(id bigint, "order" timestamptz, raw bytea, doc jsonb, batch_time timestamptz NOT NULL\\); CREATE INDEX ON ${table} \\(batch_time\\);`),
    );
    assert.equal(failures[1], undefined);
    const [got] = await db.sql(`SELECT id::int AS id, "order", encode(raw, 'hex') AS raw, doc FROM ${table}`);
    assert.deepEqual(got, { id: 1, order: row.order, raw: '00ff', doc: { a: [1, 'x'] } });
  });

  test(`${label}: a value of the wrong type names the table, the column and the row`, TIMEOUT, async (t) => {
    const db = hooks.backend(t);
    if (db === undefined) return;
    const table = tableName('types');
    await db.sql(`CREATE TABLE ${table} (word text, n integer, batch_time timestamptz)`);
    const failures = await runBatches<[string, unknown]>([[['a', 1], ['b', 'many']], [['c', 3]]], { table, columns: ['word', 'n'] }, db);
    assert.match(String(failures[0]), new RegExp(`table "${table}": column "n" \\(integer\\), value many of row 2 of the batch: invalid input syntax for type integer`));
    assert.equal(failures[1], undefined);
    // The failed batch wrote nothing (one transaction); the next one went in.
    assert.deepEqual(await db.sql(`SELECT word, n FROM ${table}`), [{ word: 'c', n: 3 }]);
  });

  test(`${label}: columns the table lacks, and append without batch_time, are named with the fix`, TIMEOUT, async (t) => {
    const db = hooks.backend(t);
    if (db === undefined) return;
    const table = tableName('shape');
    await db.sql(`CREATE TABLE ${table} (word text PRIMARY KEY, n integer)`);
    const [noColumn] = await runBatches<[string, number]>([[['a', 1]]], { table, columns: ['word', 'count'] }, db);
    assert.match(String(noColumn), new RegExp(`table "${table}" has no column "count" \\(it has word, n\\)`));
    const [noTime] = await runBatches<[string, number]>([[['a', 1]]], { table, columns: ['word', 'n'] }, db);
    assert.match(String(noTime), new RegExp(`table "${table}" has no column "batch_time".*ALTER TABLE ${table} ADD COLUMN batch_time timestamptz`));
    // Upsert needs no batch_time column: the key makes a re-run idempotent.
    assert.deepEqual(await runBatches<[string, number]>([[['a', 1]]], { table, mode: 'upsert', key: ['word'], columns: ['word', 'n'] }, db), [undefined]);
  });

  test(`${label}: bad options throw at the call`, async () => {
    const sc = new SparkContext(new SparkConf().setMaster('local[1]'));
    const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
    const s = ssc.queueStream<[string, number]>([]);
    assert.throws(() => saveToPostgres(s, { connection: 'pglite:memory', table: 't', mode: 'upsert' }), /upsert mode needs key/);
    assert.throws(() => saveToPostgres(s, { connection: 'pglite:memory', table: '' }), /table is ""/);
    assert.throws(() => saveToPostgres(s, { connection: 'pglite:', table: 't' }), /names no PGlite folder/);
    assert.throws(() => saveToPostgres(s, { connection: 'pglite:memory', table: 't', mode: 'upsert', key: ['k'], columns: ['a'] }), /key column\(s\) k are not in columns/);
    await ssc.stop(true);
  });

  if (hooks.outage !== undefined) {
    const outage = hooks.outage;
    test(`${label}: the database going away mid-stream fails that batch after retries; it comes back and later batches go in`, TIMEOUT, async (t) => {
      const db = hooks.backend(t);
      if (db === undefined) return;
      const table = tableName('outage');
      await db.sql(`CREATE TABLE ${table} (word text, n integer, batch_time timestamptz NOT NULL)`);
      const failures = await runBatches<[string, number]>([[['a', 1]], [['b', 2]], [['c', 3]]], { table, columns: ['word', 'n'] }, db, async (b) => {
        if (b === 1) await outage.stop();
        if (b === 2) await outage.start();
      });
      assert.equal(failures[0], undefined);
      assert.match(String(failures[1]), new RegExp(`table "${table}": lost the connection to .* after 5 attempts`));
      assert.equal(failures[2], undefined);
      assert.deepEqual(await db.sql(`SELECT word, n FROM ${table} ORDER BY word`), [
        { word: 'a', n: 1 },
        { word: 'c', n: 3 },
      ]);
    });
  }
}
