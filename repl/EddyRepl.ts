import * as os from 'node:os';
import * as path from 'node:path';
import * as repl from 'node:repl';
import * as vm from 'node:vm';
import * as kernel from '../kernel';
import { EddyError, Session, lastInterruptTime, type Duration, type StepReport } from '../kernel';
import { formatUserError } from '../kernel/errors/formatUserError';
import { banner } from './banner';
import { BackgroundChecker } from './check/BackgroundChecker';
import { formatWarning, type InputWarning } from './check/InputWarning';
import { COMMANDS, runCommand, type CommandHost } from './commands';
import { dash } from './dash';
import { complete } from './complete';
import { compileInput, type TypeScriptCompiler } from './compileInput';
import { formatReplError } from './formatReplError';
import { formatValue } from './formatValue';
import { linkDashboard, outputTap } from './dashboardLink';
import { TerminalWriter } from './TerminalWriter';
import { watchTerminalForRunaways } from './terminalInterrupts';
import { keepHistory } from './historyFile';
import { renderTimeline } from './renderTimeline';

export interface EddyReplOptions {
  /** ts-node's compiler service (`register()` or `create()` with transpileOnly). */
  compiler: TypeScriptCompiler;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Where batch errors go; stderr when output is stdout, else output. */
  errorOutput?: NodeJS.WritableStream;
  terminal?: boolean;
  /** History file; EDDY_HISTORY or ~/.eddy_history by default, '' for none. */
  historyFile?: string;
  batchDuration?: Duration;
  manual?: boolean;
  master?: string;
  showBanner?: boolean;
}

/** The result of running one input: whether it was accepted, and its value. */
export type EvalOutcome = { ok: true; value: unknown } | { ok: false };

const FILE_NAME = path.join(process.cwd(), '[eddy].ts');
/** How long closing the session may take before the process exits anyway (ms). */
const SHUTDOWN_GRACE_MS = 3000;

/**
 * The `eddy> ` loop: node:repl for line editing, history and completion; its own eval
 * (TypeScript through ts-node's compiler service, top-level await, re-declarable
 * const/let), `:` commands, and one Session holding `sc`, `ssc` and `lines`. The loop
 * outlives any error in user code: a throwing line, a rejected promise, or a failing batch.
 */
export class EddyRepl implements CommandHost {
  readonly session: Session;
  readonly server: repl.REPLServer;
  /** Inputs that ran without error, and state-changing commands, in order (for :save). */
  readonly accepted: string[] = [];
  private busy = 0;
  /** Complete inputs accepted by onInput and not yet finished (busy counts only the running one). */
  private pending = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** True while node's REPL is collecting the lines of one multi-line input. */
  private collecting = false;
  private readonly held: Array<() => void> = [];
  /** A complete input held until the lines pasted with it are read (see takeLeadingDots). */
  private chain: HeldInput | undefined;
  /** What bindContext last put in scope, by name. */
  private readonly bound = new Map<string, unknown>();
  private readonly output: NodeJS.WritableStream;
  private readonly writer: TerminalWriter;
  private readonly baseNames: Set<string>;
  private readonly colors: boolean;
  /** The type check of each input (misused Promises, "did you mean"), off the REPL's thread. */
  private readonly checker = new BackgroundChecker((code, warnings) => this.showWarnings(code, warnings));

