import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchCase } from '../BenchCase';
import { transpiled } from '../../scripts/transpiled';

/**
 * Issue 9's `recovery-time`: seconds from spawning a fresh driver process to the end of
 * its first recovered batch, over a checkpoint holding 100,000 keys of updateStateByKey
 * state. The checkpoint comes from a real crash: a first process runs batch 1, generates
 * batch 2 and is killed with SIGKILL before batch 2's output finishes; the timed process
 * calls getOrCreate, restores the state and runs batch 2 again. Baseline: the 5 s.
 * The driver runs as transpiled JavaScript (bench/support/recoveryChild.ts), as deployed.
 */
const KEYS = 100_000;
const RUNS = 3;
const BASELINE_SECONDS = 5;

const ROOT = path.resolve(__dirname, '..', '..');

interface Child {
  send(text: string): void;
  /** Resolves with the seconds since spawn when stdout has printed a line starting with `prefix`. */
  line(prefix: string): Promise<{ seconds: number; text: string }>;
  kill(): Promise<void>;
}

function start(script: string, args: string[]): Child {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    send: (text) => child.stdin.write(text),
    line: (prefix) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = out.split('\n').find((l) => l.startsWith(prefix));
          if (hit !== undefined) resolve({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, text: hit });
          else waiters.push(check);
        };
        void exited.then(() => reject(new Error(`child exited before printing "${prefix}": ${err.slice(-2000)}`)));
        check();
      }),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function writeAtomically(dir: string, name: string, text: string): void {
  fs.writeFileSync(path.join(dir, `.${name}`), text);
  fs.renameSync(path.join(dir, `.${name}`), path.join(dir, name));
}

async function once(script: string): Promise<{ seconds: number; checkpointBytes: number }> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-bench-recovery-'));
  const ckpt = path.join(base, 'ckpt');
  const input = path.join(base, 'in');
  fs.mkdirSync(input);
  try {
    // 100,000 distinct words, 10 to a line: batch 1's state.
    const words = Array.from({ length: KEYS }, (_v, i) => `w${i}`);
    const lines: string[] = [];
    for (let i = 0; i < KEYS; i += 10) lines.push(words.slice(i, i + 10).join(' '));
    const first = start(script, ['prepare', ckpt, input]);
    try {
      await first.line('started');
      writeAtomically(input, 'batch1.txt', lines.join('\n') + '\n');
      first.send('go\n');
      await first.line('batch1');
      writeAtomically(input, 'batch2.txt', 'w0 w1 w2 fresh\n');
      first.send('go\n');
      await first.line('ready');
    } finally {
      await first.kill();
    }
    const checkpointBytes = fs
      .readdirSync(ckpt)
      .filter((f) => f.startsWith('data-'))
      .reduce((m, f) => Math.max(m, fs.statSync(path.join(ckpt, f)).size), 0);
    const second = start(script, ['recover', ckpt, input]);
    try {
      const done = await second.line('recovered ');
      const keys = Number(done.text.split(' ')[1]);
      if (keys !== KEYS + 1) throw new Error(`the recovered batch has ${keys} keys of state, expected ${KEYS + 1}`);
      return { seconds: done.seconds, checkpointBytes };
    } finally {
      await second.kill();
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

const recoveryTime: BenchCase = {
  name: 'recovery-time',
  unit: 's',
  higherIsBetter: false,
  target: 2,
  async run() {
    const build = transpiled(['kernel', 'samples', path.join('bench', 'support')]);
    try {
      const script = path.join(build, 'bench', 'support', 'recoveryChild.js');
      await once(script); // warms the disk cache of node_modules and the build
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = await once(script);
        times.push(r.seconds);
        bytes = r.checkpointBytes;
      }
      const sorted = [...times].sort((a, b) => a - b);
      return {
        eddy: sorted[Math.floor(RUNS / 2)],
        baseline: BASELINE_SECONDS,
        notes: { keys: KEYS, runs: RUNS, min: round(sorted[0]), max: round(sorted[RUNS - 1]), stateFileBytes: bytes },
      };
    } finally {
      fs.rmSync(build, { recursive: true, force: true });
    }
  },
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export default recoveryTime;
