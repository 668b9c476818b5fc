import type { StreamingContext } from '../streaming/StreamingContext';
import type { Duration } from '../util/Duration';
import { DStream } from './DStream';

/**
 * A stream with no parent: its RDDs come from outside. Registered with the graph so
 * the context can start and stop it; `start`/`stop` are for sources holding resources.
 */
export abstract class InputDStream<T> extends DStream<T> {
  constructor(ssc: StreamingContext, name: string) {
    super(ssc, name);
    ssc.graph.addInputStream(this as InputDStream<unknown>);
  }

  get slideDuration(): Duration {
    return this.ssc.graph.batchDuration;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return [];
  }

  /** Called when the context starts. */
  start(): void | Promise<void> {}

  /** Called when the context stops. */
  stop(): void | Promise<void> {}
}
