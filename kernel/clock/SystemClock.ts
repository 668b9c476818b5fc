import type { Clock } from './Clock';

/** Wall-clock time, with Node timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(atMs: number, callback: () => void): () => void {
    const handle = setTimeout(callback, Math.max(0, atMs - Date.now()));
    return () => clearTimeout(handle);
  }
}

/** One shared instance: the system clock has no state. */
export const systemClock: Clock = new SystemClock();
