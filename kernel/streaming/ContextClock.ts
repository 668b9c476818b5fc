import type { Clock } from '../clock/Clock';
import { ManualClock } from '../clock/ManualClock';
import { systemClock } from '../clock/SystemClock';

/** What `new StreamingContext(sc, d, { clock })` accepts. */
export type ClockOption = 'manual' | 'system' | Clock;

/**
 * The clock a StreamingContext runs on, chosen once, here. `manual` is set when batches
 * are stepped by hand (`advance()`); every other part of the kernel asks
 * `ssc.isManualClock` instead of testing the clock's class.
 */
export interface ContextClock {
  readonly clock: Clock;
  /** The clock itself when it only moves when told (`'manual'` or a ManualClock passed in). */
  readonly manual: ManualClock | undefined;
  /**
   * What batches are stamped with (submission, processing start and end): wall time on a
   * manual clock, as Spark's JobSet stamps with System.currentTimeMillis even under a
   * ManualClock, so processing delays are real; the context's clock otherwise.
   */
  readonly stamps: Clock;
}

/** `'manual'` → a new ManualClock; `'system'` or nothing → wall time; a Clock → that clock. */
export function chooseClock(option: ClockOption | undefined): ContextClock {
  if (option === 'manual') {
    const manual = new ManualClock();
    return { clock: manual, manual, stamps: systemClock };
  }
  if (option === undefined || option === 'system') return { clock: systemClock, manual: undefined, stamps: systemClock };
  const manual = option instanceof ManualClock ? option : undefined;
  return { clock: option, manual, stamps: manual === undefined ? option : systemClock };
}
