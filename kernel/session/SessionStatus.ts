import type { ReceiverInfo } from '../scheduler/StreamingListener';
import type { StreamingContextState } from '../streaming/StreamingContext';

/** A snapshot of a Session for `:status`: plain data, formatted by the REPL. */
export interface SessionStatus {
  state: StreamingContextState;
  batchMs: number;
  clock: 'manual' | 'system';
  clockTime: number;
  checkpointDir: string | undefined;
  /** The last checkpoint written: its batch time (ms), wall time of writing (ms) and size (bytes). */
  lastCheckpoint: { time: number; writtenAt: number; bytes: number } | undefined;
  sessionDir: string;
  master: string;
  sparkContextStopped: boolean;
  /** 1 for the session's first StreamingContext, 2 after the first `:new`, ... */
  contextNumber: number;
  inputs: string[];
  outputs: number;
  receivers: ReceiverInfo[];
  batchesCompleted: number;
  batchesFailed: number;
  recordsTotal: number;
  pendingBatches: number;
  lastBatch:
    | {
        time: number;
        numRecords: number;
        schedulingDelay: number | undefined;
        processingDelay: number | undefined;
        totalDelay: number | undefined;
      }
    | undefined;
}
