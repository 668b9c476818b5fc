import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InspectQuery } from './inspectThread';

const TS_CACHE = path.resolve(__dirname, '..', 'bin', 'tsCache.js');
const INSPECT_THREAD = path.join(__dirname, 'inspectThread.ts');

/** `inspect_request` answers from the language-service thread, which starts loading at once. */
export class Inspector {
  private worker: Worker | undefined;
  private next = 0;
  private readonly pending = new Map<number, (text: string | undefined) => void>();

  constructor(private readonly log: (text: string) => void) {}

  /** Starts the thread and has it load the kernel's types. */
  warm(): void {
    void this.inspect('ssc', 3, []);
  }

  inspect(code: string, cursorPos: number, previousCells: readonly string[], detailLevel = 0): Promise<string | undefined> {
    const worker = this.thread();
    const query: InspectQuery = { id: ++this.next, code, cursorPos, previousCells: [...previousCells], detailLevel };
    return new Promise((resolve) => {
      this.pending.set(query.id, resolve);
      worker.postMessage(query);
    });
  }

  close(): Promise<number> | undefined {
    return this.worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const boot = `require(${JSON.stringify(TS_CACHE)}).install(); require(${JSON.stringify(INSPECT_THREAD)});`;
    const worker = new Worker(boot, { eval: true });
    worker.unref();
    worker.on('message', (m: { id: number; text?: string; error?: string }) => {
      if (m.error !== undefined) this.log(`eddy kernel: inspect failed: ${m.error}\n`);
      this.pending.get(m.id)?.(m.text);
      this.pending.delete(m.id);
    });
    worker.on('error', (error) => {
      this.log(`eddy kernel: the inspect thread failed: ${error.message}\n`);
      for (const resolve of this.pending.values()) resolve(undefined);
      this.pending.clear();
      this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }
}
