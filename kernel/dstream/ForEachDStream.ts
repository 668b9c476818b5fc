import type { Job } from '../graph/Job';
import type { RDD } from '../rdd/RDD';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { DStream } from './DStream';
import { runInterruptibly } from '../interrupt/interrupts';

/**
 * An output operation: for each batch, hands the parent's RDD to `f` as a Job. This
 * is where laziness ends; every other stream only describes RDDs.
 */
export class ForEachDStream<T> extends DStream<void> {
  readonly outputOpId: number;

  constructor(
    private readonly parent: DStream<T>,
    private readonly f: (rdd: RDD<T>, time: Time) => void | Promise<void>,
    name: string,
  ) {
    super(parent.ssc, name);
    this.outputOpId = parent.ssc.graph.addOutputStream(this as ForEachDStream<unknown>);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): ReadonlyArray<DStream<unknown>> {
    return [this.parent as DStream<unknown>];
  }

  compute(): undefined {
    return undefined;
  }

  /** The job for `time`, or undefined when the parent has no RDD then (off its slide). */
  generateJob(time: Time): Job | undefined {
    const rdd = this.parent.getOrCompute(time);
    if (rdd === undefined) return undefined;
    return {
      time,
      outputOpId: this.outputOpId,
      name: this.name,
      description: `${this.name} of ${this.parent}`,
      run: async () => {
        await runInterruptibly(() => this.f(rdd, time), `${this.name} for batch ${time}`);
      },
    };
  }
}
