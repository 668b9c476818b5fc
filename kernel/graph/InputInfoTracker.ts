import type { Time } from '../util/Time';

/** What one input stream contributed to one batch, as Spark's StreamInputInfo. */
export interface StreamInputInfo {
  inputStreamId: number;
  numRecords: number;
  metadata: Record<string, unknown>;
}

/**
 * Input streams report how many records each batch took (receivers and direct streams
 * do; queue streams do not, as in Spark), and the job generator reads it per batch.
 */
export class InputInfoTracker {
  private readonly byBatch = new Map<number, Map<number, StreamInputInfo>>();

  reportInfo(batchTime: Time, info: StreamInputInfo): void {
    let infos = this.byBatch.get(batchTime.milliseconds);
    if (!infos) this.byBatch.set(batchTime.milliseconds, (infos = new Map()));
    infos.set(info.inputStreamId, info);
  }

  getInfo(batchTime: Time): Record<number, StreamInputInfo> {
    const infos = this.byBatch.get(batchTime.milliseconds);
    return infos ? Object.fromEntries(infos) : {};
  }

  /** Forgets batches up to and including `batchThreshold`, so memory does not grow. */
  cleanup(batchThreshold: Time): void {
    for (const t of this.byBatch.keys()) if (t <= batchThreshold.milliseconds) this.byBatch.delete(t);
  }
}
