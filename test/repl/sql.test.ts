import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Session } from '../../kernel';
import { formatSqlResult } from '../../repl/formatSqlResult';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from './support/TmuxRepl';

let repl: TmuxRepl | undefined;
afterEach(() => {
  repl?.kill();
  repl = undefined;
});

test('formatSqlResult prints a psql-like table: numbers right, NULL empty, a row count', () => {
  const text = formatSqlResult({
    fields: ['word', 'n', 'doc'],
    rows: [
      { word: 'the', n: 12, doc: { a: 1 } },
      { word: 'a', n: null, doc: null },
    ],
    rowCount: undefined,
  });
  assert.equal(text, [' word |  n | doc', '------+----+---------', ' the  | 12 | {"a":1}', ' a    |    |', '(2 rows)'].join('\n'));
  assert.equal(formatSqlResult({ fields: [], rows: [], rowCount: 3 }), 'OK, 3 rows');
  assert.equal(formatSqlResult({ fields: [], rows: [], rowCount: 0 }), 'OK');
});

test('the session database is a folder inside the session folder, not opened until used', async () => {
  const session = new Session({ manual: true, out: () => undefined, err: () => undefined });
  assert.equal(session.database, `pglite:${session.dir}/pglite`);
  assert.equal(fs.existsSync(`${session.dir}/pglite`), false, 'nothing opened it yet');
  await session.close();
  assert.equal(fs.existsSync(session.dir), false);
});

test(':sql creates a table in the session database, a stream writes it with saveToPostgres(db), :sql reads it back', { timeout: 150_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  repl = await TmuxRepl.start(['--no-banner']);
  await repl.run(':new 1s --manual', /manual clock/);
  // The first :sql opens the PGlite database (seconds, more on a loaded machine).
  await repl.run(':sql create table counts (word text primary key, n bigint, batch_time timestamptz)', /OK/, 120_000);
  await repl.run(`saveToPostgres(lines.flatMap(l => l.split(' ')).countByValue(), { connection: db, table: 'counts', mode: 'upsert', key: ['word'], columns: ['word', 'n'] })`);
  await repl.run(':step 2', /covers|stream/, 60_000);
  const out = await repl.run(`:sql select word, n from counts where word = 'the'`, /\(1 row\)/, 30_000);
  assert.match(out, /^ word \|\s+n$/m);
  assert.match(out, /^ the\s+\|\s+\d+$/m);
  const missing = await repl.run(':sql select * from nope', /failed/);
  assert.match(missing, /:sql failed: relation "nope" does not exist \(SQLSTATE 42P01\)/);
  // The session and the database are still there after the error.
  assert.match(await repl.run('(await session.sql("select count(*)::int as n from counts"))[0].rows[0].n', /^\d+$/m), /^\d+$/m);
});
