import { systemClock } from '../clock/SystemClock';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Spark's ContextWaiter: `awaitTermination` resolves when the context stops and rejects
 * with the first job error, as Spark's awaitTermination throws it. Timeouts are in real
 * time (a manual clock must not decide how long a caller waits).
 */
export class TerminationWaiter {
  private firstError: { error: unknown } | undefined;
  private stopped = false;
  private waiters: Waiter[] = [];

  /** Resolves when the context stops; rejects with the first job error. */
  wait(): Promise<void> {
    if (this.firstError) return Promise.reject(this.firstError.error);
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** True if the context stopped within `timeoutMs` (real ms); rejects with the first job error. */
  waitOrTimeout(timeoutMs: number): Promise<boolean> {
    if (this.firstError) return Promise.reject(this.firstError.error);
    if (this.stopped) return Promise.resolve(true);
    return new Promise((resolve, reject) => {
      const cancel = systemClock.schedule(systemClock.now() + timeoutMs, () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      });
      const waiter: Waiter = {
        resolve: () => {
          cancel();
          resolve(true);
        },
        reject: (e) => {
          cancel();
          reject(e);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** A job failed: the first failure is what waiters (now and later) reject with. */
  notifyError(error: unknown): void {
    if (this.firstError === undefined) this.firstError = { error };
    this.waiters.splice(0).forEach((w) => w.reject(error));
  }

  /** The context stopped: waiters resolve. */
  notifyStop(): void {
    this.stopped = true;
    this.waiters.splice(0).forEach((w) => w.resolve());
  }
}
