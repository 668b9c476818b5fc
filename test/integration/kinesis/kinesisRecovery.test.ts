/**
 * Recovery of a Kinesis stream from a checkpoint after SIGKILL, against a REAL local
 * Kinesis: an application (fixtures/recoveryApp.ts, its own process) is killed while a
 * batch's output is running; the same application started again with getOrCreate runs
 * that batch again with exactly the sequence-number ranges it had (read again from
 * Kinesis), then goes on after them. Its output is idempotent per batch, so it sees
 * every record once: none lost, none doubled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalKinesis } from '../../../scripts/kinesis/LocalKinesis';
import { kinesisOrSkip, randomName, waitFor } from './helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'recoveryApp.ts');

interface App {
  child: ChildProcess;
  /** Sends `step` and resolves with the next line matching `pattern`. */
  step(pattern: RegExp): Promise<string>;
  exited: Promise<void>;
  stderr: () => string;
}

function startApp(args: string[]): App {
  const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), FIXTURE, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
  });
  let out = '';
  let err = '';
  const waiting: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      const i = waiting.findIndex((w) => w.pattern.test(line));
      if (i >= 0) waiting.splice(i, 1)[0].resolve(line);
    }
  });
  child.stderr?.on('data', (c: Buffer) => void (err += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    exited,
    stderr: () => err,
    step(pattern) {
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} from the app within 60 s; its stderr:\n${err}`)), 60_000);
        waiting.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        child.stdin?.write('step\n');
      });
    },
  };
}

const items = (n: number, prefix: string): Array<{ data: string; partitionKey: string }> => Array.from({ length: n }, (_, i) => ({ data: `${prefix}-${i}`, partitionKey: `key-${i % 5}` }));

test('after SIGKILL, the recovered context re-reads exactly the unfinished batch\'s ranges, then goes on: every record once', { timeout: 180_000 }, async (t) => {
  if (!kinesisOrSkip(t)) return;
  const k = await startLocalKinesis();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-kinesis-recovery-'));
  const ckpt = path.join(work, 'checkpoint');
  const out = path.join(work, 'out');
  fs.mkdirSync(out);
  const apps: App[] = [];
  try {
    const name = randomName('recovery');
    await k.createStream(name, 2);
    const args = (mode: string): string[] => [k.endpoint, name, ckpt, out, 'recovery-app', mode];

    await k.put(name, items(30, 'a'));
    const first = startApp(args('crash'));
    apps.push(first);
    assert.match(await first.step(/^stepped/), /stepped 1000/);
    await k.put(name, items(20, 'b'));
    assert.match(await first.step(/^stepped/), /stepped 2000/);
    await k.put(name, items(25, 'c'));
    await first.step(/^hung 3000/);
    // Killed once batch 3000's checkpoint (written after it was generated) is on disk.
    await waitFor(() => fs.existsSync(ckpt) && fs.readdirSync(ckpt).some((f) => f === 'checkpoint-3000'), 'the checkpoint of batch 3000');
    first.child.kill('SIGKILL');
    await first.exited;
    assert.ok(!fs.existsSync(path.join(out, 'batch-3000.json')), 'batch 3000 did not finish');

    await k.put(name, items(15, 'd'));
    const second = startApp(args('recover'));
    apps.push(second);
    for (let i = 0; i < 6 && !fs.existsSync(path.join(out, 'batch-4000.json')); i++) await second.step(/^stepped/);
    second.child.stdin?.end();
    await second.exited;

    const batch = (ms: number): string[] => (JSON.parse(fs.readFileSync(path.join(out, `batch-${ms}.json`), 'utf8')) as string[]).sort();
    const sorted = (xs: Array<{ data: string }>): string[] => xs.map((x) => x.data).sort();
    assert.deepEqual(batch(1000), sorted(items(30, 'a')));
    assert.deepEqual(batch(2000), sorted(items(20, 'b')));
    assert.deepEqual(batch(3000), sorted(items(25, 'c')), 'the batch cut off by the kill, re-run with exactly its ranges');
    assert.deepEqual(batch(4000), sorted(items(15, 'd')), 'then only what came after');
    const all = fs.readdirSync(out).filter((f) => f.startsWith('batch-')).flatMap((f) => JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) as string[]);
    assert.equal(all.length, new Set(all).size, 'no record twice');
    assert.equal(all.length, 90, 'none lost');
  } finally {
    for (const a of apps) if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
    await k.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
