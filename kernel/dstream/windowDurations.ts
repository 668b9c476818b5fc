import { EddyError } from '../errors/EddyError';
import { Duration } from '../util/Duration';
import type { DStream } from './DStream';

/**
 * Checks a window operation's durations against its parent, synchronously at the call:
 * both must be positive Durations and whole multiples of the parent's slide, because a
 * window is a union of whole parent batches. Returns the slide (the parent's by default).
 */
export function windowDurations(
  parent: DStream<unknown>,
  operation: string,
  windowDuration: Duration,
  slideDuration: Duration | undefined,
): Duration {
  const parentSlide = parent.slideDuration;
  const slide = slideDuration ?? parentSlide;
  check(operation, 'window', windowDuration, parentSlide);
  check(operation, 'slide', slide, parentSlide);
  return slide;
}

function check(operation: string, what: 'window' | 'slide', d: Duration, parentSlide: Duration): void {
  if (!(d instanceof Duration)) {
    throw new EddyError('invalid-duration', `${operation}: the ${what} duration must be a Duration, got ${String(d)}.`, {
      hint: `Pass one such as Seconds(${parentSlide.milliseconds / 1000}).`,
    });
  }
  if (d.milliseconds <= 0 || !d.isMultipleOf(parentSlide)) {
    const lower = Math.max(1, Math.floor(d.milliseconds / parentSlide.milliseconds)) * parentSlide.milliseconds;
    const upper = lower < d.milliseconds ? lower + parentSlide.milliseconds : lower;
    const choices = lower === upper ? `${lower} ms` : `${lower} ms or ${upper} ms`;
    throw new EddyError(
      'invalid-duration',
      `${operation}: the ${what} duration (${d}) must be a positive multiple of the parent stream's slide duration (${parentSlide}).`,
      { hint: `Use a ${what} of ${choices}.` },
    );
  }
}
