import type { Clock } from '../clock/Clock';
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
import { BatchStepper } from './BatchStepper';
import { chooseClock, type ClockOption } from './ContextClock';
import { ContextCheckpointing } from './ContextCheckpointing';
import { getOrCreateContext } from './getOrCreate';
import { ContextLifecycle, type StreamingContextState } from './ContextLifecycle';
import { TerminationWaiter } from './TerminationWaiter';

export type { StreamingContextState } from './ContextLifecycle';

export interface StreamingContextOptions {
  /** `'manual'` for a ManualClock moved by `advance()`, `'system'` (default), or a Clock of your own. */
  clock?: ClockOption;
  /** Where `print()` writes (stdout by default). */
  out?: (text: string) => void;
  /** Where errors and warnings are written (stderr by default). */
  err?: (text: string) => void;
}

/**
 * The entry point of streaming: owns the DStream graph, the job generator and scheduler,
 * the listener bus and the clock. One batch every `batchDuration`; each batch is an RDD
 * per stream. Lifecycle: INITIALIZED → ACTIVE → STOPPED, never back.
 *
 * A façade over one module per job: `ContextClock` (which clock), `ContextLifecycle`
 * (start/stop), `BatchStepper` (advance on a manual clock), `TerminationWaiter`
 * (awaitTermination) and `ContextCheckpointing` (checkpoint directory).
 */
export class StreamingContext {
  readonly sparkContext: SparkContext;
  readonly graph: DStreamGraph;
  readonly clock: Clock;
  /** True when batches are stepped by hand with `advance()` (the manual clock). */
  readonly isManualClock: boolean;
  readonly batchDuration: Duration;
  readonly bus: StreamingListenerBus;
  readonly inputInfoTracker = new InputInfoTracker();
  readonly scheduler: JobScheduler;
  readonly generator: JobGenerator;
  /** Where `print()` output goes. */
  out: (text: string) => void;
  /** Where errors and warnings go. */
  err: (text: string) => void;
  readonly stepper: BatchStepper;
  readonly checkpointing: ContextCheckpointing;
  private readonly lifecycle: ContextLifecycle;
  private readonly termination = new TerminationWaiter();

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
    const chosen = chooseClock(options.clock);
    this.clock = chosen.clock;
    this.isManualClock = chosen.manual !== undefined;
    this.out = options.out ?? ((text) => process.stdout.write(text));
    this.err = options.err ?? ((text) => process.stderr.write(text));
    this.graph = new DStreamGraph(batchDuration);
    this.bus = new StreamingListenerBus(this.clock, (text) => this.err(text));
    this.scheduler = new JobScheduler({
      clock: this.clock,
      stamps: chosen.stamps,
      bus: this.bus,
      concurrentJobs: Math.max(1, sc.conf.getNumber('spark.streaming.concurrentJobs', 1)),
      errorOut: (text) => this.err(text),
      onJobError: (error) => this.reportError(error),
      onBatchCompleted: (time) => this.generator.onBatchCompletion(time),
    });
    this.generator = new JobGenerator(this.clock, batchDuration, this.graph, this.scheduler, this.inputInfoTracker, (t) => this.err(t));
    this.checkpointing = new ContextCheckpointing(this);
    this.stepper = new BatchStepper(chosen.manual, this.generator, this.scheduler, () => this.lifecycle.current);
    this.lifecycle = new ContextLifecycle({
      context: this,
      sparkContext: sc,
      clock: this.clock,
      graph: this.graph,
      generator: this.generator,
      scheduler: this.scheduler,
      bus: this.bus,
      termination: this.termination,
      checkpointing: this.checkpointing,
      stepper: this.stepper,
      err: (text) => this.err(text),
    });
  }

  static getActive(): StreamingContext | undefined {
    return activeContext.get();
  }

  /**
   * Spark's getOrCreate: `create()` when `checkpointPath` holds no checkpoint; otherwise
   * `create()` rebuilds the graph (closures are not stored), its shape is checked against
   * the checkpoint's, and `start()` restores state and input positions and first re-runs
   * the batches pending at the crash, with their original times. See getOrCreate.ts.
   */
  static getOrCreate(checkpointPath: string, create: () => StreamingContext): StreamingContext {
    return getOrCreateContext(checkpointPath, create, (x): x is StreamingContext => x instanceof StreamingContext);
  }

  get conf(): SparkConf {
    return this.sparkContext.conf;
  }

  getState(): StreamingContextState {
    return this.lifecycle.current;
  }

  /** The checkpoint directory set with `checkpoint(dir)`, if any. */
  get checkpointDir(): string | undefined {
    return this.checkpointing.directory;
  }

  /** Throws unless streams may still be added (rule 1: not after start, nor after stop). */
  assertGraphEditable(what: string): void {
    const state = this.lifecycle.current;
    if (state === 'ACTIVE') {
      throw illegalState(
        `Cannot add ${what} to a StreamingContext that has started: new inputs, transformations and output operations must be defined before start().`,
        'Stop it (ssc.stop(false) keeps the SparkContext), build the pipeline on a new StreamingContext, then start that.',
      );
    }
    if (state === 'STOPPED') {
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
    this.checkpointing.setDirectory(directory);
  }

  addStreamingListener(listener: StreamingListener): void {
    this.bus.addListener(listener);
  }

  removeStreamingListener(listener: StreamingListener): void {
    this.bus.removeListener(listener);
  }

  /** For input sources: run `hook` when the context stops (graceful or not), before jobs drain. */
  addStopHook(hook: (graceful: boolean) => Promise<void> | void): void {
    this.lifecycle.addStopHook(hook);
  }

  /**
   * For input sources whose batch depends on I/O (Kafka's latest offsets): on a manual
   * clock, `advance()` awaits `prepare(time)` before generating batch `time`, so a step
   * sees what was written before it. (On other clocks sources keep such state fresh themselves.)
   */
  addBatchPreparer(prepare: (time: Time) => Promise<void>): void {
    this.stepper.addPreparer(prepare);
  }

  // ------------------------------------------------------------------ lifecycle

  start(): void {
    this.lifecycle.start();
  }

  /**
   * Manual clock only: moves time forward `batches` batch intervals, generating each batch
   * in order, and resolves once all their jobs and listener events are done.
   */
  advance(batches = 1): Promise<void> {
    return this.stepper.advance(batches);
  }

  async stop(stopSparkContext = this.conf.getBoolean('spark.streaming.stopSparkContextByDefault', true), stopGracefully = false): Promise<void> {
    await this.lifecycle.stop(stopGracefully);
    if (stopSparkContext && !this.sparkContext.isStopped) await this.sparkContext.stop();
  }

  /** Resolves when the context stops; rejects with the first job error, as Spark's awaitTermination throws it. */
  awaitTermination(): Promise<void> {
    return this.termination.wait();
  }

  /** True if the context stopped within `timeoutMs` (real time); rejects with the first job error. */
  awaitTerminationOrTimeout(timeoutMs: number): Promise<boolean> {
    return this.termination.waitOrTimeout(timeoutMs);
  }

  /** Records a job failure: the first one is what awaitTermination rejects with. */
  reportError(error: unknown): void {
    this.termination.notifyError(error);
  }

  /** Time of the most recent batch generated, if any. */
  get lastBatchTime(): Time | undefined {
    return this.generator.lastBatchTime;
  }

  toString(): string {
    return `StreamingContext(${this.batchDuration.toShortString()}, ${this.lifecycle.current})`;
  }
}
