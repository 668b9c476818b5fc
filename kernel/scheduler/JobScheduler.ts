import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../clock/Clock';
import { formatUserError } from '../errors/formatUserError';
import type { StreamInputInfo } from '../graph/InputInfoTracker';
import type { Job } from '../graph/Job';
import { InterruptedError } from '../interrupt/InterruptedError';
import { onInterrupt } from '../interrupt/interrupts';
import type { Time } from '../util/Time';
import { JobSet } from './JobSet';
import type { StreamingListenerBus } from './StreamingListenerBus';

export interface JobSchedulerOptions {
  /** The batch timer's clock (batch times are on it). */
  clock: Clock;
  /**
   * What batches are stamped with (submission, processing start and end, output operation
   * times): wall time under a manual clock, as Spark's JobSet (see ContextClock.stamps).
   */
  stamps: Clock;
  bus: StreamingListenerBus;
  /** spark.streaming.concurrentJobs: jobs run at once, across batches (default 1). */
  concurrentJobs: number;
  /** Where failures are written (stderr by default). */
  errorOut: (text: string) => void;
  /** Called for each failed job with the user's error. */
  onJobError: (error: unknown) => void;
  /** Called once all of a batch's jobs are done (the generator then clears old data). */
  onBatchCompleted: (time: Time) => void;
}

/** Marks code running inside a job, so that `stop()` called from an output operation does not wait for itself. */
const insideJob = new AsyncLocalStorage<JobScheduler>();

interface Pending {
  set: JobSet;
  job: Job;
}

/**
 * Runs the jobs of each batch: output operations in registration order, batches in
 * time order, at most `concurrentJobs` at once, and posts the batch's listener events.
 * A failing job is recorded and reported; it stops nothing else.
 */
export class JobScheduler {
  private readonly queue: Pending[] = [];
  private readonly active = new Map<number, JobSet>();
  private readonly waiters = new Map<number, Array<() => void>>();
  /** Batches one of whose jobs was interrupted: their jobs not yet started are not run. */
  private readonly interrupted = new WeakSet<JobSet>();
  private running = 0;

  constructor(private readonly options: JobSchedulerOptions) {}

  /**
   * `dueTime`: when the batch timer was due (its batch time). A batch is submitted at its
   * due time, as in Spark, where the timer thread is never held up by running jobs: here a
   * tick can fire late behind a synchronous job, and stamping it then would hide the backlog
   * from the scheduling delay (which the PID rate estimator and the dashboard read).
   */
  submitJobSet(time: Time, jobs: Job[], inputInfo: Record<number, StreamInputInfo>, dueTime?: number): void {
    if (jobs.length === 0) {
      this.resolveWaiters(time.milliseconds);
      return;
    }
    const { stamps, clock } = this.options;
    const now = stamps.now();
    // A due time is on the timer's clock: it stamps the batch only when that is the stamps' clock.
    const submitted = dueTime !== undefined && stamps === clock ? Math.min(dueTime, now) : now;
    const set = new JobSet(time, jobs, inputInfo, submitted);
    this.active.set(time.milliseconds, set);
    this.postBatch('batch.submitted', set);
    for (const job of jobs) this.queue.push({ set, job });
    this.pump();
  }

