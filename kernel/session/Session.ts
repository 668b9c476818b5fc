import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SparkConf } from '../conf/SparkConf';
import { SparkContext } from '../core/SparkContext';
import type { InputDStream } from '../dstream/InputDStream';
import { invalidArgument } from '../errors/EddyError';
import { abandonOnInterrupt, armInterrupts, interrupt, runInterruptibly } from '../interrupt/interrupts';
import { closePGlite } from '../postgres/PGliteDatabase';
import { runSql } from '../postgres/runSql';
import type { SqlResult } from '../postgres/SqlDatabase';
import { ALLOW_UNRECOVERABLE_INPUTS } from '../streaming/ContextCheckpointing';
import { StreamingContext } from '../streaming/StreamingContext';
import { activeContext } from '../streaming/activeContext';
import { Duration, Seconds } from '../util/Duration';
import { describeGraph } from './describeGraph';
import { attachSampleLines } from './sampleLines';
import { SessionStats } from './SessionStats';
import type { SessionStatus } from './SessionStatus';
import { stepBatches, type StepReport } from './stepBatches';

export interface SessionOptions {
  /** Spark master of the session's SparkContext (default `local[*]`). */
  master?: string;
  appName?: string;
  /** Batch interval of the first StreamingContext (default 1 s). */
  batchDuration?: Duration;
  /** Start on a manual clock (`advance`/`:step`) instead of the system clock. */
  manual?: boolean;
  /** Parent of the per-session temporary folder (default the OS temp dir). */
  tmpRoot?: string;
  /** Where `print()` output goes (stdout by default); may be changed later. */
  out?: (text: string) => void;
  /** Where errors go (stderr by default); may be changed later. */
  err?: (text: string) => void;
  /** Arm interrupts (`interrupt()`, SIGINT stopping runaway user code); default true. */
  interrupts?: boolean;
}

export interface NewContextOptions {
  batchDuration?: Duration;
  manual?: boolean;
}

/**
 * The kernel side of one interactive session: a SparkContext that outlives any number of
 * StreamingContexts, the current `ssc` (with a checkpoint directory of its own under the
 * session's temporary folder, so windows and state work at once), the built-in sample
 * stream `lines`, and figures for `:status`. The REPL only calls it and listens to it.
 */
export class Session {
  sc: SparkContext;
  ssc: StreamingContext;
  /** The built-in sample stream of the current context. */
  lines: InputDStream<string>;
  /** This session's temporary folder (checkpoints live under it); removed by close(). */
  readonly dir: string;
  /**
   * The session's SQL database, a connection for saveToPostgres: `'pglite:<dir>/pglite'`
   * (PGlite in the session folder). Nothing opens it until a sink or `sql()` uses it.
   */
  readonly database: string;
  out: (text: string) => void;
  err: (text: string) => void;
  private stats: SessionStats;
  private contexts = 0;
  private readonly master: string;
  private readonly appName: string;
  private readonly changeListeners = new Set<() => void>();

  constructor(options: SessionOptions = {}) {
    this.out = options.out ?? ((text) => process.stdout.write(text));
    this.err = options.err ?? ((text) => process.stderr.write(text));
    this.master = options.master ?? 'local[*]';
    this.appName = options.appName ?? 'eddy-repl';
    if (options.interrupts !== false) armInterrupts();
    this.dir = fs.mkdtempSync(path.join(options.tmpRoot ?? os.tmpdir(), 'eddy-session-'));
    this.database = `pglite:${path.join(this.dir, 'pglite')}`;
    this.sc = this.makeSparkContext();
    const { ssc, lines, stats } = this.makeContext(options.batchDuration ?? Seconds(1), options.manual ?? false);
    this.ssc = ssc;
    this.lines = lines;
    this.stats = stats;
  }

