import type { Clock } from '../clock/Clock';
import { RecurringTimer } from '../scheduler/RecurringTimer';
import { runLength, type RecordRun } from './RecordRun';

/**
 * Cuts the records a receiver stores into blocks, one every block interval (Spark's
 * BlockGenerator). Its states, in the order they are passed:
 *
 *   initialized ──start()──▶ active ──stop()──▶ stopped   (stop cuts what is left)
 *
 * `beforeCut` runs on every tick first, so records waiting for the rate limiter get
 * their chance to join the block. `cut()` is also called by the tracker when a batch is
 * allocated, so records stored at or before the batch time are always in that batch,
 * whatever the order of same-time timers on a manual clock.
 */
export class BlockGenerator<T> {
  // why runs: a receiver's stored array is kept as it is, not copied record by record.
  private runs: Array<RecordRun<T>> = [];
  private count = 0;
  private state: 'initialized' | 'active' | 'stopped' = 'initialized';
  private readonly timer: RecurringTimer;

  constructor(
    clock: Clock,
    intervalMs: number,
    private readonly onBlock: (runs: Array<RecordRun<T>>, count: number) => void,
    private readonly beforeCut: () => void,
  ) {
    this.timer = new RecurringTimer(clock, intervalMs, () => {
      this.beforeCut();
      this.cut();
    });
  }

  start(): void {
    if (this.state !== 'initialized') return;
    this.state = 'active';
    this.timer.start();
  }

  /** Appends `items[from, to)` to the current block. */
  add(items: readonly T[], from: number, to: number): void {
    if (to <= from) return;
    this.addRun(from === 0 && to === items.length ? items : items.slice(from, to));
  }

  /** Appends a whole run (an array or serialized records) to the current block. */
  addRun(run: RecordRun<T>): void {
    const n = runLength(run);
    if (n === 0) return;
    this.runs.push(run);
    this.count += n;
  }

  /** Records in the current, not yet cut, block. */
  get size(): number {
    return this.count;
  }

  cut(): void {
    if (this.count === 0) return;
    const runs = this.runs;
    const count = this.count;
    this.runs = [];
    this.count = 0;
    this.onBlock(runs, count);
  }

  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.timer.stop();
    this.cut();
  }
}
