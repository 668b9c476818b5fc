import type { Clock } from '../clock/Clock';

/**
 * Calls `callback(t)` at t = start, start + period, ... on the given clock, as Spark's
 * RecurringTimer. Times are exact multiples, so a late tick does not shift later ones.
 */
export class RecurringTimer {
  private cancel: (() => void) | undefined;
  private nextTime = 0;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly periodMs: number,
    private readonly callback: (timeMs: number) => void,
  ) {}

  /** The first multiple of the period strictly after now. */
  getStartTime(): number {
    return (Math.floor(this.clock.now() / this.periodMs) + 1) * this.periodMs;
  }

  start(startTime = this.getStartTime()): number {
    this.nextTime = startTime;
    this.running = true;
    this.arm();
    return startTime;
  }

  /** Stops; returns the time of the last tick that fired. */
  stop(): number {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
    return this.nextTime - this.periodMs;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private arm(): void {
    this.cancel = this.clock.schedule(this.nextTime, () => {
      if (!this.running) return;
      const t = this.nextTime;
      this.nextTime += this.periodMs;
      this.arm();
      this.callback(t);
    });
  }
}
