import type { BatchInfo } from '../scheduler/BatchInfo';
import type { ReceiverInfo } from '../scheduler/StreamingListener';
import type { StreamingListenerBus } from '../scheduler/StreamingListenerBus';

/** Running figures of one StreamingContext, kept from its events for `:status`. */
export class SessionStats {
  batchesCompleted = 0;
  batchesFailed = 0;
  recordsTotal = 0;
  lastBatch: BatchInfo | undefined;
  readonly receivers = new Map<number, ReceiverInfo>();
  private readonly removers: Array<() => void> = [];

  constructor(bus: StreamingListenerBus) {
    this.removers.push(
      bus.on('batch.completed', (e) => {
        const info = e.payload.batchInfo;
        this.batchesCompleted++;
        this.recordsTotal += info.numRecords;
        if (Object.values(info.outputOperationInfos).some((o) => o.failureReason !== undefined)) this.batchesFailed++;
        this.lastBatch = info;
      }),
      bus.on('receiver.started', (e) => void this.receivers.set(e.payload.receiverInfo.streamId, e.payload.receiverInfo)),
      bus.on('receiver.error', (e) => void this.receivers.set(e.payload.receiverInfo.streamId, e.payload.receiverInfo)),
      bus.on('receiver.stopped', (e) => void this.receivers.set(e.payload.receiverInfo.streamId, e.payload.receiverInfo)),
    );
  }

  dispose(): void {
    this.removers.splice(0).forEach((remove) => remove());
  }
}
