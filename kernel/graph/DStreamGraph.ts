import type { DStream } from '../dstream/DStream';
import type { ForEachDStream } from '../dstream/ForEachDStream';
import type { InputDStream } from '../dstream/InputDStream';
import { illegalState } from '../errors/EddyError';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import type { Job } from './Job';
import { runInterruptibly } from '../interrupt/interrupts';

/**
 * The streams of one StreamingContext: inputs, outputs and everything between. Pure
 * with respect to time: `generateJobs(t)` says what to run for batch t, never when.
 */
export class DStreamGraph {
  readonly inputStreams: Array<InputDStream<unknown>> = [];
  readonly outputStreams: Array<ForEachDStream<unknown>> = [];
  zeroTime: Time | undefined;
  rememberDuration: Duration | undefined;
  private nextStreamId = 0;

  constructor(readonly batchDuration: Duration) {}

  newStreamId(): number {
    return this.nextStreamId++;
  }

  addInputStream(stream: InputDStream<unknown>): void {
    this.inputStreams.push(stream);
  }

  addOutputStream(stream: ForEachDStream<unknown>): number {
    this.outputStreams.push(stream);
    return this.outputStreams.length - 1;
  }

  /** Spark's `ssc.remember`: keep every stream's RDDs at least this long. */
  remember(duration: Duration): void {
    if (this.zeroTime !== undefined) {
      throw illegalState('remember() was called after the StreamingContext started.', 'Call ssc.remember(...) before ssc.start().');
    }
    this.rememberDuration = duration;
  }

  /** Throws when the graph cannot run: no output operation, or a stream's own rule broken. */
  validate(): void {
    if (this.outputStreams.length === 0) {
      throw illegalState(
        'No output operations registered, so nothing will run.',
        'Add one before ssc.start(): print(), foreachRDD(...) or saveAsTextFiles(...).',
      );
    }
  }

  start(zeroTime: Time): void {
    this.zeroTime = zeroTime;
    for (const s of this.outputStreams) s.initialize(zeroTime);
    for (const s of this.outputStreams) s.remember(this.rememberDuration);
    for (const s of this.outputStreams) s.validateAtStart();
  }

  /**
   * The jobs of batch `time`, one per output operation in registration order. A stream
   * whose computation throws (a user's `transform` function, say) yields a job that fails
   * with that error, so the batch's other output operations still run.
   */
  generateJobs(time: Time): Job[] {
    // Inputs take their batch as it is generated even when no output reads this time (a
    // window sliding slower than the batch), so input batch k always lands at time k.
    // A failing input is reported by the output job that reads it, so it is left here.
    for (const input of this.inputStreams) {
      try {
        if (input.isInitialized()) input.getOrCompute(time);
      } catch {
        continue;
      }
    }
    const jobs: Job[] = [];
    for (const out of this.outputStreams) {
      try {
        const job = runInterruptibly(() => out.generateJob(time), `building batch ${time} of ${out.name}`);
        if (job) jobs.push(job);
      } catch (error) {
        jobs.push({
          time,
          outputOpId: out.outputOpId,
          name: out.name,
          description: `${out.name} (its RDD could not be built)`,
          run: () => Promise.reject(error),
        });
      }
    }
    return jobs;
  }

  clearMetadata(time: Time): void {
    for (const s of this.outputStreams) s.clearMetadata(time);
  }

  /** Every stream reachable from the outputs, parents after children, each once. */
  allStreams(): Array<DStream<unknown>> {
    const seen = new Set<DStream<unknown>>();
    const visit = (s: DStream<unknown>): void => {
      if (seen.has(s)) return;
      seen.add(s);
      s.dependencies.forEach(visit);
    };
    this.outputStreams.forEach(visit);
    this.inputStreams.forEach(visit);
    return [...seen];
  }

  /** The graph as text: one tree per output operation. */
  toDebugString(): string {
    return this.outputStreams.map((s) => s.toDebugString()).join('\n');
  }
}
