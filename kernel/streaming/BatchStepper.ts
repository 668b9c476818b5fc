import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ManualClock } from '../clock/ManualClock';
import { illegalState, invalidArgument } from '../errors/EddyError';
import type { JobGenerator } from '../scheduler/JobGenerator';
import type { JobScheduler } from '../scheduler/JobScheduler';
import type { Time } from '../util/Time';
import type { StreamingContextState } from './ContextLifecycle';

/**
 * Stepping batches by hand on a manual clock (`ssc.advance(n)`), and the one batch a
 * graceful stop adds to take what receivers stored last. The only code that moves a
 * manual clock is `advance()`: a stop never does, so a user's clock stays where they left it.
 */
export class BatchStepper {
  private readonly preparers: Array<(time: Time) => Promise<void>> = [];
  private ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly manual: ManualClock | undefined,
    private readonly generator: JobGenerator,
    private readonly scheduler: JobScheduler,
    private readonly state: () => StreamingContextState,
  ) {}

  /** See StreamingContext.addBatchPreparer. */
  addPreparer(prepare: (time: Time) => Promise<void>): void {
    this.preparers.push(prepare);
  }

  /** Steps wait for `work` first (a recovering context re-running its pending batches). */
  holdUntil(work: Promise<void>): void {
    this.ready = work.catch(() => undefined);
  }

  /**
   * Recovery: a manual clock is brought forward to the checkpoint's time, so that the
   * next step is the batch after it. (A clock that moves by itself is left alone.)
   */
  moveManualClockTo(ms: number): void {
    if (this.manual !== undefined && this.manual.now() < ms) this.manual.setTime(ms);
  }

  /** Moves the manual clock `batches` batch intervals, batch by batch; resolves when all their jobs are done. */
  async advance(batches: number): Promise<void> {
    const clock = this.manual;
    if (clock === undefined) {
      throw illegalState('advance() needs a manual clock.', "Create the context with { clock: 'manual' } to step batches by hand.");
    }
    if (this.state() !== 'ACTIVE') {
      throw illegalState(`advance() needs a started context; this one is ${this.state()}.`, 'Call ssc.start() first.');
    }
    if (!Number.isInteger(batches) || batches < 0) {
      throw invalidArgument(`advance() takes a whole number of batches, got ${batches}.`);
    }
    await this.ready;
    for (let i = 0; i < batches && this.state() === 'ACTIVE'; i++) {
      const time = this.generator.nextBatchTime;
      for (const prepare of this.preparers) await prepare(time);
      if (this.state() !== 'ACTIVE') break;
      clock.setTime(time.milliseconds);
      await this.scheduler.whenBatchDone(time);
      // One event-loop turn per batch, so that I/O (the REPL, sockets) is served during long runs.
      await yieldToEventLoop();
    }
  }

  /**
   * A graceful stop wants one more batch (receivers stored data no batch took yet). On a
   * clock that moves by itself the timer's next tick makes it; on a manual clock it is
   * generated now, at its own batch time, and the clock is left alone.
   */
  requestDrainBatch(): void {
    if (this.manual !== undefined) this.generator.generateNow(this.generator.nextBatchTime);
  }
}
