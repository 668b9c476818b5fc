import { randomUUID } from 'node:crypto';
import { Session } from '../../kernel';
import { COMMANDS } from '../commands';
import { compileInput, type TypeScriptCompiler } from '../compileInput';
import { complete } from '../complete';
import { formatValue } from '../formatValue';
import { CellRunner } from './CellRunner';
import type { ConnectionInfo } from './connectionFile';
import { errorContent } from './errorContent';
import { Inspector } from './Inspector';
import { Iopub } from './Iopub';
import { KernelChannels, type KernelRequest } from './KernelChannels';
import { kernelInfo } from './kernelInfo';
import { LiveDisplays } from './LiveDisplays';

/** One entry of `history_reply`: session number, line number, input. */
type HistoryEntry = [number, number, string];

/**
 * The Jupyter kernel: one Session (the REPL's), spoken to over the messaging protocol
 * 5.3. Shell requests run one after another, as in ipykernel, each between iopub `busy`
 * and `idle`; control requests (shutdown, kernel_info) are answered at once, and
 * interrupt_request already in the socket thread.
 */
export class NotebookKernel {
  readonly session: Session;
  private readonly channels: KernelChannels;
  private readonly iopub: Iopub;
  private readonly cells: CellRunner;
  private readonly displays: LiveDisplays;
  private readonly inspector: Inspector;
  private executionCount = 0;
  private readonly history: HistoryEntry[] = [];
  private shellQueue: Promise<void> = Promise.resolve();
  /** Requests received so far on shell; an error with stop_on_error aborts those queued up to here. */
  private received = 0;
  private abortThrough = 0;
  private shuttingDown = false;

  constructor(
    connection: ConnectionInfo,
    private readonly compiler: TypeScriptCompiler,
    private readonly log: (text: string) => void,
    private readonly exit: (code: number) => void,
  ) {
    this.channels = new KernelChannels(connection, randomUUID(), (r) => this.onRequest(r), log);
    this.iopub = new Iopub(this.channels);
    this.session = new Session({
      appName: 'eddy-notebook',
      // print() output reaches the notebook as live displays (output.text events); stderr as a stream
      out: () => undefined,
      // a failed batch is shown as an `error` output by LiveDisplays; the scheduler's own report of it would say it twice
      err: (text) => (text.startsWith('Error running job ') ? log(text) : this.iopub.stream('stderr', text)),
    });
    this.cells = new CellRunner(this.session, compiler, this.iopub);
    this.displays = new LiveDisplays(this.session, this.iopub);
    this.inspector = new Inspector(log);
  }

  /** Binds the sockets and says `starting`, as ipykernel does. */
  async start(): Promise<void> {
    await this.channels.start();
    this.iopub.publish('status', { execution_state: 'starting' }, {});
    this.inspector.warm();
  }

  /** Stdout/stderr of user code (console.log in a cell or a batch), shown in the notebook. */
  writeStream(name: 'stdout' | 'stderr', text: string): void {
    this.iopub.stream(name, text);
  }

  /** The notebook's Interrupt button (SIGINT). */
  interrupt(): void {
    this.cells.interrupt();
  }

  private onRequest(request: KernelRequest): void {
    const type = request.message.header.msg_type;
    if (request.channel === 'control') {
      void this.handle(request).catch((error: unknown) => this.log(`eddy kernel: ${type} failed: ${String(error)}\n`));
      return;
    }
    if (request.channel !== 'shell') return;
    const seq = ++this.received;
    this.shellQueue = this.shellQueue
      .then(() => (type === 'execute_request' && seq <= this.abortThrough ? this.abort(request) : this.handle(request)))
      .catch((error: unknown) => this.log(`eddy kernel: ${type} failed: ${String(error)}\n`));
  }

  private async handle(request: KernelRequest): Promise<void> {
    const parent = request.message.header;
    this.iopub.publish('status', { execution_state: 'busy' }, parent);
    try {
      await this.dispatch(request);
    } finally {
      this.iopub.publish('status', { execution_state: 'idle' }, parent);
    }
  }

  private async dispatch(request: KernelRequest): Promise<void> {
    const content = request.message.content;
    switch (request.message.header.msg_type) {
      case 'kernel_info_request':
        return this.channels.reply(request, 'kernel_info_reply', kernelInfo());
      case 'execute_request':
        return this.execute(request);
      case 'complete_request':
        return this.channels.reply(request, 'complete_reply', this.complete(String(content.code ?? ''), Number(content.cursor_pos ?? 0)));
      case 'inspect_request':
        return this.channels.reply(request, 'inspect_reply', await this.inspect(String(content.code ?? ''), Number(content.cursor_pos ?? 0), Number(content.detail_level ?? 0)));
      case 'is_complete_request':
        return this.channels.reply(request, 'is_complete_reply', this.isComplete(String(content.code ?? '')));
      case 'history_request':
        return this.channels.reply(request, 'history_reply', { status: 'ok', history: this.historyFor(content) });
      case 'comm_info_request':
        return this.channels.reply(request, 'comm_info_reply', { status: 'ok', comms: {} });
      case 'shutdown_request':
        return this.shutdown(request, content.restart === true);
      case 'comm_open':
      case 'comm_msg':
      case 'comm_close':
        return; // no comm targets: nothing to open
      default:
        this.log(`eddy kernel: ignored a ${request.message.header.msg_type} on ${request.channel}\n`);
    }
  }

