import * as path from 'node:path';
import * as vm from 'node:vm';
import * as kernel from '../../kernel';
import { InterruptedError, type Session, type StepReport } from '../../kernel';
import { COMMANDS, runCommand, type CommandHost } from '../commands';
import { compileInput, type TypeScriptCompiler } from '../compileInput';
import type { EvalOutcome } from '../EddyRepl';
import { formatValue } from '../formatValue';
import { renderTimeline } from '../renderTimeline';
import { errorContent, KeyboardInterrupt } from './errorContent';
import type { Iopub } from './Iopub';
import { renderTimelineHtml } from './renderTimelineHtml';

const CELL_FILE = path.join(process.cwd(), '[eddy-cell].ts');
const MAGIC = /^\s*%[a-z]/;
const COMMAND_WORD = new RegExp(`(^|[\\s\`(]):(${COMMANDS.map((c) => c.name).join('|')})\\b`, 'g');
/** How long an interrupted cell waits for the stopped context before it replies (ms). */
const STOP_WAIT_MS = 10_000;

/** A cell cut into line magics and runs of code, in order. */
type CellPart = { kind: 'magic'; line: string } | { kind: 'code'; code: string };

/**
 * Runs notebook cells in the kernel's one Session, as the terminal REPL runs inputs:
 * TypeScript through the same compiler and rewrite (top-level await, re-declarable
 * bindings on the global object), and the REPL's commands as line magics (`%step 3`).
 * Cells run under the session's interrupts (kernel/interrupt): a SIGINT stops synchronous
 * runaway code, in the cell or in a batch's user function; `session.interrupt()` abandons
 * what the cell awaits. The cell fails with a KeyboardInterrupt; `sc` and the user's
 * variables stay.
 */
export class CellRunner implements CommandHost {
  readonly accepted: string[] = [];
  private readonly baseNames: Set<string>;

  constructor(
    readonly session: Session,
    private readonly compiler: TypeScriptCompiler,
    private readonly iopub: Iopub,
  ) {
    this.baseNames = new Set(Object.getOwnPropertyNames(globalThis));
    this.bind(true);
    session.onChange(() => this.bind(false));
  }

  /** Runs one cell; resolves to the value of its last code, and rejects with what it threw. */
  async run(cell: string): Promise<unknown> {
    try {
      let value: unknown;
      for (const part of splitCell(cell)) {
        value = undefined;
        if (part.kind === 'magic') {
          const line = `:${part.line.trim().slice(1)}`;
          if (await this.session.interruptible(runCommand(line, this), part.line.trim())) this.accepted.push(`// ${line}`);
        } else value = await this.runCode(part.code);
      }
      return value;
    } catch (error) {
      throw error instanceof InterruptedError ? await this.interrupted(error) : error;
    }
  }

  /**
   * The notebook's Interrupt when no synchronous code is running (a SIGINT, or an
   * interrupt_request the control thread turned into one): the session's interrupt abandons
   * the cell's await and fails running batch jobs; a running ssc is stopped with stop(false).
   * Synchronous runaway code never gets here: the SIGINT stops it where it runs.
   */
  interrupt(): void {
    const running = this.session.ssc.getState() === 'ACTIVE';
    const stopped = this.session.interrupt();
    if (running) void this.stopStreams();
    if (stopped === 0 && running) this.iopub.stream('stderr', 'Interrupted: ssc was stopped with stop(false); sc and your variables are kept (%new makes the next context).\n');
  }

