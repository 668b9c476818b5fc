import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listSessions } from '../../kernel';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from '../repl/support/TmuxRepl';

const ROOT = path.resolve(__dirname, '..', '..');
const cleanups: Array<() => void> = [];
after(() => cleanups.splice(0).forEach((f) => f()));

/** A bare tmux pane running `command` (its own tmux server), for the attach client and the driver. */
function pane(command: string, cols = 120, rows = 36): { screen(): string; keys(...k: string[]): void; resize(c: number, r: number): void; waitFor(ok: (s: string) => boolean, ms?: number): Promise<string> } {
  const socket = `eddy-dash-test-${process.pid}-${cleanups.length}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  tmux('new-session', '-d', '-s', 'p', '-x', String(cols), '-y', String(rows), '-c', ROOT, `${command}; echo "[exited with status $?]"; sleep 60`);
  cleanups.push(() => void spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' }));
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'p');
  return {
    screen,
    keys: (...k) => void tmux('send-keys', '-t', 'p', ...k),
    resize: (c, r) => void tmux('resize-window', '-t', 'p', '-x', String(c), '-y', String(r)),
    async waitFor(ok, ms = 15_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const s = screen();
        if (ok(s)) return s;
        if (Date.now() > deadline) throw new Error(`timed out waiting; the pane was:\n${s}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

test(':dash in the real REPL shows the batch figures full screen, and q brings the prompt back intact', { timeout: 60_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const repl = await TmuxRepl.start(['--no-banner', '--interval', '500ms']);
  cleanups.push(() => repl.kill());
  await repl.run('const counts = lines.flatMap((l) => l.split(" ")).map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b)');
  await repl.run('counts.print(3)');
  await repl.run('ssc.start()');
  await repl.waitFor((s) => (s.match(/^Time: \d+ ms$/gm) ?? []).length >= 2);
  repl.type(':dash');
  repl.key('Enter');
  const dash = await repl.waitFor((s) => /records\/batch/.test(s) && /Recent batches/.test(s) && /\d\d:\d\d:\d\d(\.\d+)?\s+\d+\s+\d+ ms\s+\d+ ms\s+\d+ ms\s+done/.test(s));
  assert.match(dash, /batch interval 500 ms/);
  assert.match(dash, /running \| batch interval 500 ms \| \d+ batches/);
  assert.match(dash, /processing \d+ ms \(interval 500 ms\)/);
  assert.match(dash, /print\(\) output and errors/);
  assert.doesNotMatch(dash, /eddy> $/m, 'the prompt is covered while the dashboard is up');
  // Batches keep running under the dashboard: the batch count in the status line grows.
  const batchesIn = (s: string): number => Number(/\| (\d+) batches/.exec(s)?.[1] ?? -1);
  const first = batchesIn(dash);
  await repl.waitFor((s) => batchesIn(s) > first + 1);
  repl.key('q');
  await repl.waitFor((s) => !/Recent batches/.test(s) && /eddy> /.test(s));
  // The prompt works as before: keys pressed on the dashboard did not leak into it.
  const out = await repl.run('1 + 41', /^42$/m);
  assert.match(out, /^42$/m);
  assert.doesNotMatch(out, /q1 \+ 41/);
  await repl.run('await ssc.stop(false)');
});

test('eddy dash attaches from another terminal, redraws on resize, and quits cleanly', { timeout: 150_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-dash-attach-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const node = process.execPath;
  const driver = pane(`EDDY_DASH_DIR=${dir} ${node} -r ts-node/register/transpile-only test/widgets/fixtures/dashDriver.ts serve`);
  // A cold ts-node start on a loaded machine can take tens of seconds.
  const served = await driver.waitFor((s) => /serving unix:/.test(s), 60_000);
  const address = /serving (unix:\S+)/.exec(served)?.[1] ?? '';
  const [entry] = listSessions({ dir });
  assert.equal(entry.appName, 'dash-driver');
  assert.equal(`unix:${(entry.endpoints.dashboard as { path: string }).path}`, address);

  const client = pane(`${node} widgets/bin/dash.js ${address}`, 120, 36);
  const shown = await client.waitFor((s) => /top words/.test(s) && /█/.test(s) && /\d+ batches/.test(s), 60_000);
  assert.match(shown, /dash-driver \| running \| batch interval 500 ms/);
  assert.equal(shown.split('\n')[0].length, 120, 'the panels span the terminal');

  client.resize(90, 30);
  const resized = await client.waitFor((s) => s.split('\n')[0].replace(/\s+$/, '').length === 90 && /top words/.test(s));
  assert.match(resized.split('\n')[0], /^┌.*┐$/);

  client.resize(60, 20);
  await client.waitFor((s) => /needs at least 80x24/.test(s));
  client.resize(100, 30);
  await client.waitFor((s) => /Recent batches/.test(s));

  client.keys('q');
  await client.waitFor((s) => /\[exited with status 0\]/.test(s));
  driver.keys('x');
  await driver.waitFor((s) => /driver> bye/.test(s));
  assert.equal(fs.existsSync(entry.file), false, "the session's entry is removed when the server closes");
});