  private async execute(request: KernelRequest): Promise<void> {
    const c = request.message.content as { code?: unknown; silent?: unknown; store_history?: unknown; stop_on_error?: unknown; user_expressions?: unknown };
    const code = String(c.code ?? '');
    const silent = c.silent === true;
    const store = !silent && c.store_history !== false;
    if (store) this.executionCount++;
    const count = this.executionCount;
    const parent = request.message.header;
    this.iopub.parent = parent;
    this.displays.enterCell(parent);
    if (!silent) this.iopub.publish('execute_input', { code, execution_count: count });
    if (store) this.history.push([1, count, code]);
    // busy and execute_input reach the front before a cell that blocks this thread begins
    await this.channels.flushed();
    try {
      const value = await this.cells.run(code);
      this.displays.leaveCell(parent);
      if (!silent && value !== undefined) {
        this.iopub.publish('execute_result', { execution_count: count, data: { 'text/plain': formatValue(value, false) }, metadata: {} });
      }
      this.iopub.flush();
      const userExpressions = this.cells.evaluateExpressions((c.user_expressions ?? {}) as Record<string, unknown>);
      this.channels.reply(request, 'execute_reply', { status: 'ok', execution_count: count, payload: [], user_expressions: userExpressions }, { status: 'ok' });
    } catch (error) {
      this.displays.leaveCell(parent);
      const err = errorContent(error);
      this.iopub.error(err);
      if (c.stop_on_error !== false) {
        // why: requests the socket thread already passed on wait in this thread's queue; one
        // turn of the event loop takes them in, so they are aborted as ipykernel aborts its queue
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.abortThrough = this.received;
      }
      this.channels.reply(request, 'execute_reply', { status: 'error', execution_count: count, ...err }, { status: 'error' });
    }
  }

  /** An execute_request queued behind a failed cell (stop_on_error): not run. */
  private async abort(request: KernelRequest): Promise<void> {
    const parent = request.message.header;
    this.iopub.publish('status', { execution_state: 'busy' }, parent);
    this.channels.reply(request, 'execute_reply', { status: 'aborted', execution_count: this.executionCount }, { status: 'aborted' });
    this.iopub.publish('status', { execution_state: 'idle' }, parent);
  }

  private complete(code: string, cursorPos: number): Record<string, unknown> {
    const chars = Array.from(code);
    const before = chars.slice(0, cursorPos).join('');
    const line = before.slice(before.lastIndexOf('\n') + 1);
    const magic = /^\s*%/.test(line);
    const [found, prefix] = complete(magic ? line.replace('%', ':') : line, globalThis, COMMANDS.map((x) => x.name));
    const matches = magic ? found.map((m) => m.replace(/^:/, '%')) : found;
    return { status: 'ok', matches, cursor_start: cursorPos - Array.from(prefix).length, cursor_end: cursorPos, metadata: {} };
  }

  private async inspect(code: string, cursorPos: number, detailLevel: number): Promise<Record<string, unknown>> {
    const text = await this.inspector.inspect(code, cursorPos, this.cells.accepted, detailLevel);
    return text === undefined ? { status: 'ok', found: false, data: {}, metadata: {} } : { status: 'ok', found: true, data: { 'text/plain': text }, metadata: {} };
  }

  private isComplete(code: string): Record<string, unknown> {
    if (code.split('\n').every((l) => l.trim() === '' || /^\s*%[a-z]/.test(l))) return { status: 'complete' };
    try {
      if (compileInput(code, this.compiler, '[eddy-cell].ts').kind === 'incomplete') {
        return { status: 'incomplete', indent: /[{([]\s*$/.test(code) ? '  ' : '' };
      }
      return { status: 'complete' };
    } catch {
      return { status: 'invalid' };
    }
  }

  private historyFor(content: Record<string, unknown>): HistoryEntry[] {
    const type = content.hist_access_type;
    if (type === 'tail') return this.history.slice(-Math.max(0, Number(content.n ?? 10)));
    if (type === 'range') {
      const start = Number(content.start ?? 0);
      const stop = content.stop === undefined || content.stop === null ? Infinity : Number(content.stop);
      return this.history.filter(([, n]) => n >= start && n < stop);
    }
    if (type === 'search') {
      const pattern = globToRegExp(String(content.pattern ?? '*'));
      const found = this.history.filter(([, , input]) => pattern.test(input));
      const n = content.n === undefined || content.n === null ? found.length : Number(content.n);
      return found.slice(-n);
    }
    return [];
  }

  private async shutdown(request: KernelRequest, restart: boolean): Promise<void> {
    if (this.shuttingDown) return;
    this.channels.reply(request, 'shutdown_reply', { status: 'ok', restart });
    this.iopub.publish('status', { execution_state: 'idle' }, request.message.header);
    await this.terminate();
  }

  /** Stops the session, closes the sockets (their thread first: zeromq must not be torn down mid-use) and exits. */
  async terminate(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    try {
      this.displays.close();
      await this.inspector.close();
      await this.session.close();
    } catch (error) {
      this.log(`eddy kernel: closing the session: ${String(error)}\n`);
    }
    await this.channels.close();
    this.exit(0);
  }
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '.')}$`);
}
