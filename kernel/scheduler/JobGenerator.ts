import type { Clock } from '../clock/Clock';
import type { DStreamGraph } from '../graph/DStreamGraph';
import type { InputInfoTracker } from '../graph/InputInfoTracker';
import type { Duration } from '../util/Duration';
import { Time } from '../util/Time';
import type { JobScheduler } from './JobScheduler';
import { RecurringTimer } from './RecurringTimer';

/** Something that must act on each batch time before its jobs are generated (receivers hand over their blocks). */
export interface BatchInputAllocator {
  allocateBlocksToBatch(batchTime: Time): void;
}

/** Something that must act around each batch (checkpoint writers). */
export interface BatchLifecycleHook {
  onBatchGenerated?(batchTime: Time): void | Promise<void>;
  onBatchCompleted?(batchTime: Time): void | Promise<void>;
}

/** The generator's events, handled one at a time in order by `processEvent`. */
export type JobGeneratorEvent =
  | { type: 'generate-jobs'; time: Time; dueTime?: number }
  | { type: 'clear-metadata'; time: Time };

/**
 * Decides *when*: a RecurringTimer on the injected clock ticks once per batch interval,
 * and each tick asks the graph for that batch's jobs and hands them to the JobScheduler.
 * The first batch is at zero time + batch duration.
 */
export class JobGenerator {
  private readonly timer: RecurringTimer;
  private readonly allocators: BatchInputAllocator[] = [];
  private readonly hooks: BatchLifecycleHook[] = [];
  private readonly queue: JobGeneratorEvent[] = [];
  private processing = false;
  private lastGenerated: Time | undefined;

  constructor(
    clock: Clock,
    private readonly batchDuration: Duration,
    private readonly graph: DStreamGraph,
    private readonly scheduler: JobScheduler,
    private readonly inputInfo: InputInfoTracker,
    private readonly warn: (text: string) => void,
  ) {
    this.timer = new RecurringTimer(clock, batchDuration.milliseconds, (t) => this.post({ type: 'generate-jobs', time: new Time(t), dueTime: t }));
  }

  addAllocator(allocator: BatchInputAllocator): void {
    this.allocators.push(allocator);
  }

  addHook(hook: BatchLifecycleHook): void {
    this.hooks.push(hook);
  }

  /** Starts the timer; returns the zero time (first batch time − batch duration). */
  start(): Time {
    const first = new Time(this.timer.getStartTime());
    const zero = first.minus(this.batchDuration);
    this.graph.start(zero);
    this.timer.start(first.milliseconds);
    return zero;
  }

  /**
   * Recovery, first half: the graph starts at the checkpoint's zero time and the timer
   * waits for `restart` (the caller restores the streams' data and positions between).
   */
  startFromCheckpoint(zeroTime: Time): void {
    this.graph.start(zeroTime);
  }

  /**
   * Recovery, second half (Spark's JobGenerator.restart): generates again, in time order
   * and with their own times, the batches pending at the checkpoint and those the
   * context missed while it was down (after `checkpointTime`, before the timer's next
   * tick), then starts the timer on that tick. Returns the times generated.
   */
  restart(checkpointTime: Time, pendingTimes: readonly Time[]): Time[] {
    const restartTime = this.timer.getStartTime();
    const times = new Map<number, Time>();
    for (const t of pendingTimes) times.set(t.milliseconds, t);
    for (let t = checkpointTime.plus(this.batchDuration); t.milliseconds < restartTime; t = t.plus(this.batchDuration)) times.set(t.milliseconds, t);
    const ordered = [...times.values()].sort((a, b) => a.milliseconds - b.milliseconds);
    this.lastGenerated = checkpointTime;
    for (const t of ordered) this.post({ type: 'generate-jobs', time: t });
    this.timer.start(restartTime);
    return ordered;
  }

  /** The time the next batch will have. */
  get nextBatchTime(): Time {
    const base = this.lastGenerated ?? (this.graph.zeroTime as Time);
    return base.plus(this.batchDuration);
  }

  get lastBatchTime(): Time | undefined {
    return this.lastGenerated;
  }

  /** Stops the timer; no batch is generated after this. */
  stopTimer(): void {
    this.timer.stop();
  }

  /** Generates batch `time` now, off the timer (graceful stop draining received data). */
  generateNow(time: Time): void {
    this.post({ type: 'generate-jobs', time });
  }

  /** Called by the scheduler when every job of batch `time` is done. */
  onBatchCompletion(time: Time): void {
    this.post({ type: 'clear-metadata', time });
  }

  private post(event: JobGeneratorEvent): void {
    this.queue.push(event);
    if (this.processing) return; // a handler posted again: handled after it, in order
    this.processing = true;
    try {
      while (this.queue.length > 0) this.processEvent(this.queue.shift() as JobGeneratorEvent);
    } finally {
      this.processing = false;
    }
  }

  private processEvent(event: JobGeneratorEvent): void {
    switch (event.type) {
      case 'generate-jobs':
        this.generateJobs(event.time, event.dueTime);
        return;
      case 'clear-metadata':
        this.clearMetadata(event.time);
        return;
      default: {
        const unknown: never = event;
        throw new Error(`internal: unknown generator event ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** `dueTime`: when the timer was due to tick (a late tick still stamps the batch then, see JobScheduler). */
  private generateJobs(time: Time, dueTime?: number): void {
    if (this.lastGenerated === undefined || time.greater(this.lastGenerated)) this.lastGenerated = time;
    for (const a of this.allocators) a.allocateBlocksToBatch(time);
    const jobs = this.graph.generateJobs(time);
    const info = this.inputInfo.getInfo(time);
    this.scheduler.submitJobSet(time, jobs, info, dueTime);
    for (const h of this.hooks) this.runHook(() => h.onBatchGenerated?.(time), 'after generating', time);
  }

  private clearMetadata(time: Time): void {
    this.graph.clearMetadata(time);
    this.inputInfo.cleanup(time);
    for (const h of this.hooks) this.runHook(() => h.onBatchCompleted?.(time), 'after completing', time);
  }

  private runHook(call: () => void | Promise<void>, when: string, time: Time): void {
    const report = (error: unknown): void =>
      this.warn(`A batch hook failed ${when} batch ${time}: ${error instanceof Error ? error.message : String(error)}\n`);
    try {
      const r = call();
      if (r instanceof Promise) r.catch(report);
    } catch (error) {
      report(error);
    }
  }
}
