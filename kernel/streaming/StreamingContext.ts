import * as fs from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Clock } from '../clock/Clock';
import { ManualClock } from '../clock/ManualClock';
import { systemClock } from '../clock/SystemClock';
import { SparkConf } from '../conf/SparkConf';
import { SparkContext } from '../core/SparkContext';
import type { DStream } from '../dstream/DStream';
import type { InputDStream } from '../dstream/InputDStream';
import { QueueInputDStream } from '../dstream/QueueInputDStream';
import { TransformedDStream } from '../dstream/TransformedDStream';
import { UnionDStream } from '../dstream/UnionDStream';
import '../dstream/operations';
import '../dstream/pairOperations';
import { illegalState, invalidArgument } from '../errors/EddyError';
import { DStreamGraph } from '../graph/DStreamGraph';
import { InputInfoTracker } from '../graph/InputInfoTracker';
import type { RDD } from '../rdd/RDD';
import { JobGenerator } from '../scheduler/JobGenerator';
import { JobScheduler } from '../scheduler/JobScheduler';
import type { StreamingListener } from '../scheduler/StreamingListener';
import { StreamingListenerBus } from '../scheduler/StreamingListenerBus';
import { Duration } from '../util/Duration';
import { Time } from '../util/Time';
import { activeContext } from './activeContext';

export type StreamingContextState = 'INITIALIZED' | 'ACTIVE' | 'STOPPED';

export interface StreamingContextOptions {
  /** `'manual'` for a ManualClock moved by `advance()`, `'system'` (default), or a Clock of your own. */
  clock?: 'manual' | 'system' | Clock;
  /** Where `print()` writes (stdout by default). */
  out?: (text: string) => void;
  /** Where errors and warnings are written (stderr by default). */
  err?: (text: string) => void;
}

/**
 * The entry point of streaming: owns the DStream graph, the job generator and scheduler,
 * the listener bus and the clock. One batch every `batchDuration`; each batch is an RDD
 * per stream. Lifecycle: INITIALIZED → ACTIVE → STOPPED, never back.
 */
export class StreamingContext {
  readonly sparkContext: SparkContext;
  readonly graph: DStreamGraph;
  readonly clock: Clock;
  readonly batchDuration: Duration;
  readonly bus: StreamingListenerBus;
  readonly inputInfoTracker = new InputInfoTracker();
  readonly scheduler: JobScheduler;
  readonly generator: JobGenerator;
  checkpointDir: string | undefined;
  /** Where `print()` output goes. */
  out: (text: string) => void;
  /** Where errors and warnings go. */
  err: (text: string) => void;
  private state: StreamingContextState = 'INITIALIZED';
  private firstError: { error: unknown } | undefined;
  private terminationWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private stopping: Promise<void> | undefined;
  private readonly stopHooks: Array<(graceful: boolean) => Promise<void> | void> = [];
  private readonly batchPreparers: Array<(time: Time) => Promise<void>> = [];

  constructor(scOrConf: SparkContext | SparkConf, batchDuration: Duration, options: StreamingContextOptions = {}) {
    if (!(batchDuration instanceof Duration) || batchDuration.milliseconds <= 0) {
      throw invalidArgument(
        `A StreamingContext needs a positive batch duration, got ${String(batchDuration)}.`,
        'Pass one such as Seconds(1) or Milliseconds(500).',
      );
    }
    const sc = scOrConf instanceof SparkConf ? new SparkContext(scOrConf) : scOrConf;
    if (sc.isStopped) {
      throw illegalState(
        'Cannot create a StreamingContext on a stopped SparkContext.',
        'Create a new SparkContext first (and stop earlier StreamingContexts with stop(false) to keep one alive).',
      );
    }
    this.sparkContext = sc;
    this.batchDuration = batchDuration;
    this.clock = options.clock === 'manual' ? new ManualClock() : options.clock === 'system' || options.clock === undefined ? systemClock : options.clock;
    this.out = options.out ?? ((text) => process.stdout.write(text));
    this.err = options.err ?? ((text) => process.stderr.write(text));
    this.graph = new DStreamGraph(batchDuration);
    this.bus = new StreamingListenerBus(this.clock, (text) => this.err(text));
    this.scheduler = new JobScheduler({
      clock: this.clock,
      bus: this.bus,
      concurrentJobs: Math.max(1, sc.conf.getNumber('spark.streaming.concurrentJobs', 1)),
      errorOut: (text) => this.err(text),
      onJobError: (error) => this.reportError(error),
      onBatchCompleted: (time) => this.generator.onBatchCompletion(time),
    });
    this.generator = new JobGenerator(this.clock, batchDuration, this.graph, this.scheduler, this.inputInfoTracker, (t) => this.err(t));
  }

