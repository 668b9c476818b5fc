import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import type { ServerMessage, WebUIView } from '../../../widgets/webui';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const EDDY = path.join(ROOT, 'repl', 'bin', 'eddy.js');
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A process of the `eddy` bin on pipes, its output gathered; `waitFor` polls it (no fixed sleeps). */
class Eddy {
  readonly child: ChildProcess;
  output = '';
  private exited = false;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [EDDY, ...args], { cwd: ROOT, env: { ...process.env, ...env, EDDY_HISTORY: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.on('exit', () => (this.exited = true));
    cleanups.push(() => this.stop());
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.output);
      if (m) return m;
      if (this.exited) assert.fail(`eddy exited before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${pattern}; the output was:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await gone;
  }
}

/** A page's WebSocket (no browser: the same messages); `until` waits for a view that satisfies `ok`. */
class Viewer {
  private readonly ws: WebSocket;
  latest: WebUIView | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(url: string) {
    const u = new URL(url);
    this.ws = new WebSocket(`ws://${u.host}/ws${u.search}`);
    this.ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as ServerMessage;
      if (m.type === 'view') this.latest = m.view;
      for (const w of [...this.waiters]) w();
    });
    this.ws.on('error', () => undefined);
    cleanups.push(() => this.ws.close());
  }

  async until(ok: (v: WebUIView) => boolean, what: string, timeoutMs = 60_000): Promise<WebUIView> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; last view: ${JSON.stringify(this.latest)?.slice(0, 600)}`)), timeoutMs)));
    try {
      while (this.latest === undefined || !ok(this.latest)) {
        await Promise.race([new Promise<void>((r) => {
          const w = (): void => {
            this.waiters.delete(w);
            r();
          };
          this.waiters.add(w);
        }), timeout]);
      }
      return this.latest;
    } finally {
      clearTimeout(timer);
    }
  }
}

test(':ui serves the session and follows :new; eddy ui finds the session, and finds it again after a restart', { timeout: 170_000 }, async () => {
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-webui-cmd-'));
  cleanups.push(() => fs.rmSync(runtime, { recursive: true, force: true }));
  const env = { XDG_RUNTIME_DIR: runtime };

  const repl = new Eddy(['--interval', '200ms', '--no-banner'], env);
  await repl.waitFor(/eddy> /);
  repl.send(`lines.map(l => l.length).toUI('lengths'); ssc.start()`);
  repl.send(':ui 0');
  const url = (await repl.waitFor(/Web UI: (http:\/\/127\.0\.0\.1:\d+\/)/))[1];
  const page = new Viewer(url);
  const first = await page.until((v) => v.completedBatches >= 2 && v.streams.some((s) => s.name === 'lengths'), 'batches and the toUI stream');
  assert.equal(first.appName, 'eddy-repl');
  repl.send(':ui');
  const quoted = url.replace(/[/.]/g, '\\$&');
  await repl.waitFor(new RegExp(`Web UI: ${quoted}[\\s\\S]*Web UI: ${quoted}`), 30_000);
  repl.send(':new');
  await page.until((v) => v.epoch > first.epoch && v.streams.length === 0, 'the page following the new context');

  const cli = new Eddy(['ui', '--port', '0'], env);
  const cliUrl = (await cli.waitFor(/Eddy web UI: (http:\/\/127\.0\.0\.1:\d+\/)/))[1];
  const remote = new Viewer(cliUrl);
  repl.send(`lines.count().toUI('n'); ssc.start()`);
  const seen = await remote.until((v) => v.completedBatches >= 2 && v.streams.some((s) => s.name === 'n'), 'eddy ui showing the session');
  assert.equal(seen.pid, repl.child.pid);
  assert.equal(seen.status, 'running');

  repl.send('.exit');
  await remote.until((v) => v.status === 'detached', 'eddy ui noticing the session ended');

  const again = new Eddy(['--interval', '200ms', '--no-banner'], env);
  await again.waitFor(/eddy> /);
  again.send(`lines.count().toUI('again'); ssc.start()`);
  const back = await remote.until((v) => v.pid === again.child.pid && v.streams.some((s) => s.name === 'again'), 'eddy ui attaching to the new session');
  assert.ok(back.epoch > seen.epoch);
  assert.notEqual(back.status, 'detached');
  again.send('.exit');
  await cli.stop();
});
