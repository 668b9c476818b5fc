import { Worker } from 'node:worker_threads';
import { guardState } from '../kernel/interrupt/interrupts';

/**
 * Lets Ctrl-C reach code that blocks the main thread while the prompt's terminal is in raw
 * mode. In raw mode Ctrl-C is only a byte on stdin, and nobody reads stdin while a runaway
 * `while (true) {}` holds the thread; node's REPL solves that for its own inputs by leaving
 * raw mode while it evaluates. Here the code can also be a batch's user function, running
 * while the prompt waits for typing, so a watcher thread does it: when the main thread has
 * been inside one guarded region (`runInterruptibly`) for 100-200 ms, it turns the terminal's
 * ISIG on (`stty isig`, echo and line editing stay off), so Ctrl-C becomes a SIGINT that
 * stops the code; once the region ends it turns ISIG off again. Returns a stopper.
 */
export function watchTerminalForRunaways(): () => void {
  if (process.stdin.isTTY !== true) return () => undefined;
  // [0]: 1 while the prompt owns the terminal (raw mode); the watcher touches it only then.
  const owned = new Int32Array(new SharedArrayBuffer(4));
  owned[0] = 1;
  const worker = new Worker(WATCHER, { eval: true, workerData: { guard: guardState, owned } });
  worker.unref();
  worker.on('error', () => undefined);
  return () => {
    Atomics.store(owned, 0, 0);
    void worker.terminate();
  };
}

const WATCHER = `
const { workerData } = require('node:worker_threads');
const { spawnSync } = require('node:child_process');
const { guard, owned } = workerData;
const stty = (flag) => spawnSync('stty', [flag], { stdio: [0, 'ignore', 'ignore'] });
let seen = -1;
let isig = false;
setInterval(() => {
  const active = Atomics.load(guard, 0) === 1;
  const entered = Atomics.load(guard, 1);
  if (Atomics.load(owned, 0) !== 1) return;
  if (active && entered === seen && !isig) {
    stty('isig');
    isig = true;
  } else if (!(active && entered === seen) && isig) {
    stty('-isig');
    isig = false;
  }
  seen = active ? entered : -1;
}, 100);
`;