  static getActive(): StreamingContext | undefined {
    return activeContext.get();
  }

  /**
   * Spark's getOrCreate. Closures cannot be read back from disk in JavaScript, so the
   * graph is always rebuilt by `create()`; the checkpoint directory is set on it, and
   * the state kept there (when a checkpoint writer is present) is restored at start.
   */
  static getOrCreate(checkpointPath: string, create: () => StreamingContext): StreamingContext {
    const ssc = create();
    if (!(ssc instanceof StreamingContext)) {
      throw invalidArgument('getOrCreate: the create function must return a StreamingContext.');
    }
    if (ssc.checkpointDir === undefined) ssc.checkpoint(checkpointPath);
    return ssc;
  }

  get conf(): SparkConf {
    return this.sparkContext.conf;
  }

  getState(): StreamingContextState {
    return this.state;
  }

  /** Throws unless streams may still be added (rule 1: not after start, nor after stop). */
  assertGraphEditable(what: string): void {
    if (this.state === 'ACTIVE') {
      throw illegalState(
        `Cannot add ${what} to a StreamingContext that has started: new inputs, transformations and output operations must be defined before start().`,
        'Stop it (ssc.stop(false) keeps the SparkContext), build the pipeline on a new StreamingContext, then start that.',
      );
    }
    if (this.state === 'STOPPED') {
      throw illegalState(`Cannot add ${what} to a stopped StreamingContext.`, 'Create a new StreamingContext for a new pipeline.');
    }
  }

  // ------------------------------------------------------------------ inputs

  queueStream<T>(queue: Array<RDD<T> | T[]>, oneAtATime = true, defaultRDD?: RDD<T>): InputDStream<T> {
    return new QueueInputDStream<T>(this, queue, oneAtATime, defaultRDD);
  }

  union<T>(streams: Array<DStream<T>>): DStream<T> {
    return new UnionDStream<T>(streams);
  }

  /** Spark's `ssc.transform`: each batch, the RDDs of all `streams` (same slide) go to `f`. */
  transform<T>(streams: Array<DStream<unknown>>, f: (rdds: Array<RDD<unknown>>, time: Time) => RDD<T>): DStream<T> {
    return new TransformedDStream<T>(streams, f, 'transform');
  }

  // ------------------------------------------------------------------ configuration

  remember(duration: Duration): void {
    this.graph.remember(duration);
  }

  checkpoint(directory: string): void {
    if (typeof directory !== 'string' || directory.length === 0) {
      throw invalidArgument('checkpoint() needs a directory path.', "For example ssc.checkpoint('/tmp/eddy-checkpoint').");
    }
    fs.mkdirSync(directory, { recursive: true });
    this.checkpointDir = directory;
  }

  addStreamingListener(listener: StreamingListener): void {
    this.bus.addListener(listener);
  }

  removeStreamingListener(listener: StreamingListener): void {
    this.bus.removeListener(listener);
  }

  /** For input sources: run `hook` when the context stops (graceful or not), before jobs drain. */
  addStopHook(hook: (graceful: boolean) => Promise<void> | void): void {
    this.stopHooks.push(hook);
  }

  /**
   * For input sources whose batch depends on I/O (Kafka's latest offsets): on a manual
   * clock, `advance()` awaits `prepare(time)` before generating batch `time`, so a step
   * sees what was written before it. (On other clocks sources keep such state fresh themselves.)
   */
  addBatchPreparer(prepare: (time: Time) => Promise<void>): void {
    this.batchPreparers.push(prepare);
  }

  // ------------------------------------------------------------------ lifecycle

  start(): void {
    if (this.state === 'ACTIVE') return; // Spark: starting twice only warns
    if (this.state === 'STOPPED') {
      throw illegalState('This StreamingContext has been stopped and cannot start again.', 'Create a new StreamingContext.');
    }
    const other = activeContext.get();
    if (other !== undefined && other !== this) {
      throw illegalState(
        'Only one StreamingContext may be active at a time, and another one is running.',
        'Stop it first with StreamingContext.getActive()?.stop(false).',
      );
    }
    if (this.sparkContext.isStopped) {
      throw illegalState('The SparkContext of this StreamingContext has been stopped.', 'Create a new SparkContext and StreamingContext.');
    }
    this.graph.validate();
    this.generator.start(); // initializes and validates every stream (may throw: still INITIALIZED)
    this.state = 'ACTIVE';
    activeContext.set(this);
    for (const input of this.graph.inputStreams) {
      Promise.resolve()
        .then(() => input.start())
        .catch((error) => this.err(`Input stream ${input} failed to start: ${error instanceof Error ? error.message : String(error)}\n`));
    }
    this.bus.post({ type: 'streaming.started', payload: { time: this.clock.now() } });
  }

