import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { requireOrSkip } from '../support/requireOrSkip';
import { replStarter, tmuxMissing, type TmuxRepl } from '../repl/support/TmuxRepl';

const start = replStarter();

/** CPU time the process has used (ms, from /proc/<pid>/stat: utime + stime at 100 ticks/s). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** What a session leaves behind if it dies without cleaning up: its folder, its dashboard socket, its registry entry. */
interface Leftovers {
  pid: number;
  dir: string;
  socket: string;
  entry: string;
}

async function leftoversOf(r: TmuxRepl): Promise<Leftovers> {
  const probe = "JSON.stringify({ pid: process.pid, dir: session.dir, me: listSessions().find((s) => s.pid === process.pid) })";
  let text = '';
  for (let i = 0; i < 100; i++) {
    text = await r.run(probe);
    if (text.includes('"me":{')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const json = JSON.parse(/'(\{.*\})'/.exec(text.replace(/\n/g, ''))?.[1] ?? '{}') as { pid: number; dir: string; me: { file: string; endpoints: { dashboard: { path: string } } } };
  return { pid: json.pid, dir: json.dir, socket: json.me.endpoints.dashboard.path, entry: json.me.file };
}

/** Waits until the pane says the REPL exited (TmuxRepl.waitFor takes an exit for a failure). */
async function exitStatus(r: TmuxRepl): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /\[eddy exited with status (\d+)\]/.exec(r.screen());
    if (m) return Number(m[1]);
    if (Date.now() > deadline) throw new Error(`the REPL did not exit; the screen was:\n${r.screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Types `line`, presses Enter, and waits until the process has burnt 500 ms of CPU since (it is stuck in user code). */
async function getStuck(r: TmuxRepl, pid: number, line: string): Promise<void> {
  const before = cpuMs(pid);
  r.type(line);
  r.key('Enter');
  const deadline = Date.now() + 30_000;
  while (cpuMs(pid) - before < 500) {
    if (Date.now() > deadline) throw new Error(`the REPL did not get stuck running ${line}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('issue 10 item 1: SIGTERM ends a session stuck in user code; what it left is removed when the next one starts', { timeout: 150_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  // Stuck inside a batch's user function, and stuck in a top-level input.
  const inBatch = await start(['--manual']);
  const a = await leftoversOf(inBatch);
  await inBatch.run('lines.map(l => { while (true) {} return l }).print()');
  await getStuck(inBatch, a.pid, ':step 1');
  const topLevel = await start([]);
  const b = await leftoversOf(topLevel);
  await getStuck(topLevel, b.pid, 'while (true) {}');

  process.kill(a.pid, 'SIGTERM');
  process.kill(b.pid, 'SIGTERM');
  // Killed by the signal (the shell reports 128 + 15), its handler never ran.
  assert.equal(await exitStatus(inBatch), 143);
  assert.equal(await exitStatus(topLevel), 143);

  // The next session's start removes the folders, sockets and registry entries of both.
  const next = await start([]);
  assert.match(await next.run('1 + 1'), /\b2\b/);
  for (const left of [a, b]) {
    for (const p of [left.dir, left.socket, left.entry]) assert.equal(fs.existsSync(p), false, `${p} is still there`);
  }
});

test('SIGTERM at an idle prompt exits at once and removes the session folder itself', { timeout: 60_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start([]);
  const left = await leftoversOf(r);
  // Idle: the handler is on process again (it is off while an input runs, and comes back on the next turn).
  await r.run("void setTimeout(() => console.log('SIGTERM handlers: ' + process.listenerCount('SIGTERM')), 100)");
  await r.waitFor((s) => s.includes('SIGTERM handlers: 1'));
  process.kill(left.pid, 'SIGTERM');
  assert.equal(await exitStatus(r), 143);
  for (const p of [left.dir, left.socket, left.entry]) assert.equal(fs.existsSync(p), false, `${p} is still there`);
});
