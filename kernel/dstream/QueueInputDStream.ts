import { RDD } from '../rdd/RDD';
import type { StreamingContext } from '../streaming/StreamingContext';
import { invalidArgument } from '../errors/EddyError';
import type { Time } from '../util/Time';
import { InputDStream } from './InputDStream';

/**
 * Batches taken off the front of the caller's own array as they are generated: one
 * per batch, or all that are queued when `oneAtATime` is false. Arrays of elements are
 * parallelized like `sc.parallelize`. An empty queue gives `defaultRDD`, else an empty RDD.
 */
export class QueueInputDStream<T> extends InputDStream<T> {
  constructor(
    ssc: StreamingContext,
    private readonly queue: Array<RDD<T> | T[]>,
    private readonly oneAtATime: boolean,
    private readonly defaultRDD: RDD<T> | undefined,
  ) {
    super(ssc, 'queueStream');
    if (!Array.isArray(queue)) {
      throw new TypeError(`queueStream needs an array of RDDs or arrays, got ${typeof queue}.`);
    }
  }

  compute(validTime: Time): RDD<T> {
    const sc = this.ssc.sparkContext;
    const taken = this.oneAtATime ? this.queue.splice(0, Math.min(1, this.queue.length)) : this.queue.splice(0);
    const bad = taken.find((b) => !(b instanceof RDD) && !Array.isArray(b));
    if (bad !== undefined) {
      // The batch fails (once: getOrCompute remembers it) and the next element stays for the next batch.
      throw invalidArgument(
        `queueStream's element for batch ${validTime} is ${describe(bad)}, not an array or an RDD, so that batch fails.`,
        'Push arrays of elements (queue.push([1, 2])) or RDDs (queue.push(sc.parallelize([1, 2]))).',
      );
    }
    const rdds = taken.map((b) => (b instanceof RDD ? b : sc.parallelize(b)));
    if (rdds.length === 0) return this.defaultRDD ?? sc.emptyRDD<T>();
    return rdds.length === 1 ? rdds[0] : sc.union(rdds);
  }

  /** Spark's reason (QueueInputDStream.writeObject): the queue lives in memory and is not in checkpoints. */
  override get recoveryRefusal(): string {
    return "queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled.";
  }

  /** Batches still waiting in the queue. */
  get pending(): number {
    return this.queue.length;
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `a ${typeof value} (${JSON.stringify(value)?.slice(0, 40)})`;
}