  /** Calls `fn` whenever `sc`, `ssc` or `lines` is replaced; returns its remover. */
  onChange(fn: () => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  /**
   * Interrupts what runs now, as Ctrl-C does; the one call every front makes (the REPL on
   * Ctrl-C while an input runs, the Jupyter kernel on `interrupt_request` or SIGINT).
   *
   * - Awaits wrapped by `interruptible()` (a cell's or input's awaited value:
   *   `awaitTermination()`, a long `collect()`) reject at once with `InterruptedError`
   *   (`kernel/interrupt/InterruptedError.ts`, code `interrupted`).
   * - Every running batch job is abandoned: its output operation fails with an
   *   `InterruptedError` naming the batch and the stream (`batch 3000 ms: print of ...`), the
   *   batch's later jobs are skipped, and `ssc` is stopped with `stop(false)`.
   * - Synchronous runaway code (`while (true) {}` in an input or inside a batch's user
   *   function) blocks the thread, so this method cannot run then: a SIGINT to the process
   *   stops it instead (fronts run inputs through `runInterruptibly`; the kernel runs every
   *   task that way), with the same errors. A Jupyter kernelspec's default
   *   `interrupt_mode: 'signal'` sends exactly that SIGINT.
   *
   * `sc`, the user's variables and the session stay. Returns how many awaits and jobs were
   * interrupted (0: nothing was running).
   */
  interrupt(): number {
    return interrupt('interrupt');
  }

  /** `promise`, or an `InterruptedError(what)` rejection when `interrupt()` is called first. */
  interruptible<T>(promise: Promise<T>, what = 'the awaited result'): Promise<T> {
    return abandonOnInterrupt(promise, what);
  }

  /**
   * Runs user code synchronously so that a SIGINT stops it with an `InterruptedError(what)`
   * (a front evaluating an input or a cell). A promise `fn` returns is returned as is.
   */
  runInterruptibly<T>(fn: () => T, what = 'the input'): T {
    return runInterruptibly(fn, what);
  }

  /**
   * Makes the context the user names now the session's own, so commands (`:step`,
   * `:status`, `:graph`, `:stop`, `:new`, `:dash`) act on it, however it was made: `named`
   * (what `ssc` holds in the user's scope) when it is a StreamingContext, else the active
   * context (`StreamingContext.getActive()`), else the current one stays. `sc` becomes the
   * context's SparkContext; `lines` stays the sample stream of the context that made it.
   * Figures for `:status` count from the moment a context is followed.
   */
  follow(named: unknown): StreamingContext {
    const next = named instanceof StreamingContext ? named : activeContext.get();
    if (next === undefined || next === this.ssc) return this.ssc;
    this.stats.dispose();
    this.contexts++;
    this.ssc = next;
    this.sc = next.sparkContext;
    this.stats = this.watch(next);
    this.changed();
    return next;
  }

  get isManual(): boolean {
    return this.ssc.isManualClock;
  }

  /**
   * Stops the current StreamingContext with stop(false), keeping `sc`, and makes the next
   * one. Without options it repeats the current interval and clock. A stopped `sc`
   * (after `stopAll`) is replaced by a fresh one.
   */
  async newContext(options: NewContextOptions = {}): Promise<StreamingContext> {
    const given = options.batchDuration !== undefined || options.manual !== undefined;
    const batchDuration = options.batchDuration ?? this.ssc.batchDuration;
    if (!(batchDuration instanceof Duration) || batchDuration.milliseconds <= 0) {
      throw invalidArgument(`A batch interval must be a positive duration, got ${String(batchDuration)}.`, 'For example :new 500ms or :new 2s.');
    }
    const manual = given ? options.manual === true : this.isManual;
    await this.ssc.stop(false);
    if (this.sc.isStopped) this.sc = this.makeSparkContext();
    this.stats.dispose();
    const next = this.makeContext(batchDuration, manual);
    this.ssc = next.ssc;
    this.lines = next.lines;
    this.stats = next.stats;
    this.changed();
    return this.ssc;
  }

  /** Stops the current StreamingContext and keeps `sc` (stop(false)). */
  async stopContext(graceful = false): Promise<void> {
    await this.ssc.stop(false, graceful);
  }

  /** Stops the StreamingContext and the SparkContext. */
  async stopAll(): Promise<void> {
    await this.ssc.stop(true);
  }

  /** A fresh core: stops everything, clears the active-context registry, makes a new `sc` and `ssc`. */
  async restart(options: NewContextOptions = {}): Promise<void> {
    const batchDuration = options.batchDuration ?? this.ssc.batchDuration;
    const manual = options.manual ?? this.isManual;
    await this.stopAll();
    activeContext.clear();
    this.stats.dispose();
    this.sc = this.makeSparkContext();
    const next = this.makeContext(batchDuration, manual);
    this.ssc = next.ssc;
    this.lines = next.lines;
    this.stats = next.stats;
    this.changed();
  }

  /** Ends the session: stops everything and removes the temporary folder. */
  async close(): Promise<void> {
    try {
      await this.stopAll();
    } finally {
      this.stats.dispose();
      await closePGlite(this.database).catch(() => undefined);
      await fsp.rm(this.dir, { recursive: true, force: true });
    }
  }

  /** Runs SQL statements on the session database (opened on first use); one result per statement. */
  sql(script: string): Promise<SqlResult[]> {
    return runSql(this.database, script);
  }

  /** Manual clock only: runs `n` batches and reports what each stream produced in each. */
  step(n = 1): Promise<StepReport> {
    if (!this.isManual) {
      throw invalidArgument(`:step needs a manual clock; this context runs on the system clock.`, 'Make one with :new 1s --manual.');
    }
    if (!Number.isInteger(n) || n < 1) throw invalidArgument(`:step takes a positive whole number of batches, got ${n}.`, 'For example :step 3.');
    return stepBatches(this.ssc, n);
  }

  /** The active context's DStream graph as a tree, with what each stream remembers now. */
  graph(): string {
    return describeGraph(this.ssc);
  }

  status(): SessionStatus {
    const ssc = this.ssc;
    const last = this.stats.lastBatch;
    return {
      state: ssc.getState(),
      batchMs: ssc.batchDuration.milliseconds,
      clock: this.isManual ? 'manual' : 'system',
      clockTime: ssc.clock.now(),
      checkpointDir: ssc.checkpointDir,
      lastCheckpoint: ((w) => w && { time: w.timeMs, writtenAt: w.writtenAtMs, bytes: w.bytes })(ssc.checkpointing.lastWrite),
      sessionDir: this.dir,
      master: this.sc.master,
      sparkContextStopped: this.sc.isStopped,
      contextNumber: this.contexts,
      inputs: ssc.graph.inputStreams.map((s) => s.toString()),
      outputs: ssc.graph.outputStreams.length,
      receivers: [...this.stats.receivers.values()],
      batchesCompleted: this.stats.batchesCompleted,
      batchesFailed: this.stats.batchesFailed,
      recordsTotal: this.stats.recordsTotal,
      pendingBatches: ssc.scheduler.pendingBatches().length,
      lastBatch: last && {
        time: last.batchTime.milliseconds,
        numRecords: last.numRecords,
        schedulingDelay: last.schedulingDelay,
        processingDelay: last.processingDelay,
        totalDelay: last.totalDelay,
      },
    };
  }

  private makeSparkContext(): SparkContext {
    // why: the session's checkpoint directory is there so windows and state work at once, not
    // to recover the session later; queue streams (its own `lines`, the user's) must still start.
    const conf = new SparkConf().setAppName(this.appName).setMaster(this.master).set(ALLOW_UNRECOVERABLE_INPUTS, 'true');
    return new SparkContext(conf);
  }

  private makeContext(batchDuration: Duration, manual: boolean): { ssc: StreamingContext; lines: InputDStream<string>; stats: SessionStats } {
    this.contexts++;
    const ssc = new StreamingContext(this.sc, batchDuration, {
      clock: manual ? 'manual' : 'system',
      out: (text) => this.out(text),
      err: (text) => this.err(text),
    });
    ssc.checkpoint(path.join(this.dir, `checkpoint-${this.contexts}`));
    return { ssc, lines: attachSampleLines(ssc), stats: this.watch(ssc) };
  }

  /** Figures for `:status`, and stop(false) after an interrupted batch (its user code runs away: later batches would too). */
  private watch(ssc: StreamingContext): SessionStats {
    ssc.addStreamingListener({
      onOutputOperationCompleted: ({ outputOperationInfo }) => {
        if (outputOperationInfo.failureReason?.startsWith('InterruptedError') !== true || ssc.getState() !== 'ACTIVE') return;
        this.err(`ssc is stopped with stop(false) after batch ${outputOperationInfo.batchTime} was interrupted; sc and your variables are kept. :new makes the next context.\n`);
        void ssc.stop(false).catch((error: unknown) => this.err(`Stopping ssc failed: ${String(error)}\n`));
      },
    });
    return new SessionStats(ssc.bus);
  }

  private changed(): void {
    for (const fn of [...this.changeListeners]) fn();
  }
}
