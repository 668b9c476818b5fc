import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { announceEndpoint, findSession, listSessions, userRuntimeDirectory } from '../../kernel';

const FIXTURE = path.join(__dirname, 'fixtures', 'announceSession.ts');

function privateTmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-registry-'));
  return path.join(dir, 'eddy');
}

/** Starts a stand-in session process and waits for its "ready" line. */
async function startSession(dir: string, appName: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', FIXTURE, dir, appName], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the session fixture exited (${code}) before announcing`)));
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

// Each fixture compiles the kernel with ts-node: over 25 s apiece on a loaded machine, so both start at once.
test('each session has its own entry: one exiting leaves the other findable (issue 10 item 10)', { timeout: 150_000 }, async () => {
  const dir = privateTmp();
  const [first, second] = await Promise.all([startSession(dir, 'first'), startSession(dir, 'second')]);
  assert.deepEqual(listSessions({ dir }).map((s) => s.appName).sort(), ['first', 'second']);
  assert.equal((fs.statSync(dir).mode & 0o777).toString(8), '700');

  // The newer one exits cleanly: the older one is still found, by default and by pid.
  second.stdin?.end();
  await exited(second);
  const live = listSessions({ dir });
  assert.deepEqual(live.map((s) => s.pid), [first.pid]);
  assert.equal(findSession({ dir, endpoint: 'dashboard' }).appName, 'first');
  assert.equal(findSession({ dir, pid: first.pid }).pid, first.pid);
  assert.throws(() => findSession({ dir, pid: second.pid }), new RegExp(`No Eddy session with pid ${second.pid}.*live sessions: pid ${first.pid} first \\(dashboard\\)`));

  // Killed without cleaning up: its entry is ignored, then removed.
  first.kill('SIGKILL');
  await exited(first);
  assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith('.json')).length, 1);
  assert.deepEqual(listSessions({ dir }), []);
  assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith('.json')).length, 0);
  assert.throws(() => findSession({ dir }), /No Eddy session is running \(none announced in .*\).*npm start/);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

test('an entry whose socket is gone is ignored; a live pid alone does not make a session', async () => {
  const dir = privateTmp();
  fs.mkdirSync(dir, { mode: 0o700 });
  const gone = path.join(dir, 'gone.sock');
  const a = announceEndpoint('dashboard', { kind: 'unix', path: gone }, { dir, appName: 'ghost' });
  assert.deepEqual(listSessions({ dir }), []);
  assert.ok(fs.existsSync(a.file), 'the entry of a live process is kept, only not listed');
  // A second endpoint that exists (a URL) keeps the session listed, without the dead socket.
  const ui = announceEndpoint('ui', { kind: 'url', url: 'http://127.0.0.1:1/?token=t' }, { dir });
  const [entry] = listSessions({ dir });
  assert.deepEqual(Object.keys(entry.endpoints), ['ui']);
  assert.equal(findSession({ dir, endpoint: 'ui' }).pid, process.pid);
  assert.throws(() => findSession({ dir, endpoint: 'dashboard' }), /No Eddy session is serving a dashboard/);
  ui.withdraw();
  assert.ok(fs.existsSync(a.file), 'withdrawing one endpoint keeps the entry');
  a.withdraw();
  assert.equal(fs.existsSync(a.file), false);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

test('entries are written without following a symlink planted at their name', () => {
  const dir = privateTmp();
  fs.mkdirSync(dir, { mode: 0o700 });
  const victim = path.join(path.dirname(dir), 'precious.txt');
  fs.writeFileSync(victim, 'keep me\n');
  fs.symlinkSync(victim, path.join(dir, `session-${process.pid}.json`));
  const a = announceEndpoint('ui', { kind: 'url', url: 'http://127.0.0.1:1/' }, { dir });
  assert.equal(fs.readFileSync(victim, 'utf8'), 'keep me\n');
  assert.ok(fs.lstatSync(a.file).isFile());
  assert.equal((fs.statSync(a.file).mode & 0o777).toString(8), '600');
  a.withdraw();
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

test('the registry prefers a private XDG_RUNTIME_DIR and refuses folders open to others', () => {
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-xdg-'));
  fs.chmodSync(runtime, 0o700);
  assert.equal(userRuntimeDirectory({ XDG_RUNTIME_DIR: runtime }), path.join(runtime, 'eddy'));
  fs.chmodSync(runtime, 0o755);
  assert.equal(userRuntimeDirectory({ XDG_RUNTIME_DIR: runtime }), path.join(os.tmpdir(), `eddy-${process.getuid?.() ?? os.userInfo().username}`));
  assert.equal(userRuntimeDirectory({ XDG_RUNTIME_DIR: 'relative/dir' }).startsWith(os.tmpdir()), true);

  const open = path.join(runtime, 'open');
  fs.mkdirSync(open, { mode: 0o777 });
  fs.chmodSync(open, 0o777);
  assert.throws(() => announceEndpoint('ui', { kind: 'url', url: 'http://x/' }, { dir: open }), /Refusing to use .*open.*mode is 777, open to other users/);
  assert.throws(() => listSessions({ dir: open }), /Refusing to read Eddy sessions from .*open/);
  const link = path.join(runtime, 'link');
  fs.symlinkSync(runtime, link);
  assert.throws(() => announceEndpoint('ui', { kind: 'url', url: 'http://x/' }, { dir: link }), /symbolic link/);
  fs.rmSync(runtime, { recursive: true, force: true });
});
