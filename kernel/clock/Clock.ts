/**
 * Where time comes from. Every component that needs "now" or a timer takes a Clock,
 * so a ManualClock can drive the whole kernel step by step (tests, `:step`).
 */
export interface Clock {
  /** Milliseconds since the epoch (or since the manual clock's origin). */
  now(): number;
  /**
   * Calls `callback` once the clock reaches `atMs`. Returns a function that cancels it.
   * Timers due at the same time fire in the order they were set.
   */
  schedule(atMs: number, callback: () => void): () => void;
}
