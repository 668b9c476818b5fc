/** The terms of the last estimate, for dashboards (each already multiplied by its gain). */
export interface RateTerms {
  proportional: number;
  integral: number;
  derivative: number;
}

/**
 * Spark's RateEstimator: from one finished batch, the number of records per second the
 * stream should ingest next, or `undefined` when there is nothing to say yet.
 */
export interface RateEstimator {
  compute(timeMs: number, numElements: number, processingDelayMs: number, schedulingDelayMs: number): number | undefined;
  /** Terms of the last estimate that produced a rate, if any. */
  readonly lastTerms: RateTerms | undefined;
}
