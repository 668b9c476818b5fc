import type { BatchInfo, OutputOperationInfo } from './BatchInfo';
import type { StreamSnapshot } from '../snapshot/StreamSnapshot';
import type { ReceiverInfo } from './StreamingListener';

/** Rate control figures of one input stream (receiver or direct), for dashboards. */
export interface RateInfo {
  streamId: number;
  /** The limit now in force, records/s (undefined: unlimited; 0: input held while backpressure measures its first batch). */
  rate: number | undefined;
  /** The PID estimator's terms, when backpressure is on. */
  proportional?: number;
  integral?: number;
  derivative?: number;
  /** Records waiting in the receiver's buffers. */
  queued?: number;
  /** Their estimated bytes (bounded by spark.streaming.receiver.maxBufferBytes). */
  queuedBytes?: number;
}

/** The payload of a `stream.snapshot` event. `batchTime` in ms. */
export interface StreamSnapshotInfo {
  name: string;
  streamId: number;
  outputOpId: number;
  batchTime: number;
  snapshot: StreamSnapshot;
}

/**
 * Everything the kernel tells the outside (listeners, dashboards, the REPL), as one
 * closed union: `{ type, payload }` plus an id and a timestamp from the context's clock.
 */
export type EddyEventBody =
  | { type: 'streaming.started'; payload: { time: number } }
  | { type: 'streaming.stopped'; payload: { time: number } }
  | { type: 'batch.submitted'; payload: { batchInfo: BatchInfo } }
  | { type: 'batch.started'; payload: { batchInfo: BatchInfo } }
  | { type: 'batch.completed'; payload: { batchInfo: BatchInfo } }
  | { type: 'output.started'; payload: { outputOperationInfo: OutputOperationInfo } }
  | { type: 'output.completed'; payload: { outputOperationInfo: OutputOperationInfo } }
  | { type: 'receiver.started'; payload: { receiverInfo: ReceiverInfo } }
  | { type: 'receiver.error'; payload: { receiverInfo: ReceiverInfo } }
  | { type: 'receiver.stopped'; payload: { receiverInfo: ReceiverInfo } }
  | { type: 'rate.updated'; payload: RateInfo }
  /** Text an output operation wrote (`print`), for logs that are not stdout. */
  | { type: 'output.text'; payload: { batchTime: number; outputOpId: number; text: string } }
  /**
   * One batch of a published stream (`toUI`, `outputTap`, a notebook display): its bounded
   * snapshot, under the name it was published with. See snapshot/publishSnapshots.ts.
   */
  | { type: 'stream.snapshot'; payload: StreamSnapshotInfo }
  /** A listener threw; it was skipped for that event. */
  | { type: 'listener.error'; payload: { listener: string; eventType: string; error: string } };

export type EddyEventType = EddyEventBody['type'];

export type EddyEvent = EddyEventBody & { id: number; timestamp: number };

export type EventOf<K extends EddyEventType> = Extract<EddyEvent, { type: K }>;
