import { illegalState } from '../errors/EddyError';
import type { DStreamGraph } from '../graph/DStreamGraph';
import type { JobGenerator } from '../scheduler/JobGenerator';
import type { JobScheduler } from '../scheduler/JobScheduler';
import type { StreamingListenerBus } from '../scheduler/StreamingListenerBus';
import type { Clock } from '../clock/Clock';
import type { SparkContext } from '../core/SparkContext';
import type { StreamingContext } from './StreamingContext';
import { activeContext } from './activeContext';
import { STOP_GRACEFULLY_ON_SHUTDOWN, stopGracefullyOnSignals } from './shutdownOnSignal';
import type { BatchStepper } from './BatchStepper';
import type { ContextCheckpointing } from './ContextCheckpointing';
import type { TerminationWaiter } from './TerminationWaiter';
import { Time } from '../util/Time';

export type StreamingContextState = 'INITIALIZED' | 'ACTIVE' | 'STOPPED';

/** What the lifecycle drives; all owned by the StreamingContext. */
export interface LifecycleParts {
  readonly context: StreamingContext;
  readonly sparkContext: SparkContext;
  readonly clock: Clock;
  readonly graph: DStreamGraph;
  readonly generator: JobGenerator;
  readonly scheduler: JobScheduler;
  readonly bus: StreamingListenerBus;
  readonly termination: TerminationWaiter;
  readonly checkpointing: ContextCheckpointing;
  readonly stepper: BatchStepper;
  readonly err: (text: string) => void;
}

/**
 * INITIALIZED → ACTIVE → STOPPED, never back (API.md lifecycle rules 2, 3 and 6).
 *
 * start: validate the graph, start the generator (zero time, every stream initialized and
 * validated), become the active context, then start the inputs off the caller's stack. A
 * start that fails validation leaves the context STOPPED, as Spark's does.
 * stop: stop hooks (receivers), the timer, then drain (graceful) or drop (not) pending
 * jobs, stop the inputs, and wake `awaitTermination`.
 */
export class ContextLifecycle {
  private state: StreamingContextState = 'INITIALIZED';
  private stopping: Promise<void> | undefined;
  private readonly startHooks: Array<() => void> = [];
  private readonly stopHooks: Array<(graceful: boolean) => Promise<void> | void> = [];
  private removeSignalHandlers: (() => void) | undefined;

  constructor(private readonly parts: LifecycleParts) {}

  get current(): StreamingContextState {
    return this.state;
  }

  /** Runs `hook` inside start(), after the graph is validated and before the generator starts (may throw). */
  addStartHook(hook: () => void): void {
    this.startHooks.push(hook);
  }

  addStopHook(hook: (graceful: boolean) => Promise<void> | void): void {
    this.stopHooks.push(hook);
  }

  start(): void {
    const { context, sparkContext, graph, generator, bus, clock, err, checkpointing, stepper } = this.parts;
    if (this.state === 'ACTIVE') {
      // Spark's start() on an ACTIVE context: logWarning, nothing else.
      err('WARN StreamingContext: StreamingContext has already been started\n');
      return;
    }
    if (this.state === 'STOPPED') {
      throw illegalState('This StreamingContext has been stopped and cannot start again.', 'Create a new StreamingContext.');
    }
    const other = activeContext.get();
    if (other !== undefined && other !== context) {
      throw illegalState(
        'Only one StreamingContext may be active at a time, and another one is running.',
        'Stop it first with StreamingContext.getActive()?.stop(false).',
      );
    }
    if (sparkContext.isStopped) {
      throw illegalState('The SparkContext of this StreamingContext has been stopped.', 'Create a new SparkContext and StreamingContext.');
    }
    // Spark's start(): a failure from here on (no output operation, no checkpoint directory, a
    // bad interval) marks the context STOPPED ("Error starting the context, marking it as
    // stopped"): a half-started graph must not be edited and started again.
    try {
      graph.validate();
      for (const hook of this.startHooks) hook();
      checkpointing.checkInputs();
      // Initializes and validates every stream.
      const recovered = checkpointing.recovered;
      if (recovered === undefined) generator.start();
      else generator.startFromCheckpoint(new Time(recovered.record.zeroTimeMs));
      checkpointing.restoreStreams();
      checkpointing.attachWriter();
    } catch (error) {
      err(`Error starting the context, marking it as stopped: ${error instanceof Error ? error.message : String(error)}\n`);
      generator.stopTimer();
      this.state = 'STOPPED';
      this.parts.termination.notifyStop();
      throw error;
    }
    const recovered = checkpointing.recovered;
    this.state = 'ACTIVE';
    activeContext.set(context);
    const started = graph.inputStreams.map((input) =>
      Promise.resolve()
        .then(() => input.start())
        .catch((error) => err(`Input stream ${input} failed to start: ${error instanceof Error ? error.message : String(error)}\n`)),
    );
    // A recovered context re-runs its batches once the inputs can serve them (Kafka connected).
    if (recovered !== undefined) {
      stepper.holdUntil(
        Promise.all(started).then(() => {
          if (this.state === 'ACTIVE') checkpointing.resume();
        }),
      );
    }
    if (sparkContext.conf.getBoolean(STOP_GRACEFULLY_ON_SHUTDOWN, false)) this.removeSignalHandlers = stopGracefullyOnSignals(context);
    bus.post({ type: 'streaming.started', payload: { time: clock.now() } });
  }

  /** Stops once; later calls wait for the first. */
  stop(graceful: boolean): Promise<void> {
    this.stopping ??= this.doStop(graceful);
    return this.stopping;
  }

  private async doStop(graceful: boolean): Promise<void> {
    const { context, graph, generator, scheduler, bus, clock, termination, err, checkpointing } = this.parts;
    if (this.state !== 'ACTIVE') {
      this.state = 'STOPPED';
      termination.notifyStop();
      return;
    }
    try {
      for (const hook of this.stopHooks) await hook(graceful);
      generator.stopTimer();
      if (graceful) await scheduler.whenIdle();
      else await scheduler.cancelPending();
      for (const input of graph.inputStreams) await input.stop();
      // Completed batches are checkpointed before the context says it stopped.
      await checkpointing.flush();
    } catch (error) {
      err(`Error while stopping the StreamingContext: ${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      this.removeSignalHandlers?.();
      this.state = 'STOPPED';
      activeContext.clear(context);
      bus.post({ type: 'streaming.stopped', payload: { time: clock.now() } });
      termination.notifyStop();
    }
  }
}