  constructor(private readonly options: EddyReplOptions) {
    const output = options.output ?? process.stdout;
    const errStream = options.errorOutput ?? (output === process.stdout ? process.stderr : output);
    const terminal = options.terminal ?? (output as NodeJS.WriteStream).isTTY === true;
    this.colors = terminal && process.env.NO_COLOR === undefined;
    let server: repl.REPLServer | undefined;
    this.writer = new TerminalWriter(output, errStream, () => server, () => this.busy === 0 && this.pending === 0);
    this.output = this.writer.terminal;
    this.session = new Session({
      batchDuration: options.batchDuration,
      manual: options.manual,
      master: options.master,
      out: (text) => this.writer.write('out', text),
      err: (text) => this.writer.write('err', text),
    });
    if (options.showBanner !== false) this.output.write(banner(this.session));
    server = repl.start({
      prompt: 'eddy> ',
      input: options.input ?? process.stdin,
      output: this.output,
      terminal,
      // why: user code runs in the kernel's realm, so its Errors, Promises and arrays pass the kernel's instanceof checks
      useGlobal: true,
      ignoreUndefined: true,
      preview: false,
      eval: (cmd, _context, _file, callback) => this.onInput(cmd, callback),
      writer: (value: unknown) => formatValue(value, this.colors),
      completer: (line: string) => complete(line, this.server.context, COMMANDS.map((c) => c.name)),
    });
    this.server = server;
    this.baseNames = new Set(Object.keys(server.context));
    this.bindContext(true);
    this.session.onChange(() => this.bindContext(false));
    server.on('reset', () => this.bindContext(true));
    this.takeCtrlC(server);
    this.takeStrayErrors(server);
    this.takeLeadingDots(server);
    if (process.env.EDDY_TYPECHECK === 'off') this.checker.close();
    const stopWatching = terminal ? watchTerminalForRunaways() : () => undefined;
    // After the prompt is up: the dashboard link needs no blessed, but it need not delay the prompt either.
    let unlinkDashboard: () => Promise<void> = async () => {};
    setImmediate(() => {
      unlinkDashboard = linkDashboard(this.session, (text) => this.session.err(text));
      this.checker.warmUp();
    });
    if (terminal) this.writer.install();
    this.shutdown = (code) => {
      stopWatching();
      this.writer.uninstall();
      this.checker.close();
      // why: a context that does not stop (a batch awaiting forever) must not keep a closing session alive.
      setTimeout(() => process.exit(code), SHUTDOWN_GRACE_MS).unref();
      void unlinkDashboard()
        .catch(() => undefined)
        .then(() => this.session.close())
        .finally(() => process.exit(code));
    };
    server.on('exit', () => this.shutdown(0));
    const history = options.historyFile ?? process.env.EDDY_HISTORY ?? path.join(os.homedir(), '.eddy_history');
    if (terminal && history !== '') keepHistory(server, history);
  }

  /**
   * Ends the session and the process with `code`: the dashboard server (its socket and
   * registry entry), the contexts and the session folder go first, for at most
   * SHUTDOWN_GRACE_MS. `.exit`, Ctrl-D, SIGTERM and SIGHUP end here.
   */
  shutdown: (code: number) => void;

