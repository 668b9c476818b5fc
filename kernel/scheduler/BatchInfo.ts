import type { StreamInputInfo } from '../graph/InputInfoTracker';
import type { Time } from '../util/Time';

/**
 * One output operation of one batch, as Spark's OutputOperationInfo. Times in ms: wall time
 * under a manual clock (as Spark), the context's clock otherwise.
 */
export interface OutputOperationInfo {
  batchTime: Time;
  id: number;
  name: string;
  description: string;
  startTime: number | undefined;
  endTime: number | undefined;
  /** The error with the user's stack, when the operation failed. */
  failureReason: string | undefined;
  duration: number | undefined;
}

/**
 * One batch, as Spark's BatchInfo. Delays in ms, as in Spark: scheduling = processing
 * start − submission, processing = end − start, total = both. A batch is submitted at its
 * batch time (its due time, even when the timer fires late behind a running job), so the
 * scheduling delay shows the backlog. Under a manual clock the stamps are wall time (as
 * Spark's JobSet uses System.currentTimeMillis): `batchTime` is on the manual clock, the
 * other times are not, and the delays are the real time a batch waited and ran.
 */
export interface BatchInfo {
  batchTime: Time;
  submissionTime: number;
  processingStartTime: number | undefined;
  processingEndTime: number | undefined;
  numRecords: number;
  streamIdToInputInfo: Record<number, StreamInputInfo>;
  outputOperationInfos: Record<number, OutputOperationInfo>;
  schedulingDelay: number | undefined;
  processingDelay: number | undefined;
  totalDelay: number | undefined;
}
