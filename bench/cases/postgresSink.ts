/**
 * postgres-sink: rows/s of an upsert stream, 10,000 rows per batch, written by
 * saveToPostgres (mode 'upsert', one transaction per batch) against a hand-written `pg`
 * loop doing the same transactions (BEGIN; INSERT ... SELECT FROM unnest(typed arrays)
 * ON CONFLICT (k) DO UPDATE; COMMIT) on the same rows, in the same run, on a real
 * PostgreSQL server this case starts (scripts/postgres/PostgresServer.ts).
 * Each run starts from an empty table; keys repeat across batches, so later batches
 * update as much as they insert. Interleaved rounds, best of each.
 */
import { Client } from 'pg';
import { postgresAvailability, PostgresServer } from '../../scripts/postgres/PostgresServer';
import { saveToPostgres, SparkConf, SparkContext, StreamingContext, Seconds } from '../../kernel';
import type { BenchCase } from '../BenchCase';

const ROWS_PER_BATCH = 10_000;
const BATCHES = 20;
const KEYS = 50_000;
const ROUNDS = 3;

type Row = [number, number, string];

/** The same rows for both: batch b holds keys (b * 7919 + i * 5) mod KEYS, all distinct within a batch. */
function makeBatches(): Row[][] {
  return Array.from({ length: BATCHES }, (_b, b) =>
    Array.from({ length: ROWS_PER_BATCH }, (_r, i): Row => [(b * 7919 + i * 5) % KEYS, b * ROWS_PER_BATCH + i, `word-${i % 997}`]),
  );
}

const CREATE = (table: string): string => `CREATE TABLE ${table} (k integer PRIMARY KEY, v bigint, s text, batch_time timestamptz)`;

async function fresh(url: string, table: string): Promise<void> {
  const c = new Client(url);
  await c.connect();
  await c.query(`DROP TABLE IF EXISTS ${table}`);
  await c.query(CREATE(table));
  await c.end();
}

async function checkRows(url: string, table: string, expected: number): Promise<void> {
  const c = new Client(url);
  await c.connect();
  const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${table}`);
  await c.end();
  if (rows[0].n !== expected) throw new Error(`${table} has ${rows[0].n} rows, expected ${expected}`);
}

/** The hand-written baseline: one client, one transaction per batch, typed arrays. */
async function baseline(url: string, batches: Row[][]): Promise<number> {
  await fresh(url, 'bench_raw');
  const c = new Client(url);
  await c.connect();
  const start = process.hrtime.bigint();
  let time = 1000;
  for (const batch of batches) {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO bench_raw (k, v, s, batch_time) SELECT u.k, u.v, u.s, to_timestamp($4::float8 / 1000) FROM unnest($1::int4[], $2::int8[], $3::text[]) AS u(k, v, s)
       ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, s = EXCLUDED.s, batch_time = EXCLUDED.batch_time`,
      [batch.map((r) => r[0]), batch.map((r) => r[1]), batch.map((r) => r[2]), time],
    );
    await c.query('COMMIT');
    time += 1000;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await c.end();
  return (batches.length * ROWS_PER_BATCH) / seconds;
}

async function eddy(url: string, sc: SparkContext, batches: Row[][]): Promise<number> {
  await fresh(url, 'bench_eddy');
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: (t) => process.stderr.write(t) });
  let failed = '';
  ssc.addStreamingListener({ onOutputOperationCompleted: ({ outputOperationInfo }) => void (failed ||= outputOperationInfo.failureReason ?? '') });
  saveToPostgres(ssc.queueStream<Row>(batches.slice()), { connection: url, table: 'bench_eddy', mode: 'upsert', key: ['k'], columns: ['k', 'v', 's'] });
  ssc.start();
  const start = process.hrtime.bigint();
  await ssc.advance(batches.length);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await ssc.stop(false);
  if (failed) throw new Error(failed);
  return (batches.length * ROWS_PER_BATCH) / seconds;
}

const postgresSink: BenchCase = {
  name: 'postgres-sink',
  unit: 'rows/s',
  higherIsBetter: true,
  target: 0.8,
  unavailable: postgresAvailability,
  async run() {
    const server = await PostgresServer.start();
    try {
      const batches = makeBatches();
      const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[2]'));
      let bestRaw = 0;
      let bestEddy = 0;
      for (let r = 0; r < ROUNDS; r++) {
        bestRaw = Math.max(bestRaw, await baseline(server.url, batches));
        bestEddy = Math.max(bestEddy, await eddy(server.url, sc, batches));
      }
      const distinct = new Set(batches.flat().map((row) => row[0])).size;
      await checkRows(server.url, 'bench_raw', distinct);
      await checkRows(server.url, 'bench_eddy', distinct);
      await sc.stop();
      return { eddy: bestEddy, baseline: bestRaw, notes: { rowsPerBatch: ROWS_PER_BATCH, batches: BATCHES, distinctKeys: distinct } };
    } finally {
      server.close();
    }
  },
};

export default postgresSink;
