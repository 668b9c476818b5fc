import type { StreamInputInfo } from '../graph/InputInfoTracker';
import type { Time } from '../util/Time';

/** One output operation of one batch, as Spark's OutputOperationInfo. Times in ms of the context's clock. */
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
 * One batch, as Spark's BatchInfo. Delays are in ms of the context's clock, as in Spark:
 * scheduling = processing start − submission, processing = end − start, total = both.
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
