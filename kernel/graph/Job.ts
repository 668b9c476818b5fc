import type { Time } from '../util/Time';

/**
 * One output operation's work for one batch: what the graph hands the scheduler.
 * `run` performs the RDD actions; the scheduler decides when.
 */
export interface Job {
  readonly time: Time;
  /** Index of the output operation, in registration order. */
  readonly outputOpId: number;
  /** The operation, e.g. `print`, `foreachRDD`. */
  readonly name: string;
  /** A longer description (the stream it writes, for dashboards). */
  readonly description: string;
  run(): Promise<void>;
}