  /**
   * Manual clock only: moves time forward `batches` batch intervals, generating each batch
   * in order, and resolves once all their jobs and listener events are done.
   */
  async advance(batches = 1): Promise<void> {
    const clock = this.clock;
    if (!(clock instanceof ManualClock)) {
      throw illegalState('advance() needs a manual clock.', "Create the context with { clock: 'manual' } to step batches by hand.");
    }
    if (this.state !== 'ACTIVE') {
      throw illegalState(`advance() needs a started context; this one is ${this.state}.`, 'Call ssc.start() first.');
    }
    if (!Number.isInteger(batches) || batches < 0) {
      throw invalidArgument(`advance() takes a whole number of batches, got ${batches}.`);
    }
    for (let i = 0; i < batches && this.state === 'ACTIVE'; i++) {
      const time = this.generator.nextBatchTime;
      for (const prepare of this.batchPreparers) await prepare(time);
      if (this.state !== 'ACTIVE') break;
      clock.setTime(time.milliseconds);
      await this.scheduler.whenBatchDone(time);
      // One event-loop turn per batch, so that I/O (the REPL, sockets) is served during long runs.
      await yieldToEventLoop();
    }
  }

  async stop(stopSparkContext = this.conf.getBoolean('spark.streaming.stopSparkContextByDefault', true), stopGracefully = false): Promise<void> {
    if (this.stopping === undefined) this.stopping = this.doStop(stopGracefully);
    await this.stopping;
    if (stopSparkContext && !this.sparkContext.isStopped) await this.sparkContext.stop();
  }

  private async doStop(graceful: boolean): Promise<void> {
    const wasActive = this.state === 'ACTIVE';
    if (!wasActive) {
      this.state = 'STOPPED';
      this.finishTermination();
      return;
    }
    try {
      for (const hook of this.stopHooks) await hook(graceful);
      this.generator.stopTimer();
      if (graceful) await this.scheduler.whenIdle();
      else await this.scheduler.cancelPending();
      for (const input of this.graph.inputStreams) await input.stop();
    } catch (error) {
      this.err(`Error while stopping the StreamingContext: ${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      this.state = 'STOPPED';
      activeContext.clear(this);
      this.bus.post({ type: 'streaming.stopped', payload: { time: this.clock.now() } });
      this.finishTermination();
    }
  }

  /** Resolves when the context stops; rejects with the first job error, as Spark's awaitTermination throws it. */
  awaitTermination(): Promise<void> {
    if (this.firstError) return Promise.reject(this.firstError.error);
    if (this.state === 'STOPPED') return Promise.resolve();
    return new Promise((resolve, reject) => this.terminationWaiters.push({ resolve, reject }));
  }

  /** True if the context stopped within `timeoutMs` (real time); rejects with the first job error. */
  awaitTerminationOrTimeout(timeoutMs: number): Promise<boolean> {
    if (this.firstError) return Promise.reject(this.firstError.error);
    if (this.state === 'STOPPED') return Promise.resolve(true);
    return new Promise((resolve, reject) => {
      const cancel = systemClock.schedule(systemClock.now() + timeoutMs, () => {
        this.terminationWaiters = this.terminationWaiters.filter((w) => w !== waiter);
        resolve(false);
      });
      const waiter = {
        resolve: () => {
          cancel();
          resolve(true);
        },
        reject: (e: unknown) => {
          cancel();
          reject(e);
        },
      };
      this.terminationWaiters.push(waiter);
    });
  }

  /** Records a job failure: the first one is what awaitTermination rejects with. */
  reportError(error: unknown): void {
    if (this.firstError === undefined) this.firstError = { error };
    const waiters = this.terminationWaiters.splice(0);
    waiters.forEach((w) => w.reject(error));
  }

  private finishTermination(): void {
    const waiters = this.terminationWaiters.splice(0);
    waiters.forEach((w) => w.resolve());
  }

  /** Time of the most recent batch generated, if any. */
  get lastBatchTime(): Time | undefined {
    return this.generator.lastBatchTime;
  }

  toString(): string {
    return `StreamingContext(${this.batchDuration.toShortString()}, ${this.state})`;
  }
}
