import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchCase } from '../BenchCase';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = 5;
/** The budget: the prompt within 1.5 s of launching `npm start`. */
const BUDGET_SECONDS = 1.5;

/** Seconds from spawning the `eddy` bin until `eddy> ` appears on its piped stdout. `cache` overrides the compile cache folder. */
function timeToPrompt(cache?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(ROOT, 'repl', 'bin', 'eddy.js')], {
      cwd: ROOT,
      env: { ...process.env, EDDY_HISTORY: '', ...(cache === undefined ? {} : { EDDY_TS_CACHE: cache }) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let seen = '';
    let elapsed: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (elapsed === undefined && seen.includes('eddy> ')) {
        elapsed = Number(process.hrtime.bigint() - start) / 1e9;
        child.stdin.end('.exit\n');
      }
    });
    child.on('error', reject);
    child.on('exit', () => (elapsed === undefined ? reject(new Error(`eddy exited before its prompt; it wrote:\n${seen}`)) : resolve(elapsed)));
  });
}

const replStart: BenchCase = {
  name: 'repl-start',
  unit: 's',
  higherIsBetter: false,
  target: 1,
  async run() {
    // A start with an empty compile cache (the very first one after install), for the notes.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-ts-cache-'));
    const cold = await timeToPrompt(empty);
    fs.rmSync(empty, { recursive: true, force: true });
    await timeToPrompt(); // fills the project's cache when it is empty
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await timeToPrompt());
    const sorted = [...times].sort((a, b) => a - b);
    return {
      eddy: sorted[Math.floor(RUNS / 2)],
      baseline: BUDGET_SECONDS,
      notes: { runs: RUNS, min: round(sorted[0]), max: round(sorted[RUNS - 1]), coldCacheStart: round(cold) },
    };
  },
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export default replStart;
