import { EddyError } from '../errors/EddyError';

const UNITS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses Spark's time strings (`200ms`, `1s`, `2min`, `1.5h`; a bare number uses
 * `defaultUnit`) into milliseconds. `what` names the setting, for the error message.
 */
export function parseDuration(text: string, what = 'duration', defaultUnit = 'ms'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? (m[2] || defaultUnit).toLowerCase() : '';
  if (!m || !(unit in UNITS)) {
    throw new EddyError(
      'invalid-duration',
      `${what} is set to "${text}", which is not a duration.`,
      { hint: `Write a number with a unit: ${Object.keys(UNITS).join(', ')} (for example "200ms", "1s", "2min").` },
    );
  }
  return Math.round(Number(m[1]) * UNITS[unit]);
}
