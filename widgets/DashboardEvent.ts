import type { EddyEvent, StreamSnapshot } from '../kernel';
import type { GraphNode } from './describeStreams';

/**
 * The latest output of a published DStream (a `stream.snapshot` event), reduced to what a
 * chart or table shows: top k pairs as bars, else the first k elements as a table.
 */
export type TapSnapshot = StreamSnapshot & { label: string; batchTime: number };

/**
 * What a dashboard is fed: the kernel's events (as they are in process, or as JSON over
 * the attach socket, where each `Time` has become its milliseconds), plus the
 * dashboard's own messages. A closed union: DashboardState.apply switches over it.
 */
export type DashboardEvent =
  | EddyEvent
  | { type: 'dash.hello'; payload: { appName: string; batchIntervalMs: number; state: string; pid: number } }
  /** The DStream graph: sent after hello, and again when the context starts (the graph is final then). */
  | { type: 'dash.graph'; payload: { streams: GraphNode[] } }
  /** Text the context wrote to its error stream while the dashboard covered the terminal. */
  | { type: 'dash.log'; payload: { level: 'out' | 'err'; text: string } }
  | { type: 'dash.closed'; payload: { reason: string } };

/** A batch time as sent in process (`Time`) or over the wire (a number of ms). */
export function msOf(t: { milliseconds: number } | number): number {
  return typeof t === 'number' ? t : t.milliseconds;
}
