import type { Clock } from '../clock/Clock';

/**
 * A token bucket on the injected clock, as Spark's receiver RateLimiter (which wraps
 * Guava's). Tokens refill at `rate` per second and are kept up to one second's worth,
 * Guava's default burst. `take(n)` never waits: it grants what the bucket holds now, and
 * the caller keeps the rest for later (JavaScript cannot block a thread as Spark does).
 */
export class RateLimiter {
  private rate: number;
  private tokens = 0;
  private refilledAt: number;
  private held = false;

  /**
   * @param maxRate spark.streaming.receiver.maxRate: the ceiling every update is clamped to
   *        (Infinity when unset).
   * @param initialRate spark.streaming.backpressure.initialRate when backpressure is on.
   */
  constructor(private readonly clock: Clock, private readonly maxRate: number, initialRate = Infinity) {
    this.rate = Math.min(initialRate, maxRate);
    this.refilledAt = clock.now();
  }

  /** The limit in force, records/s: 0 while held, `undefined` when unlimited. */
  get limit(): number | undefined {
    if (this.held) return 0;
    return Number.isFinite(this.rate) ? this.rate : undefined;
  }

  /** Spark's updateRate: non-positive rates are ignored; the result never exceeds maxRate. */
  updateRate(newRate: number): void {
    if (!(newRate > 0)) return;
    this.refill();
    this.rate = Math.min(newRate, this.maxRate);
    this.tokens = Math.min(this.tokens, this.rate);
  }

  /**
   * Grants nothing until `release()` (backpressure waiting for its first figure, see
   * RateController). Tokens do not build up meanwhile.
   */
  hold(): void {
    this.refill();
    this.held = true;
    this.tokens = 0;
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.refilledAt = this.clock.now();
  }

  /** Grants up to `wanted` records now and returns how many. */
  take(wanted: number): number {
    if (this.held) return 0;
    if (!Number.isFinite(this.rate)) return wanted;
    this.refill();
    // why the epsilon: refills like 0.2 + 0.4 + 0.4 must make a whole token, not 0.9999…
    const granted = Math.min(wanted, Math.floor(this.tokens + 1e-9));
    this.tokens = Math.max(0, this.tokens - granted);
    return granted;
  }

  private refill(): void {
    const now = this.clock.now();
    if (Number.isFinite(this.rate)) {
      this.tokens = Math.min(this.rate, this.tokens + ((now - this.refilledAt) * this.rate) / 1000);
    }
    this.refilledAt = now;
  }
}
