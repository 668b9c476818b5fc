import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from '../repl/support/TmuxRepl';

// Issue 10, items 10 and 15: `npx eddy dash` at 80×24 attached to a REPL fits the terminal
// (no legend over a chart, no wrapped header, the keys hint whole), starts over after :new,
// and the REPL's :help and :dash off say how the dashboard closes.
const ROOT = path.resolve(__dirname, '..', '..');
const cleanups: Array<() => void> = [];
after(() => cleanups.splice(0).forEach((f) => f()));

function dashPane(pid: number): { screen(): string; keys(k: string): void; waitFor(ok: (s: string) => boolean, ms?: number): Promise<string> } {
  const socket = `eddy-dash80-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const eddy = `${process.execPath} ${path.join(ROOT, 'repl', 'bin', 'eddy.js')} dash --pid ${pid}`;
  tmux('new-session', '-d', '-s', 'p', '-x', '80', '-y', '24', '-c', ROOT, `${eddy}; echo "[exited with status $?]"; sleep 60`);
  cleanups.push(() => void spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' }));
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'p');
  return {
    screen,
    keys: (k) => void tmux('send-keys', '-t', 'p', k),
    async waitFor(ok, ms = 60_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const s = screen();
        if (ok(s)) return s;
        if (Date.now() > deadline) throw new Error(`timed out waiting on eddy dash; the pane was:\n${s}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

test('eddy dash at 80x24 fits, and starts over with the new context after :new', { timeout: 150_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const repl = await TmuxRepl.start(['--no-banner', '--manual']);
  cleanups.push(() => repl.kill());
  const pid = Number(/^(\d+)$/m.exec(await repl.run('process.pid', /^\d+$/m))?.[1]);
  await repl.run("const words = ssc.sampleStream('words'); words.count().print()");
  await repl.run(':step 3', /Time: 3000 ms/, 30_000);

  const dash = dashPane(pid);
  const first = await dash.waitFor((s) => /\| 3 batches, \d+ records/.test(s) && /3000 ms/.test(s));
  const lines = first.split('\n');
  assert.ok(lines.every((l) => [...l].length <= 80), first);
  // The three charts' titles, short enough for their 26 columns, with no legend box drawn over a chart.
  assert.match(lines[0], /^┌─ records\/batch \d+ ─+┐┌─ proc \d+ ms \/ 1000 ms ─+┐ ?┌─ total \d+, sched \d+ ms ─+┐$/);
  assert.doesNotMatch(first, /│processing│|│interval *│|│scheduling│/);
  // The recent-batches header on one line, the rows under it whole, newest first.
  assert.match(first, /│batch time {2}records {2}sched {2}process {2}status *│/);
  assert.match(first, /│3000 ms +\d+ +\d+ ms +\d+ ms +done *│[\s\S]*│2000 ms +\d+ +\d+ ms +\d+ ms +done *│[\s\S]*│1000 ms /);
  // The status line keeps the keys that close it.
  assert.match(lines[23], /^ eddy-repl \| running \| interval 1000 ms \| 3 batches, \d+ records \| q\/Esc: back *$/);
  assert.match(first, /│To chart a stream, tap it *│/);
  assert.match(first, /│ {2}outputTap\(counts, \{ k: 10 \}\) *│/);

  // :help and :dash off tell the truth about closing it.
  assert.match(await repl.run(':help dash', /dash/), /q, Esc or Ctrl-C returns to the prompt/);
  assert.match(await repl.run(':dash off', /No dashboard/), /No dashboard is open here: :dash shows one full screen, and q, Esc or Ctrl-C closes it\. 1 viewer is attached from other terminals/);

  await repl.run(':new 500ms --manual', /ssc is a new/);
  const reset = await dash.waitFor((s) => /interval 500 ms \| 0 batches, 0 records/.test(s));
  assert.doesNotMatch(reset, /3000 ms|2000 ms/, 'no row of the old context stays');
  assert.match(reset, /following a new context: 500 ms batches/);
  await repl.run('lines.count().print()');
  await repl.run(':step 2', /Time: 1000 ms/, 30_000);
  const next = await dash.waitFor((s) => /\| 2 batches, \d+ records/.test(s));
  assert.match(next, /│1000 ms +\d+ +\d+ ms +\d+ ms +done *│[\s\S]*│500 ms /);
  assert.doesNotMatch(next, /3000 ms/);

  dash.keys('q');
  await dash.waitFor((s) => /\[exited with status 0\]/.test(s));
  await repl.run(':stop');
});
