import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import type { BenchCase } from '../BenchCase';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = 21;
/** The budget: a one-line input's result within 100 ms of Enter. */
const BUDGET_MS = 100;
const PIPELINE = [
  'const words = lines.flatMap(l => l.split(" ")).map(w => [w, 1] as [string, number])',
  'const counts = words.reduceByKey((a, b) => a + b)',
  'counts.foreachRDD(async rdd => { if (!(await rdd.isEmpty())) console.log(await rdd.count()) })',
];
/** An input the type check warns about: its warning on stderr says the checker is loaded. */
const MISUSE = 'counts.foreachRDD(rdd => { if (!rdd.isEmpty()) rdd.count() })';

/**
 * The real `eddy` REPL (the bin, as `npm start` runs it) on pipes: lines in on stdin, the
 * time read when the result shows on stdout.
 */
class PipedRepl {
  private seen = '';
  private errors = '';
  private waiter: (() => void) | undefined;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [path.join(ROOT, 'repl', 'bin', 'eddy.js'), '--no-banner'], {
      cwd: ROOT,
      env: { ...process.env, EDDY_HISTORY: '', ...env },
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.seen += chunk.toString('utf8');
      this.waiter?.();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.errors += chunk.toString('utf8');
      this.waiter?.();
    });
  }

  /** Waits until stdout, after `from`, matches `pattern`; returns the offset where the match ends. */
  async until(pattern: RegExp, from: number, timeoutMs = 60_000, stream: 'out' | 'err' = 'out'): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec((stream === 'out' ? this.seen : this.errors).slice(from));
      if (m) return from + m.index + m[0].length;
      if (Date.now() > deadline) throw new Error(`the REPL did not answer within ${timeoutMs} ms; it wrote:\n${this.seen.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Sends one line; resolves with ms from the write to its result on stdout (then the next prompt). */
  async input(line: string, result: RegExp): Promise<number> {
    const from = this.seen.length;
    const start = process.hrtime.bigint();
    this.child.stdin.write(`${line}\n`);
    const end = await this.until(result, from);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    await this.until(/eddy> /, end);
    return ms;
  }

  async start(): Promise<void> {
    await this.until(/eddy> /, 0);
  }

  exit(): Promise<void> {
    return new Promise((resolve) => {
      this.child.on('exit', () => resolve());
      this.child.stdin.end('.exit\n');
    });
  }
}

/**
 * Median ms from Enter to `2` for `1 + 1`, after a pipeline is defined, and the first input's
 * time. `checked`: first wait until the type check has answered an input (its first check
 * loads TypeScript and the kernel's types: seconds of CPU in its own thread, while the
 * REPL already answers); else start timing at once (during that load, or with the check off).
 */
async function measure(env: NodeJS.ProcessEnv, checked: boolean): Promise<{ median: number; first: number; max: number }> {
  const repl = new PipedRepl(env);
  try {
    await repl.start();
    const first = await repl.input('0', /(?:^|eddy> )0\n/m);
    for (const line of PIPELINE) await repl.input(line, /(?=eddy> )/);
    if (checked) {
      await repl.input(MISUSE, /(?=eddy> )/);
      await repl.until(/Warning: isEmpty\(\) returns a Promise/, 0, 300_000, 'err');
    }
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await repl.input('1 + 1', /(?:^|eddy> )2\n/m));
    const sorted = [...times].sort((a, b) => a - b);
    return { median: sorted[Math.floor(RUNS / 2)], first, max: sorted[RUNS - 1] };
  } finally {
    await repl.exit();
  }
}

const replEval: BenchCase = {
  name: 'repl-eval',
  unit: 'ms',
  higherIsBetter: false,
  target: 2,
  async run() {
    const checked = await measure({}, true);
    const loading = await measure({}, false);
    const unchecked = await measure({ EDDY_TYPECHECK: 'off' }, false);
    return {
      eddy: checked.median,
      baseline: BUDGET_MS,
      notes: {
        runs: RUNS,
        max: round(checked.max),
        firstInput: round(checked.first),
        medianWhileCheckerLoads: round(loading.median),
        medianWithoutTypeCheck: round(unchecked.median),
      },
    };
  },
};

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export default replEval;
