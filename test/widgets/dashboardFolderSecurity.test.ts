import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Milliseconds, SparkConf, SparkContext, StreamingContext, listSessions } from '../../kernel';
import { sessionDir, startDashboardServer } from '../../widgets';
import { otherUser, runAs } from '../support/otherUser';

// Issue 13 item 12: two local users share a temp folder; the second must not be able to
// redirect the first one's `eddy dash` or make the first write through a link of theirs.

function context(): StreamingContext {
  const sc = new SparkContext(new SparkConf().setAppName('victim').setMaster('local[1]'));
  const ssc = new StreamingContext(sc, Milliseconds(1000), { clock: 'manual', out: () => undefined });
  ssc.queueStream<number>([]).print();
  return ssc;
}

/** A folder like /tmp: writable by everyone, sticky. */
function sharedTmp(): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-shared-'));
  fs.chmodSync(base, 0o1777);
  return base;
}

/** Runs `fn` with TMPDIR=base and no XDG_RUNTIME_DIR, as a user on a machine without one. */
async function withTmpdir<T>(base: string, fn: () => Promise<T>): Promise<T> {
  const saved = { TMPDIR: process.env.TMPDIR, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR };
  process.env.TMPDIR = base;
  delete process.env.XDG_RUNTIME_DIR;
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('a socket folder another user made first is refused, by the server and by eddy dash', { timeout: 30_000 }, async (t) => {
  const other = otherUser(t);
  if (!other) return;
  const base = sharedTmp();
  const ssc = context();
  await withTmpdir(base, async () => {
    const dir = sessionDir();
    assert.equal(dir, path.join(base, `eddy-${process.getuid?.()}`));
    // The other user gets there first, with a folder open to everyone.
    const made = runAs(other, 'mkdir', ['-m', '777', dir]);
    assert.equal(made.status, 0, made.stderr);
    assert.equal(fs.statSync(dir).uid, other.uid);

    await assert.rejects(startDashboardServer(ssc), new RegExp(`Refusing to use ${dir}.*owned by uid ${other.uid}, not by you.*rm -r`));
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing of the victim was written into it');
    assert.throws(() => listSessions(), /Refusing to read Eddy sessions/);

    // A link to a folder of theirs is refused too.
    fs.rmSync(dir, { recursive: true });
    const theirs = path.join(base, 'theirs');
    assert.equal(runAs(other, 'mkdir', ['-m', '700', theirs]).status, 0);
    assert.equal(runAs(other, 'ln', ['-s', theirs, dir]).status, 0);
    await assert.rejects(startDashboardServer(ssc), /symbolic link/);
  });
  await ssc.stop(true);
  fs.rmSync(base, { recursive: true, force: true });
});

test("the user's own folder is private: the other user can neither list it, read the entry nor connect", { timeout: 30_000 }, async (t) => {
  const other = otherUser(t);
  if (!other) return;
  const base = sharedTmp();
  const ssc = context();
  await withTmpdir(base, async () => {
    const server = await startDashboardServer(ssc);
    const dir = sessionDir();
    assert.equal((fs.statSync(dir).mode & 0o777).toString(8), '700');
    const [entry] = listSessions();
    assert.deepEqual(entry.endpoints.dashboard, server.address);
    assert.equal((fs.statSync(entry.file).mode & 0o777).toString(8), '600');

    assert.notEqual(runAs(other, 'ls', [dir]).status, 0);
    assert.notEqual(runAs(other, 'cat', [entry.file]).status, 0);
    const socketPath = server.address.kind === 'unix' ? server.address.path : '';
    const connect = runAs(other, process.execPath, [
      '-e',
      `require('net').connect(${JSON.stringify(socketPath)}).on('connect', () => process.exit(0)).on('error', (e) => { console.log(e.code); process.exit(3); })`,
    ]);
    assert.equal(connect.status, 3);
    assert.match(connect.stdout, /EACCES/);
    // Their own registry is elsewhere and empty: our session is not offered to them.
    const theirs = runAs(other, 'sh', ['-c', `ls "${base}/eddy-${other.uid}" 2>&1 || true`]);
    assert.match(theirs.stdout, /No such file/);
    await server.close();
  });
  await ssc.stop(true);
  fs.rmSync(base, { recursive: true, force: true });
});
