import type { StreamingContext } from '../../kernel';
import type { Parent } from './Iopub';

/** One batch in a live view's chart: the stream's records and the batch's three delays (ms). */
export interface BatchPoint {
  time: number;
  records: number;
  schedulingDelay: number | undefined;
  processingDelay: number | undefined;
  totalDelay: number | undefined;
}

/** What a live view shows of its stream's latest batch. */
export interface LatestBatch {
  time: number;
  /** `print()`'s own text, for a print view. */
  text?: string;
  /** The first records, formatted as `print()` writes them. */
  rows?: string[];
  count?: number;
  /** For pair streams with numeric values: the largest values and their keys. */
  topKeys?: Array<[string, number]>;
  /** Why this batch's output failed. */
  error?: string;
}

/** How many batches a view's chart keeps. */
export const HISTORY = 60;

/**
 * One live display in a notebook: shown once (`display_data` with `displayId`) in the
 * cell that made it, then replaced in place (`update_display_data`) as batches complete.
 */
export interface LiveView {
  displayId: string;
  title: string;
  ssc: StreamingContext;
  /** The output operation whose batches this view shows. */
  outputOpId: number | undefined;
  /** The request of the cell the view belongs to. */
  parent: Parent;
  latest: LatestBatch | undefined;
  /** Records per batch as the view's own operation counted them, until the batch completes. */
  counted: Map<number, number>;
  history: BatchPoint[];
  batches: number;
  failures: number;
  /** Set when the context stopped: the view shows its final state and says so. */
  final: boolean;
  shown: boolean;
  lastSent: number;
  timer: NodeJS.Timeout | undefined;
}
