import type { StreamInputInfo } from '../graph/InputInfoTracker';
import type { Job } from '../graph/Job';
import type { Time } from '../util/Time';
import type { BatchInfo, OutputOperationInfo } from './BatchInfo';

/** The jobs of one batch and their progress, as Spark's JobSet. */
export class JobSet {
  processingStartTime: number | undefined;
  processingEndTime: number | undefined;
  readonly outputOperations: Record<number, OutputOperationInfo> = {};
  private remaining: number;

  constructor(
    readonly time: Time,
    readonly jobs: Job[],
    readonly streamIdToInputInfo: Record<number, StreamInputInfo>,
    readonly submissionTime: number,
  ) {
    this.remaining = jobs.length;
    for (const job of jobs) {
      this.outputOperations[job.outputOpId] = {
        batchTime: time,
        id: job.outputOpId,
        name: job.name,
        description: job.description,
        startTime: undefined,
        endTime: undefined,
        failureReason: undefined,
        duration: undefined,
      };
    }
  }

  /** Marks one job done; true when it was the last. */
  jobDone(): boolean {
    this.remaining--;
    return this.remaining === 0;
  }

  get numRecords(): number {
    return Object.values(this.streamIdToInputInfo).reduce((n, info) => n + info.numRecords, 0);
  }

  toBatchInfo(): BatchInfo {
    const start = this.processingStartTime;
    const end = this.processingEndTime;
    const schedulingDelay = start === undefined ? undefined : start - this.submissionTime;
    const processingDelay = start === undefined || end === undefined ? undefined : end - start;
    return {
      batchTime: this.time,
      submissionTime: this.submissionTime,
      processingStartTime: start,
      processingEndTime: end,
      numRecords: this.numRecords,
      streamIdToInputInfo: { ...this.streamIdToInputInfo },
      outputOperationInfos: structuredCloneInfos(this.outputOperations),
      schedulingDelay,
      processingDelay,
      totalDelay: schedulingDelay === undefined || processingDelay === undefined ? undefined : schedulingDelay + processingDelay,
    };
  }
}

function structuredCloneInfos(infos: Record<number, OutputOperationInfo>): Record<number, OutputOperationInfo> {
  const out: Record<number, OutputOperationInfo> = {};
  for (const [id, info] of Object.entries(infos)) out[Number(id)] = { ...info };
  return out;
}
