import type { Clock } from './Clock';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/**
 * A clock that moves only when told to, as Spark's ManualClock. Timers fire
 * synchronously inside `advance`/`setTime`, in time order (then in the order set).
 */
export class ManualClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private seq = 0;

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  schedule(atMs: number, callback: () => void): () => void {
    const timer: Timer = { at: atMs, seq: this.seq++, callback };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (atMs <= this.time) this.fireDue();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance needs a non-negative number of ms, got ${ms}.`);
    this.setTime(this.time + ms);
  }

  /** Moves to `ms`, firing each due timer with the clock set to that timer's time. */
  setTime(ms: number): void {
    while (this.timers.length > 0 && this.timers[0].at <= ms) {
      const next = this.timers.shift() as Timer;
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = Math.max(this.time, ms);
  }

  /** Number of timers waiting (for tests and `:status`). */
  pendingTimers(): number {
    return this.timers.length;
  }

  private fireDue(): void {
    this.setTime(this.time);
  }
}
