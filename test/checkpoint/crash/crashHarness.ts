import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transpiled } from '../../../scripts/transpiled';

const ROOT = path.resolve(__dirname, '../../..');
let built: string | undefined;

/**
 * The kernel and the child, transpiled to JavaScript once per test run. why: a child
 * started with ts-node transpiles the whole kernel again at every restart, which on a
 * loaded machine takes longer than the batches between kills.
 */
function buildChild(): string {
  if (built !== undefined) return built;
  const out = transpiled(['kernel', path.join('test', 'checkpoint', 'crash')]);
  built = path.join(out, 'test', 'checkpoint', 'crash');
  return built;
}

/** Removes the transpiled build (call once at the end of the file). */
export function removeBuild(): void {
  if (built !== undefined) fs.rmSync(path.resolve(built, '../../..'), { recursive: true, force: true });
  built = undefined;
}

/** Starts the child; resolves once it has started its context (recovered or new). */
export async function startChild(args: string[], log: string[], script = 'crashChild'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(buildChild(), `${script}.js`), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('started\n')) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`crash child exited before starting (${code ?? signal}): ${log.join('').slice(-2000)}`)));
  });
  return child;
}

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Word → count of a set of saveAsTextFiles directories' `(word,n)` lines, summed. */
export function readCounts(dirs: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const dir of dirs) {
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('part-'))) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const m = /^\((.*),(-?\d+)\)$/.exec(line);
        if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + Number(m[2]));
      }
    }
  }
  return counts;
}

/** Complete output directories `<prefix>-<ms>` (with _SUCCESS), by batch time. */
export function outputDirs(outDir: string, prefix: string): Map<number, string> {
  const dirs = new Map<number, string>();
  if (!fs.existsSync(outDir)) return dirs;
  for (const n of fs.readdirSync(outDir)) {
    const m = new RegExp(`^${prefix}-(\\d+)$`).exec(n);
    if (m && fs.existsSync(path.join(outDir, n, '_SUCCESS'))) dirs.set(Number(m[1]), path.join(outDir, n));
  }
  return dirs;
}

/** The state written by the newest batch. */
export function latestState(outDir: string): Map<string, number> {
  const dirs = outputDirs(outDir, 'state');
  const newest = Math.max(...dirs.keys());
  return Number.isFinite(newest) ? readCounts([dirs.get(newest) as string]) : new Map();
}

/** Sorted `word=n` lines, for readable assertion diffs. */
export function asLines(m: Map<string, number>): string[] {
  return [...m].filter(([, n]) => n !== 0).map(([k, n]) => `${k}=${n}`).sort();
}

/**
 * What an uninterrupted run gives, checked against the output: the per-batch counts of
 * all batch directories add up to the input's word counts (none lost, none twice); the
 * newest state equals them; each window equals the sum of its 3 batches.
 */
export function assertSameAsUninterrupted(outDir: string, expected: Map<string, number>, seedNote: string): void {
  const batches = outputDirs(outDir, 'batch');
  assert.deepEqual(asLines(readCounts([...batches.values()])), asLines(expected), `per-batch counts, union of all directories (${seedNote})`);
  assert.deepEqual(asLines(latestState(outDir)), asLines(expected), `final updateStateByKey state (${seedNote})`);
  for (const [t, dir] of outputDirs(outDir, 'window')) {
    const inWindow = [t - 200, t - 100, t].map((x) => batches.get(x)).filter((d): d is string => d !== undefined);
    assert.deepEqual(asLines(readCounts([dir])), asLines(readCounts(inWindow)), `window at ${t} ms = its 3 batches (${seedNote})`);
  }
}

/** Polls `cond` (real time) until true; fails after `timeoutMs` saying what it waited for. */
export async function waitUntil(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
