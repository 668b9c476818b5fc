import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLatestCheckpoint } from '../checkpoint/CheckpointStore';
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
import { markSessionOwner, reapDeadSessions, SESSION_DIR_PREFIX } from './reapDeadSessions';
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

/** Taken by a front before it runs a code input (`inputMark()`), handed back once it ran (`recordInput`). */
export interface InputMark {
  readonly ssc: StreamingContext;
  /** ssc was not started yet when the input began: the input may define its pipeline. */
  readonly defining: boolean;
}

/** What `recoverContext` did. */
export interface RecoveryReport {
  ssc: StreamingContext;
  /** The checkpoint file recovered from; undefined when the directory held none (a fresh context, as getOrCreate). */
  checkpointFile: string | undefined;
  /** Batch time of that checkpoint (ms). */
  checkpointTimeMs: number | undefined;
  /** How many definition cells were replayed. */
  cells: number;
  /** A replayed cell called ssc.start(), so the recovered context was started. */
  started: boolean;
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
  private definitionCells: string[] = [];

  constructor(options: SessionOptions = {}) {
    this.out = options.out ?? ((text) => process.stdout.write(text));
    this.err = options.err ?? ((text) => process.stderr.write(text));
    this.master = options.master ?? 'local[*]';
    this.appName = options.appName ?? 'eddy-repl';
    if (options.interrupts !== false) armInterrupts();
    const root = options.tmpRoot ?? os.tmpdir();
    reapDeadSessions(root);
    this.dir = fs.mkdtempSync(path.join(root, SESSION_DIR_PREFIX));
    markSessionOwner(this.dir);
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
    this.swapIn(this.makeContext(batchDuration, manual));
    return this.ssc;
  }

  /**
   * The code inputs that defined the current context's pipeline, in order: those that ran
   * without error while it was not started yet (Spark allows no new streams after start).
   * `:new --recover` replays them; a new context starts an empty list.
   */
  get definitions(): readonly string[] {
    return this.definitionCells;
  }

  /** Fronts call this right before running a code input, and `recordInput` once it ran without error. */
  inputMark(): InputMark {
    return { ssc: this.ssc, defining: this.ssc.getState() === 'INITIALIZED' };
  }

  /** Records `code` as a definition cell when it began before ssc started and ssc is still the same context. */
  recordInput(code: string, mark: InputMark): void {
    if (mark.defining && mark.ssc === this.ssc && code.trim() !== '') this.definitionCells.push(code.trim());
  }

  /**
   * `:new --recover <dir>`: Spark's `StreamingContext.getOrCreate(directory, create)` where
   * create() is the session's own pipeline. The current context is stopped (stop(false),
   * so its last checkpoint is written), a new one is made on `directory` with the
   * checkpoint's batch duration, and `replay` runs the recorded definition cells on it
   * (with `ssc`, `lines` bound to it; a cell's `ssc.start()` is held until the end). Then
   * getOrCreate checks the graph against the checkpoint and, on start, restores state and
   * input positions and re-runs the batches pending at the checkpoint.
   *
   * Throws `invalid-argument` when `directory` does not exist or is not a directory, or no
   * definition cell was recorded; getOrCreate's `checkpoint-unreadable` and
   * `checkpoint-mismatch` errors pass through, and then ssc is a fresh context (as `:new`)
   * so that nothing writes into `directory`. A replayed cell that fails fails the recovery
   * the same way (`replay` rejects).
   */
  async recoverContext(directory: string, replay: (cells: readonly string[]) => Promise<void>, options: { manual?: boolean } = {}): Promise<RecoveryReport> {
    const dir = path.resolve(directory);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dir);
    } catch {
      stat = undefined;
    }
    if (stat === undefined || !stat.isDirectory()) {
      throw invalidArgument(
        `${stat === undefined ? 'There is no checkpoint directory' : 'Not a directory:'} ${dir}.`,
        `Give the folder passed to ssc.checkpoint() (:status shows ssc's), e.g. :new --recover ${this.ssc.checkpointDir ?? '/tmp/eddy-checkpoint'}.`,
      );
    }
    const cells = [...this.definitionCells];
    if (cells.length === 0) {
      throw invalidArgument(
        `Nothing to recover with: no input defined the pipeline of ${this.ssc} (definition cells are the inputs run before ssc.start(), since the last :new).`,
        'Define the pipeline as it was when the checkpoint was written (without starting ssc), then :new --recover again.',
      );
    }
    let batchDuration = this.ssc.batchDuration;
    const manual = options.manual ?? this.isManual;
    // Stopped first: its last checkpoint writes are done when stop() resolves (it may be `dir`'s writer).
    await this.ssc.stop(false);
    if (this.sc.isStopped) this.sc = this.makeSparkContext();
    // why hold start: getOrCreate must see the graph before the context starts, and a
    // replayed `ssc.start()` would start it unrecovered.
    let startAsked = false;
    let saved: ReturnType<typeof readLatestCheckpoint>;
    let ssc: StreamingContext;
    try {
      saved = readLatestCheckpoint(dir, (text) => this.err(text));
      if (saved !== undefined) batchDuration = new Duration(saved.record.batchDurationMs);
      this.swapIn(this.makeContext(batchDuration, manual, dir));
      const built = this.ssc;
      Object.defineProperty(built, 'start', { configurable: true, value: () => void (startAsked = true) });
      try {
        await replay(cells);
      } finally {
        delete (built as { start?: unknown }).start;
      }
      ssc = StreamingContext.getOrCreate(dir, () => built);
    } catch (error) {
      await this.newContext({ batchDuration, manual });
      throw error;
    }
    if (startAsked) ssc.start();
    return { ssc, checkpointFile: saved?.file, checkpointTimeMs: saved?.record.checkpointTimeMs, cells: cells.length, started: startAsked };
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
    this.sc = this.makeSparkContext();
    this.swapIn(this.makeContext(batchDuration, manual));
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

  /** Makes `next` the session's context (its definition cells start empty) and tells the fronts. */
  private swapIn(next: { ssc: StreamingContext; lines: InputDStream<string>; stats: SessionStats }): void {
    this.stats.dispose();
    this.ssc = next.ssc;
    this.lines = next.lines;
    this.stats = next.stats;
    this.definitionCells = [];
    this.changed();
  }

  private makeContext(batchDuration: Duration, manual: boolean, checkpointDir?: string): { ssc: StreamingContext; lines: InputDStream<string>; stats: SessionStats } {
    this.contexts++;
    const ssc = new StreamingContext(this.sc, batchDuration, {
      clock: manual ? 'manual' : 'system',
      out: (text) => this.out(text),
      err: (text) => this.err(text),
    });
    ssc.checkpoint(checkpointDir ?? path.join(this.dir, `checkpoint-${this.contexts}`));
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
