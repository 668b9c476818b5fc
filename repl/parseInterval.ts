import { Milliseconds, parseDuration, type Duration } from '../kernel';

/** `500ms`, `1s`, `2min` → a Duration; a bare number is seconds, as `:new 2` reads best. */
export function parseInterval(text: string): Duration {
  return Milliseconds(parseDuration(text, 'The batch interval', 's'));
}