  /**
   * `user_expressions` of an execute_request: each expression evaluated (synchronously, no
   * `await`) after the cell, as `{ status: 'ok', data, metadata }` or the error's content.
   */
  evaluateExpressions(expressions: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, expr] of Object.entries(expressions)) {
      try {
        const compiled = compileInput(String(expr), this.compiler, CELL_FILE);
        if (compiled.kind !== 'script' || compiled.isAsync) throw new SyntaxError('A user expression is one complete expression without await.');
        const value: unknown = this.session.runInterruptibly(() => vm.runInThisContext(compiled.code, { filename: 'eddy-expression', displayErrors: false }), 'a user expression');
        out[name] = { status: 'ok', data: { 'text/plain': formatValue(value, false) }, metadata: {} };
      } catch (error) {
        out[name] = { status: 'error', ...errorContent(error) };
      }
    }
    return out;
  }

  print(text: string): void {
    const shown = text.replace(COMMAND_WORD, '$1%$2');
    this.iopub.stream('stdout', shown.endsWith('\n') ? shown : `${shown}\n`);
  }

  printValue(value: unknown): void {
    if (value !== undefined) this.print(formatValue(value, false));
  }

  async evaluate(code: string): Promise<EvalOutcome> {
    try {
      return { ok: true, value: await this.runCode(code) };
    } catch (error) {
      this.iopub.error(errorContent(error));
      return { ok: false };
    }
  }

  async command(line: string): Promise<boolean> {
    try {
      if (await runCommand(line, this)) this.accepted.push(`// ${line.trim()}`);
      return true;
    } catch (error) {
      this.iopub.error(errorContent(error));
      return false;
    }
  }

  clearUserNames(): void {
    for (const n of this.userNames()) delete (globalThis as Record<string, unknown>)[n];
  }

  /** Names the user defined: everything on the global object the kernel did not put there. */
  userNames(): string[] {
    const ours = new Set(['sc', 'ssc', 'lines', 'session', ...Object.keys(kernel)]);
    return Object.getOwnPropertyNames(globalThis).filter((n) => !this.baseNames.has(n) && !ours.has(n));
  }

  showTimeline(report: StepReport): void {
    this.iopub.display({ 'text/plain': renderTimeline(report, 120), 'text/html': renderTimelineHtml(report) });
  }

  private async runCode(code: string): Promise<unknown> {
    const mark = this.session.inputMark();
    const compiled = compileInput(code, this.compiler, CELL_FILE);
    if (compiled.kind === 'incomplete') throw new SyntaxError('Unexpected end of input: the cell ends inside an open bracket, string or template.');
    let value: unknown = this.session.runInterruptibly(() => vm.runInThisContext(compiled.code, { filename: 'eddy-cell', displayErrors: false }), 'the cell');
    if (compiled.isAsync) value = await this.session.interruptible(value as Promise<unknown>, 'the cell (its await was abandoned)');
    this.accepted.push(code.trim());
    this.session.recordInput(code, mark);
    return value;
  }

  /**
   * The cell's error for an interrupt: Jupyter's KeyboardInterrupt, saying what is kept. why
   * it waits for the stop: the error says ssc "was stopped", so the next cell must see it
   * STOPPED (bounded, so a stop stuck behind abandoned work cannot hold the cell's reply).
   */
  private async interrupted(cause: InterruptedError): Promise<KeyboardInterrupt> {
    const running = this.session.ssc.getState() === 'ACTIVE';
    const stopsContext = running || cause.what.startsWith('batch ');
    if (stopsContext) {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_WAIT_MS);
      });
      await Promise.race([this.stopStreams(), bound]);
      clearTimeout(timer);
    }
    const stopped = stopsContext ? ', and the running ssc was stopped with stop(false) (%new makes the next context)' : '';
    return new KeyboardInterrupt(`${cause.message} sc and your variables are kept${stopped}.`);
  }

  private stopStreams(): Promise<void> {
    return this.session.stopContext().catch((error: unknown) => this.iopub.stream('stderr', `Stopping ssc after the interrupt failed: ${String(error)}\n`));
  }

  /** What `ssc` names in the notebook's scope now: `%step`, `%status`, `%graph` act on it. */
  namedContext(): unknown {
    return (globalThis as Record<string, unknown>).ssc;
  }

  /** Puts the session's names in scope (and, the first time, the whole API). */
  private bind(withApi: boolean): void {
    const g = globalThis as Record<string, unknown>;
    if (withApi) Object.assign(g, kernel);
    g.session = this.session;
    g.sc = this.session.sc;
    g.ssc = this.session.ssc;
    g.lines = this.session.lines;
  }
}

/** Line magics (`%step 3`) each on their own line; the lines between them are code. */
export function splitCell(cell: string): CellPart[] {
  const parts: CellPart[] = [];
  let code: string[] = [];
  const flush = (): void => {
    if (code.join('\n').trim() !== '') parts.push({ kind: 'code', code: code.join('\n') });
    code = [];
  };
  for (const line of cell.replace(/\r\n/g, '\n').split('\n')) {
    if (MAGIC.test(line)) {
      flush();
      parts.push({ kind: 'magic', line });
    } else code.push(line);
  }
  flush();
  return parts;
}
