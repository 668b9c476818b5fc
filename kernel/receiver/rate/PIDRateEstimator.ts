import { EddyError } from '../../errors/EddyError';
import type { RateEstimator, RateTerms } from './RateEstimator';

export interface PIDGains {
  proportional: number;
  integral: number;
  derivative: number;
  minRate: number;
}

/**
 * Spark's PIDRateEstimator, term for term. The error is the last estimated rate minus
 * the measured processing rate; the integral term reads the scheduling delay as records
 * that overflowed earlier batches:
 *
 *   processingRate = numElements / processingDelay × 1000
 *   error          = latestRate − processingRate
 *   historical     = schedulingDelay × processingRate / batchInterval
 *   dError         = (error − latestError) / secondsSinceLastUpdate
 *   newRate        = max(minRate, latestRate − P·error − I·historical − D·dError)
 *
 * The first batch with data only records its processing rate (no estimate).
 */
export class PIDRateEstimator implements RateEstimator {
  private firstRun = true;
  private latestTime = -1;
  private latestRate = -1;
  private latestError = -1;
  lastTerms: RateTerms | undefined;

  constructor(private readonly batchIntervalMs: number, private readonly gains: PIDGains) {
    const bad = (what: string, value: number, rule: string): EddyError =>
      new EddyError('invalid-config', `The PID rate estimator's ${what} is ${value}; it must be ${rule}.`, {
        hint: `Set spark.streaming.backpressure.pid.${what} to a number ${rule}.`,
      });
    if (!(batchIntervalMs > 0)) throw bad('batch interval', batchIntervalMs, '> 0');
    if (!(gains.proportional >= 0)) throw bad('proportional', gains.proportional, '>= 0');
    if (!(gains.integral >= 0)) throw bad('integral', gains.integral, '>= 0');
    if (!(gains.derivative >= 0)) throw bad('derived', gains.derivative, '>= 0');
    if (!(gains.minRate > 0)) throw bad('minRate', gains.minRate, '> 0');
  }

  compute(timeMs: number, numElements: number, processingDelayMs: number, schedulingDelayMs: number): number | undefined {
    if (!(timeMs > this.latestTime && numElements > 0 && processingDelayMs > 0)) return undefined;
    const { proportional, integral, derivative, minRate } = this.gains;
    const delaySinceUpdate = (timeMs - this.latestTime) / 1000;
    const processingRate = (numElements / processingDelayMs) * 1000;
    const error = this.latestRate - processingRate;
    const historicalError = (schedulingDelayMs * processingRate) / this.batchIntervalMs;
    const dError = (error - this.latestError) / delaySinceUpdate;
    const newRate = Math.max(minRate, this.latestRate - proportional * error - integral * historicalError - derivative * dError);
    this.latestTime = timeMs;
    if (this.firstRun) {
      this.latestRate = processingRate;
      this.latestError = 0;
      this.firstRun = false;
      return undefined;
    }
    this.latestRate = newRate;
    this.latestError = error;
    this.lastTerms = { proportional: proportional * error, integral: integral * historicalError, derivative: derivative * dError };
    return newRate;
  }
}
