import type { BatchInfo, OutputOperationInfo } from './BatchInfo';

export interface ReceiverInfo {
  streamId: number;
  name: string;
  active: boolean;
  location: string;
  lastErrorMessage: string;
  lastError: string;
  lastErrorTime: number;
}

/**
 * Spark's StreamingListener: every method optional. Events arrive in batch-lifecycle
 * order, and before the `advance()` that caused them resolves. A listener that throws
 * is reported and skipped; it never stops a batch.
 */
export interface StreamingListener {
  onStreamingStarted?(event: { time: number }): void;
  onStreamingStopped?(event: { time: number }): void;
  onBatchSubmitted?(event: { batchInfo: BatchInfo }): void;
  onBatchStarted?(event: { batchInfo: BatchInfo }): void;
  onBatchCompleted?(event: { batchInfo: BatchInfo }): void;
  onOutputOperationStarted?(event: { outputOperationInfo: OutputOperationInfo }): void;
  onOutputOperationCompleted?(event: { outputOperationInfo: OutputOperationInfo }): void;
  onReceiverStarted?(event: { receiverInfo: ReceiverInfo }): void;
  onReceiverError?(event: { receiverInfo: ReceiverInfo }): void;
  onReceiverStopped?(event: { receiverInfo: ReceiverInfo }): void;
}
