import type { BatchInfo } from '../../scheduler/BatchInfo';
import type { RateInfo } from '../../scheduler/events';
import type { RateEstimator, RateTerms } from './RateEstimator';

/** Stops and restarts a stream's input while its rate controller has no figure yet. */
export interface AdmissionGate {
  /** Admit nothing more. */
  hold(): void;
  /** Admit again (at the rate published, or unbounded when there is none). */
  release(): void;
}

/**
 * Spark's RateController: after each completed batch, feeds the stream's figures
 * (records, processing end, processing and scheduling delay) to the estimator and
 * publishes the new rate, truncated to whole records/s as Spark does.
 *
 * With a `gate` (backpressure without spark.streaming.backpressure.initialRate), the
 * stream's first batch with records is measured before more input is admitted: Spark
 * admits unbounded input until the estimator's second figure, so with input at 10× the
 * pipeline's speed every batch generated meanwhile takes ten batches' worth of work, and
 * the backlog outgrows what the estimator can win back. Here, once a batch has taken
 * records, the gate holds until that batch completes; its measured processing rate
 * (records ÷ processing delay, what the PID estimator records on its first run) is then
 * published as the first rate, and the estimator takes over from the next batch.
 */
export class RateController {
  private latest: number | undefined;
  /** Batch time of the batch that took input while no rate was known: the gate holds until it ends. */
  private unmeasured: number | undefined;

  constructor(
    readonly streamId: number,
    private readonly estimator: RateEstimator,
    private readonly publish: (rate: number) => void,
    private readonly gate?: AdmissionGate,
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

  /** A batch was submitted: with a gate and no rate yet, a batch that took records holds the input. */
  onBatchSubmitted(batchInfo: BatchInfo): void {
    if (this.gate === undefined || this.latest !== undefined || this.unmeasured !== undefined) return;
    if ((batchInfo.streamIdToInputInfo[this.streamId]?.numRecords ?? 0) === 0) return;
    this.unmeasured = batchInfo.batchTime.milliseconds;
    this.gate.hold();
  }

  onBatchCompleted(batchInfo: BatchInfo): void {
    const input = batchInfo.streamIdToInputInfo[this.streamId];
    const { processingEndTime, processingDelay, schedulingDelay } = batchInfo;
    if (input !== undefined && processingEndTime !== undefined && processingDelay !== undefined && schedulingDelay !== undefined) {
      const rate = this.estimator.compute(processingEndTime, input.numRecords, processingDelay, schedulingDelay);
      if (rate !== undefined) {
        this.latest = Math.trunc(rate);
        this.publish(this.latest);
      }
    }
    if (this.unmeasured === batchInfo.batchTime.milliseconds) this.measured(input?.numRecords ?? 0, processingDelay ?? 0);
  }

  /** The held batch ended: its processing rate is the first figure (none if it took no time), and input flows again. */
  private measured(records: number, processingDelayMs: number): void {
    this.unmeasured = undefined;
    // Released first, so that the rate published is the one in force (synchronously: nothing is admitted between).
    this.gate?.release();
    if (this.latest === undefined && records > 0 && processingDelayMs > 0) {
      this.latest = Math.max(1, Math.trunc((records / processingDelayMs) * 1000));
      this.publish(this.latest);
    }
  }
}