  /** Prints a line above the prompt (commands' output). */
  print(text: string): void {
    this.writer.write('out', text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Reports an error from user code: its message and the user's own stack frames. */
  printError(error: unknown, prefix = 'Uncaught '): void {
    this.print(`${prefix}${formatReplError(error)}`);
  }

  /**
   * Reports an error thrown or rejected outside any input (a timer's callback, a promise
   * nobody awaited), above the prompt; the session goes on.
   */
  reportBackgroundError(error: unknown): void {
    const text = error instanceof EddyError ? error.message : formatUserError(error);
    this.session.err(`Uncaught (in the background) ${text}\n`);
  }

  /** Shows a value as the prompt would. */
  printValue(value: unknown): void {
    if (value !== undefined) this.print(formatValue(value, this.colors));
  }

  /** Draws what `:step` ran as text lanes that fit the terminal. */
  showTimeline(report: StepReport): void {
    this.print(renderTimeline(report, (this.server.output as NodeJS.WriteStream).columns ?? 100));
  }

  showDashboard(mode: string): Promise<void> {
    return dash(mode, this);
  }

  /** Runs one input of code (not a command); records it when it succeeds. */
  async evaluate(code: string): Promise<EvalOutcome> {
    this.busy++;
    this.checker.check(code);
    const mark = this.session.inputMark();
    try {
      const compiled = compileInput(code, this.options.compiler, FILE_NAME);
      if (compiled.kind === 'incomplete') throw new SyntaxError('Unexpected end of input');
      let value: unknown = this.session.runInterruptibly(() => vm.runInThisContext(compiled.code, { filename: 'eddy-repl', displayErrors: false }), 'the input');
      if (compiled.isAsync) value = await this.session.interruptible(value as Promise<unknown>, 'the input (its await was abandoned)');
      this.accepted.push(code.trim());
      this.checker.accept(code);
      this.session.recordInput(code, mark);
      return { ok: true, value };
    } catch (error) {
      this.printError(error);
      return { ok: false };
    } finally {
      this.busy--;
    }
  }

  /** The type check's warnings for an input that already ran, above the prompt. */
  private showWarnings(code: string, warnings: InputWarning[]): void {
    const lines = code.trim().split('\n').length;
    const context = this.server.context as Record<string, unknown>;
    for (const w of warnings) if (w.unknownName === undefined || !(w.unknownName in context)) this.session.err(formatWarning(w, lines));
  }

  /** Runs a `:` command line; false when it failed. */
  async command(line: string): Promise<boolean> {
    this.busy++;
    try {
      const recorded = await this.session.interruptible(runCommand(line, this), line.trim().split(/\s+/)[0]);
      if (recorded) this.accepted.push(`// ${line.trim()}`);
      return true;
    } catch (error) {
      this.printError(error, '');
      return false;
    } finally {
      this.busy--;
    }
  }

  namedContext(): unknown {
    return (this.server.context as Record<string, unknown>).ssc;
  }

  /** Names the user defined (everything in scope that the REPL did not put there). */
  userNames(): string[] {
    const ours = new Set(['sc', 'ssc', 'lines', 'session', 'db', ...Object.keys(kernel)]);
    return Object.keys(this.server.context).filter((n) => !this.baseNames.has(n) && !ours.has(n));
  }

  /** Drops the user's variables (`:restart --clear`). */
  clearUserNames(): void {
    for (const n of this.userNames()) delete (this.server.context as Record<string, unknown>)[n];
  }

  /**
   * node:repl's eval. Incomplete input is known at once, so node keeps collecting lines;
   * complete inputs run one after another even when lines arrive faster than they finish.
   * why: node clears its multi-line buffer whenever an eval calls back, so an earlier
   * input finishing while the user is typing a multi-line one is held until that one is done.
   */
  private onInput(cmd: string, callback: (err: Error | null, result?: unknown) => void): void {
    if (this.chain?.open === true) {
      this.continueChain(cmd);
      return;
    }
    if (needsMoreLines(cmd, this.options.compiler)) {
      this.collecting = true;
      callback(new repl.Recoverable(new SyntaxError('Unexpected end of input')));
      return;
    }
    // node would prepend its multi-line buffer to the next line until this input calls back
    this.server.clearBufferedCommand();
    this.finishCollecting();
    this.pending++;
    this.releaseChain();
    // Held for the rest of this tick: lines pasted with it that start with a dot continue it.
    const chain: HeldInput = { code: cmd, callback, open: false };
    this.chain = chain;
    setImmediate(() => {
      if (this.chain === chain && !chain.open) this.releaseChain();
    });
  }

  /** Queues the held input: complete inputs run one after another even when lines arrive faster than they finish. */
  private releaseChain(): void {
    const chain = this.chain;
    if (chain === undefined) return;
    this.chain = undefined;
    const run = this.queue.then(() => this.handle(chain.code));
    this.queue = run.catch(() => undefined);
    const done = (box: { value: unknown } | undefined): void => {
      this.pending--;
      const call = (): void => chain.callback(null, box?.value);
      if (this.collecting) this.held.push(call);
      else call();
    };
    run.then(done, () => done(undefined));
  }

  /** Appends a line to the held input (a pasted `.flatMap(...)` line, or a line of a chain still open). */
  private continueChain(line: string): void {
    const chain = this.chain as HeldInput;
    chain.code = `${chain.code.replace(/\n?$/, '\n')}${line.replace(/\n?$/, '\n')}`;
    chain.open = needsMoreLines(chain.code, this.options.compiler);
    if (!chain.open) setImmediate(() => this.chain === chain && this.releaseChain());
  }

  /**
   * Lines that start with a dot: node's REPL takes them as its own keywords (`.exit`,
   * `.help`) and answers "Invalid REPL keyword" to the rest. A line like `.flatMap(...)`
   * pasted right after an input continues that input, as a chain written over several
   * lines does in a file; typed alone, it gets a message that says so.
   */
  private takeLeadingDots(server: repl.REPLServer): void {
    let lastLine = '';
    server.prependListener('line', (line: string) => {
      lastLine = line;
    });
    const own = server.commands as Record<string, unknown>;
    const continuation = {
      help: '',
      action: () => {
        if (this.chain !== undefined) {
          this.continueChain(lastLine);
          return;
        }
        this.print(`${lastLine.trim()} is not a REPL command (.help lists them). A line starting with a dot continues the input above it only when pasted together with it; typed alone, start it from a value (_ is the last result): _${lastLine.trim()}`);
        this.server.displayPrompt();
      },
    };
    (server as unknown as { commands: Record<string, unknown> }).commands = new Proxy(own, {
      get: (target, key) => (typeof key === 'string' && !(key in target) && /^[A-Za-z_$][\w$]*(?:[(<]|$)/.test(key) ? continuation : target[key as string]),
    });
  }

  /**
   * Ctrl-C: while an input or command runs, `session.interrupt()` (its await is abandoned,
   * running batch jobs fail); at an idle prompt node's meaning (clear the line; twice exits).
   * A SIGINT signal (kill -INT, or Ctrl-C while the terminal's ISIG is on) means the same.
   * Runaway synchronous code is stopped by the SIGINT itself (`runInterruptibly`).
   */
  private takeCtrlC(server: repl.REPLServer): void {
    const nodeHandlers = server.listeners('SIGINT') as Array<() => void>;
    server.removeAllListeners('SIGINT');
    server.on('SIGINT', () => {
      this.finishCollecting();
      const open = this.chain?.open === true ? this.chain : undefined;
      if (open !== undefined) {
        // An unfinished pasted chain is dropped, as node drops a multi-line input on Ctrl-C.
        this.chain = undefined;
        this.pending--;
        open.callback(null);
        return;
      }
      // A Ctrl-C typed while code was stuck is read only after the SIGINT that stopped it: not a second press.
      if (this.busy === 0 && Date.now() - lastInterruptTime() < 1000) {
        return;
      }
      if (this.busy > 0 || this.pending > 0) {
        this.session.interrupt();
        return;
      }
      for (const h of nodeHandlers) h.call(server);
    });
    process.on('SIGINT', () => server.emit('SIGINT'));
  }

  /**
   * why: node:repl runs inputs in a domain, so an error thrown later by a timer an input made
   * reaches the domain's handler, which writes on the prompt line; it goes to the one
   * terminal writer instead.
   */
  private takeStrayErrors(server: repl.REPLServer): void {
    const domain = (server as unknown as { _domain?: NodeJS.EventEmitter })._domain;
    if (domain === undefined) return;
    domain.removeAllListeners('error');
    domain.on('error', (error: unknown) => this.reportBackgroundError(error));
  }

  private finishCollecting(): void {
    this.collecting = false;
    this.held.splice(0).forEach((call) => call());
  }

  /** Runs one complete input. The value is boxed so a promise the user made is shown, not awaited. */
  private async handle(cmd: string): Promise<{ value: unknown } | undefined> {
    const code = cmd.replace(/\s+$/, '');
    if (code.trim() === '') return undefined;
    if (/^\s*:[a-z]/.test(code)) {
      await this.command(code.trim());
      return undefined;
    }
    const outcome = await this.evaluate(code);
    return outcome.ok ? { value: outcome.value } : undefined;
  }

  /** Puts the session's names in scope (and, on a fresh context, the whole API). */
  private bindContext(withApi: boolean): void {
    const ctx = this.server.context as Record<string, unknown>;
    if (withApi) Object.assign(ctx, kernel);
    const names: Record<string, unknown> = { session: this.session, sc: this.session.sc, ssc: this.session.ssc, lines: this.session.lines, db: this.session.database, outputTap };
    // why: only what the session replaced is bound again; a name the user reassigned keeps the user's value.
    for (const [name, value] of Object.entries(names)) {
      if (withApi || this.bound.get(name) !== value) ctx[name] = value;
      this.bound.set(name, value);
    }
  }
}

interface HeldInput {
  code: string;
  callback: (err: Error | null, result?: unknown) => void;
  /** A continuation line left it incomplete: the next lines belong to it too. */
  open: boolean;
}

/** True when `cmd` is code that needs more lines; syntax errors surface later, in `evaluate`. */
function needsMoreLines(cmd: string, compiler: TypeScriptCompiler): boolean {
  if (/^\s*:[a-z]/.test(cmd) || cmd.trim() === '') return false;
  try {
    return compileInput(cmd, compiler, FILE_NAME).kind === 'incomplete';
  } catch {
    return false;
  }
}
