import { EddyError, publishSnapshots, snapshotOf as snapshotElements, type DStream, type StreamingContext } from '../kernel';
import type { TapSnapshot } from './DashboardEvent';
import { feedOf } from './DashboardFeed';

/** The latest batch of one DStream, kept for a dashboard chart or table. */
export interface OutputTap {
  readonly label: string;
  latest(): TapSnapshot | undefined;
  /** Calls `fn` after each batch; returns a remover. */
  onUpdate(fn: (snapshot: TapSnapshot) => void): () => void;
}

export interface OutputTapOptions {
  /** How many rows to keep: the top k pairs, or the first k elements (default 10). */
  k?: number;
  /** The chart's title (default: the stream's description). */
  label?: string;
}

const tapsByContext = new WeakMap<StreamingContext, OutputTap[]>();

/** The taps set up on a context, oldest first (the dashboard shows the newest by default). */
export function tapsOf(ssc: StreamingContext): OutputTap[] {
  return tapsByContext.get(ssc) ?? [];
}

/**
 * Taps a DStream for the dashboard: publishes each batch on the context's bus
 * (`publishSnapshots`, the kernel's `stream.snapshot` events, as `toUI` does) and keeps
 * the latest: a top-k bar chart when the stream holds `[key, number]` pairs, else a table
 * of its first k elements.
 *
 * It adds an output operation, so like every output operation it must be set up
 * BEFORE `ssc.start()`: a tap cannot be added to a running context.
 */
export function outputTap<T>(stream: DStream<T>, options: OutputTapOptions = {}): OutputTap {
  const ssc = stream.context;
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) {
    throw new EddyError('invalid-argument', `outputTap: k must be a positive integer, got ${String(k)}.`, { hint: 'For example outputTap(counts, { k: 10 }).' });
  }
  if (ssc.getState() !== 'INITIALIZED') {
    throw new EddyError('illegal-state', `outputTap needs a context that has not started yet; this one is ${ssc.getState()}.`, {
      hint: 'Set up the tap before ssc.start() (taps are output operations), or stop, rebuild the pipeline with the tap, and start again.',
    });
  }
  const label = options.label ?? describe(stream as DStream<unknown>);
  const listeners = new Set<(snapshot: TapSnapshot) => void>();
  let latest: TapSnapshot | undefined;
  // Record from now on, so a dashboard opened later has the recent batches.
  feedOf(ssc);
  const op = publishSnapshots(stream, { name: label, k, operation: 'outputTap' });
  ssc.bus.on('stream.snapshot', (event) => {
    if (event.payload.outputOpId !== op.outputOpId) return;
    latest = { ...event.payload.snapshot, label, batchTime: event.payload.batchTime };
    for (const fn of [...listeners]) fn(latest);
  });
  const tap: OutputTap = {
    label,
    latest: () => latest,
    onUpdate(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  tapsByContext.set(ssc, [...tapsOf(ssc), tap]);
  return tap;
}

function describe(stream: DStream<unknown>): string {
  return `${stream.name} #${stream.id}`;
}

/** Top k pairs by value (ties by key text), or the first k elements formatted as `print()` does. */
export function snapshotOf(elements: unknown[], label: string, batchTime: number, k: number): TapSnapshot {
  return { ...snapshotElements(elements, { k }), label, batchTime };
}
