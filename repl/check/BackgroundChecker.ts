import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckReply, CheckRequest } from './checkWorker';
import type { InputWarning } from './InputWarning';

const ROOT = path.resolve(__dirname, '..', '..');
/** How long the REPL must be quiet (no input started or finished) before queued checks go to the worker. */
const QUIET_MS = 250;

/**
 * The REPL's side of the type check: inputs go to a worker thread that holds the
 * TypeScript language service, and their warnings come back whenever the check is done.
 * why: the first check loads TypeScript, the kernel's types and @types/node (seconds), and
 * each later one takes ~100 ms of CPU; on the REPL's own thread that would delay results,
 * batches and typing. The input never waits: it runs at once, the warning follows.
 * Checks wait until the REPL has been quiet for QUIET_MS (no input started or finished), so
 * a pasted block or a `:load` runs all its inputs first and is checked after; an input that
 * runs long is checked while it runs. The worker runs at the lowest CPU priority.
 * Anything that goes wrong in the worker only turns the check off, silently.
 */
export class BackgroundChecker {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 0;
  private readonly waiting = new Map<number, string>();
  private readonly queued: CheckRequest[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** `onWarnings` gets each checked input with its warnings (only called when there are some). */
  constructor(private readonly onWarnings: (code: string, warnings: InputWarning[]) => void) {}

  /** Starts the worker and loads the checker (call once the prompt is up). */
  warmUp(): void {
    this.post({ kind: 'check', id: this.nextId++, code: '' });
  }

  check(code: string): void {
    const id = this.nextId++;
    this.waiting.set(id, code);
    this.whenQuiet({ kind: 'check', id, code });
  }

  /** Tells the checker an input ran, so later inputs see its declarations. */
  accept(code: string): void {
    this.whenQuiet({ kind: 'accept', code });
  }

  close(): void {
    this.broken = true;
    clearTimeout(this.timer);
    this.queued.length = 0;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Queues `message` (order kept) and sends the queue once the REPL has been quiet for QUIET_MS. */
  private whenQuiet(message: CheckRequest): void {
    if (this.broken) return;
    this.queued.push(message);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.queued.splice(0).forEach((m) => this.post(m)), QUIET_MS);
    this.timer.unref();
  }

  private post(message: CheckRequest): void {
    const w = this.ensureWorker();
    if (w === undefined) return;
    try {
      w.postMessage(message);
    } catch {
      this.close();
    }
  }

  private ensureWorker(): Worker | undefined {
    if (this.broken) return undefined;
    if (this.worker !== undefined) return this.worker;
    try {
      // The worker loads the .ts checker the way the REPL loads the kernel: through the compile cache.
      const loader = path.join(ROOT, 'repl', 'bin', 'tsCache.js');
      const entry = path.join(__dirname, 'checkWorker.ts');
      const script = `require(${JSON.stringify(loader)}).install(); require(${JSON.stringify(entry)});`;
      const w = new Worker(script, { eval: true, workerData: { root: ROOT }, stdout: true, stderr: true });
      w.unref();
      w.on('message', (reply: CheckReply) => {
        const code = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (code !== undefined && reply.warnings.length > 0) this.onWarnings(code, reply.warnings);
      });
      w.on('error', () => this.close());
      w.on('exit', () => {
        this.worker = undefined;
        this.broken = true;
      });
      this.worker = w;
      return w;
    } catch {
      this.broken = true;
      return undefined;
    }
  }
}