  /** Resolves once batch `time` has finished (at once if it has no jobs or is done). */
  whenBatchDone(time: Time): Promise<void> {
    if (!this.active.has(time.milliseconds)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(time.milliseconds) ?? [];
      list.push(resolve);
      this.waiters.set(time.milliseconds, list);
    });
  }

  /** True when called (directly or via awaits) from one of this scheduler's jobs. */
  isInsideJob(): boolean {
    return insideJob.getStore() === this;
  }

  /** Resolves once every submitted batch has finished (at once from inside a job, which would wait for itself). */
  async whenIdle(): Promise<void> {
    if (this.isInsideJob()) return;
    while (this.active.size > 0) {
      const [first] = [...this.active.values()];
      await this.whenBatchDone(first.time);
    }
  }

  /** Batches submitted and not finished, oldest first. */
  pendingBatches(): Time[] {
    return [...this.active.values()].map((s) => s.time);
  }

  /** Drops jobs not yet started (stop without grace), then waits for the running ones. */
  async cancelPending(): Promise<void> {
    for (const { set } of this.queue.splice(0)) {
      // A dropped job that was its batch's last outstanding one ends that batch unfinished.
      if (set.jobDone()) {
        this.active.delete(set.time.milliseconds);
        this.resolveWaiters(set.time.milliseconds);
      }
    }
    await this.whenIdle();
  }

  private pump(): void {
    while (this.running < this.options.concurrentJobs && this.queue.length > 0) {
      const next = this.queue.shift() as Pending;
      this.running++;
      void this.runJob(next).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async runJob({ set, job }: Pending): Promise<void> {
    const { stamps, bus } = this.options;
    if (set.processingStartTime === undefined) {
      set.processingStartTime = stamps.now();
      this.postBatch('batch.started', set);
    }
    const info = set.outputOperations[job.outputOpId];
    info.startTime = stamps.now();
    if (bus.hasListeners()) bus.post({ type: 'output.started', payload: { outputOperationInfo: { ...info } } });
    try {
      if (this.interrupted.has(set)) {
        throw new InterruptedError(`batch ${job.time}: ${job.description} was not run`, { hint: 'An earlier job of this batch was interrupted.' });
      }
      await this.runAbandonable(job);
    } catch (thrown) {
      const error = thrown instanceof InterruptedError ? this.interruptedJob(set, job, thrown) : thrown;
      info.failureReason = error instanceof InterruptedError ? `${error.name}: ${error.message}` : formatUserError(error);
      this.options.errorOut(
        `Error running job ${job.name} (output operation ${job.outputOpId}) for batch ${job.time}:\n${info.failureReason}\n`,
      );
      this.options.onJobError(error);
    }
    info.endTime = stamps.now();
    info.duration = info.endTime - info.startTime;
    if (bus.hasListeners()) bus.post({ type: 'output.completed', payload: { outputOperationInfo: { ...info } } });
    if (set.jobDone()) {
      set.processingEndTime = stamps.now();
      this.active.delete(set.time.milliseconds);
      this.postBatch('batch.completed', set);
      this.options.onBatchCompleted(set.time);
      this.resolveWaiters(set.time.milliseconds);
    }
  }

  /**
   * Runs a job; `interrupt()` abandons it (it fails with an InterruptedError at once, while
   * whatever it awaited settles in the background). A runaway synchronous user function is
   * stopped by SIGINT inside the job instead (see `runInterruptibly`).
   */
  private runAbandonable(job: Job): Promise<void> {
    let remove = (): void => undefined;
    const abandoned = new Promise<never>((_resolve, reject) => {
      remove = onInterrupt((reason) => reject(new InterruptedError(`batch ${job.time}: ${job.description}`, { hint: `Abandoned on ${reason}.` })));
    });
    return Promise.race([insideJob.run(this, () => job.run()), abandoned]).finally(remove);
  }

  /** An interrupted job fails its batch: the error names the batch and the output's stream; the batch's later jobs are skipped. */
  private interruptedJob(set: JobSet, job: Job, error: InterruptedError): InterruptedError {
    if (this.interrupted.has(set) && error.message.includes('was not run')) return error;
    this.interrupted.add(set);
    if (error.what.startsWith(`batch ${job.time}`)) return error;
    return new InterruptedError(`batch ${job.time}: ${job.description} (in ${error.what})`, { hint: error.hint, cause: error });
  }

  /** Batch events carry a snapshot of the batch; it is built only when someone listens. */
  private postBatch(type: 'batch.submitted' | 'batch.started' | 'batch.completed', set: JobSet): void {
    const bus = this.options.bus;
    if (bus.hasListeners()) bus.post({ type, payload: { batchInfo: set.toBatchInfo() } });
  }

  private resolveWaiters(timeMs: number): void {
    const list = this.waiters.get(timeMs);
    this.waiters.delete(timeMs);
    list?.forEach((resolve) => resolve());
  }
}
