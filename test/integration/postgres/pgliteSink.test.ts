/**
 * The saveToPostgres suite on the embedded database: PGlite (PostgreSQL compiled to WASM,
 * in this process) in a temporary folder, through `connection: 'pglite:<folder>'`.
 *
 *   npm test -- test/integration/postgres/pgliteSink.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closePGlite, openPGlite } from '../../../kernel';
import { runBatches, sinkSuite, tableName, TIMEOUT, type Backend } from './sinkSuite';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-pglite-'));
const connection = `pglite:${folder}`;
const backend: Backend = {
  connection,
  sql: (text, params) => pgliteSql(connection, text, params),
};

/** A statement with parameters, or a script of statements (as a server takes them); the last one's rows. */
async function pgliteSql(conn: string, text: string, params?: unknown[]): Promise<Record<string, unknown>[]> {
  const db = await openPGlite(conn);
  if (params !== undefined) return (await db.query<Record<string, unknown>>(text, params)).rows;
  return ((await db.exec(text)).at(-1)?.rows ?? []) as Record<string, unknown>[];
}

before(async () => {
  await openPGlite(connection); // opening takes seconds: once, outside the tests' own work
});

after(async () => {
  await closePGlite(connection);
  fs.rmSync(folder, { recursive: true, force: true });
});

sinkSuite('pglite', { backend: () => backend });

test('pglite: what a stream wrote stays in the folder after the database is closed and opened again', TIMEOUT, async () => {
  const table = tableName('kept');
  await backend.sql(`CREATE TABLE ${table} (word text, batch_time timestamptz NOT NULL)`);
  assert.deepEqual(await runBatches([['x', 'y']], { table, columns: ['word'] }, backend), [undefined]);
  await closePGlite(connection);
  assert.deepEqual(await backend.sql(`SELECT word FROM ${table} ORDER BY word`), [{ word: 'x' }, { word: 'y' }]);
});

test("pglite: 'pglite:memory' is one database per process, shared by sinks and openPGlite", TIMEOUT, async () => {
  const memory: Backend = { connection: 'pglite:memory', sql: (text, params) => pgliteSql('pglite:memory', text, params) };
  try {
    await memory.sql('CREATE TABLE m (k text PRIMARY KEY, v integer)');
    assert.deepEqual(await runBatches<[string, number]>([[['a', 1]], [['a', 2]]], { table: 'm', mode: 'upsert', key: ['k'], columns: ['k', 'v'] }, memory), [undefined, undefined]);
    assert.deepEqual(await memory.sql('SELECT k, v FROM m'), [{ k: 'a', v: 2 }]);
  } finally {
    await closePGlite('pglite:memory');
  }
});
