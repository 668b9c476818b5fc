import type { BatchInfo } from '../../scheduler/BatchInfo';
import type { RateInfo } from '../../scheduler/events';
import type { RateEstimator, RateTerms } from './RateEstimator';

/**
 * Spark's RateController: after each completed batch, feeds the stream's figures
 * (records, processing end, processing and scheduling delay) to the estimator and
 * publishes the new rate, truncated to whole records/s as Spark does.
 */
export class RateController {
  private latest: number | undefined;

  constructor(
    readonly streamId: number,
    private readonly estimator: RateEstimator,
    private readonly publish: (rate: number) => void,
  ) {}

  /** The last rate published, records/s. */
  get latestRate(): number | undefined {
    return this.latest;
  }

  get terms(): RateTerms | undefined {
    return this.estimator.lastTerms;
  }

  /**
   * The rate a direct stream reads at, records/s: the latest estimate, else `initialRate`
   * (spark.streaming.backpressure.initialRate) when above 0, else undefined (no bound yet),
   * as Spark's DirectKafkaInputDStream.maxMessagesPerPartition takes it.
   */
  boundedRate(initialRate: number): number | undefined {
    const r = this.latest;
    return r !== undefined && r > 0 ? r : initialRate > 0 ? initialRate : undefined;
  }

  /** The latest rate and the estimator's terms, as a `rate.updated` event's payload. */
  rateInfo(): RateInfo {
    const terms = this.terms;
    return { streamId: this.streamId, rate: this.latest, proportional: terms?.proportional, integral: terms?.integral, derivative: terms?.derivative };
  }

  onBatchCompleted(batchInfo: BatchInfo): void {
    const input = batchInfo.streamIdToInputInfo[this.streamId];
    const { processingEndTime, processingDelay, schedulingDelay } = batchInfo;
    if (input === undefined || processingEndTime === undefined || processingDelay === undefined || schedulingDelay === undefined) return;
    const rate = this.estimator.compute(processingEndTime, input.numRecords, processingDelay, schedulingDelay);
    if (rate === undefined) return;
    this.latest = Math.trunc(rate);
    this.publish(this.latest);
  }
}
