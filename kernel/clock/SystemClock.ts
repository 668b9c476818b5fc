import type { Clock } from './Clock';

/** Wall-clock time, with Node timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  /**
   * Never fires before `now() >= atMs`, as Spark's SystemClock.waitTillTime. why: Node's
   * timers run on a monotonic clock and can fire a millisecond before Date.now() reaches
   * the time asked for; a batch stamped at its due time would then start before it.
   */
  schedule(atMs: number, callback: () => void): () => void {
    let handle: NodeJS.Timeout;
    const arm = (): void => {
      handle = setTimeout(() => (Date.now() >= atMs ? callback() : arm()), Math.max(0, atMs - Date.now()));
    };
    arm();
    return () => clearTimeout(handle);
  }
}

/** One shared instance: the system clock has no state. */
export const systemClock: Clock = new SystemClock();
