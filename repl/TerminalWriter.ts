import type { REPLServer } from 'node:repl';
import * as readline from 'node:readline';
import { asStreamWrite, redirectWrites } from './redirectWrites';

type Write = (text: string) => void;

/** Characters held while the terminal is covered (`hold()`); the rest is counted and dropped. */
const HELD_CHARS = 64 * 1024;

/**
 * The one writer of the REPL's terminal. Whatever the session writes while the prompt is
 * shown (print() output, batch errors, warnings, listener output, console.log and
 * console.error of user code, a context the user made by hand, stray errors) goes above the
 * prompt, and the prompt is drawn again with what the user had typed.
 *
 * why: writes reach a terminal by many roads (`console` objects bound to process.stdout,
 * contexts whose `out` defaults to process.stdout.write, node's warning printer), so the
 * writer is installed where they all meet: `process.stdout.write` and `process.stderr.write`.
 * node:repl itself (the prompt, echo, results) writes to `terminal`, a view of stdout
 * whose `write` is the original one.
 */
export class TerminalWriter {
  /** The stream node:repl draws on: stdout (or the given output) writing straight through. */
  readonly terminal: NodeJS.WritableStream;
  private readonly rawOut: Write;
  private readonly rawErr: Write;
  private restore: () => void = () => undefined;
  /** Text held while something covers the terminal (`hold()`), by stream, and what did not fit. */
  private heldText: Array<['out' | 'err', string]> | undefined;
  private heldChars = 0;
  private droppedChars = 0;

  /**
   * @param promptShown true while the prompt waits for typing (no input or command runs);
   *   other writes go straight through, below the input that runs.
   */
  constructor(
    private readonly output: NodeJS.WritableStream,
    errorOutput: NodeJS.WritableStream,
    private readonly repl: () => REPLServer | undefined,
    private readonly promptShown: () => boolean,
  ) {
    this.rawOut = rawWriter(output);
    this.rawErr = errorOutput === output ? this.rawOut : rawWriter(errorOutput);
    this.terminal = output === process.stdout ? viewWithWrite(process.stdout, this.rawOut) : output;
  }

  /** Writes `text` to the output (`out`) or error (`err`) stream, above the prompt when it is shown. */
  write(to: 'out' | 'err', text: string): void {
    if (this.heldText !== undefined) {
      if (this.heldChars + text.length <= HELD_CHARS) {
        this.heldText.push([to, text]);
        this.heldChars += text.length;
      } else this.droppedChars += text.length;
      return;
    }
    const raw = to === 'out' ? this.rawOut : this.rawErr;
    const r = this.repl();
    if (r === undefined || !this.promptShown() || (this.output as NodeJS.WriteStream).isTTY !== true || text === '') {
      raw(text);
      return;
    }
    // From wherever the cursor is in the typed line (which may wrap), back to the prompt's first row.
    const rows = r.getCursorPos().rows;
    if (rows > 0) readline.moveCursor(this.terminal, 0, -rows);
    readline.cursorTo(this.terminal, 0);
    readline.clearScreenDown(this.terminal);
    raw(text.endsWith('\n') ? text : `${text}\n`);
    // readline would move up as many rows as the line had; the text above already took them.
    (r as unknown as { prevRows: number }).prevRows = 0;
    r.displayPrompt(true);
  }

  /**
   * Holds everything written (console output of batches included) while a full-screen view
   * such as `:dash` covers the terminal, and writes it out, up to HELD_CHARS, when the
   * returned release is called. The view itself draws on `terminal`, which is not held.
   */
  hold(): () => void {
    if (this.heldText !== undefined) return () => undefined;
    this.heldText = [];
    this.heldChars = 0;
    this.droppedChars = 0;
    return () => {
      const held = this.heldText ?? [];
      const dropped = this.droppedChars;
      this.heldText = undefined;
      for (const [to, text] of held) this.write(to, text);
      if (dropped > 0) this.write('err', `(${dropped} more characters were written while the screen was covered, and dropped)\n`);
    };
  }

  /**
   * Routes `process.stdout.write` and `process.stderr.write` through `write` (when the REPL's
   * output is this process's stdout) until `uninstall()`.
   */
  install(): void {
    if (this.output !== process.stdout) return;
    const restoreOut = redirectWrites(process.stdout, (text) => this.write('out', text));
    const restoreErr = redirectWrites(process.stderr, (text) => this.write('err', text));
    this.restore = () => {
      restoreOut();
      restoreErr();
    };
  }

  uninstall(): void {
    this.restore();
    this.restore = () => undefined;
  }
}

function rawWriter(stream: NodeJS.WritableStream): Write {
  const write = stream.write.bind(stream) as (text: string) => boolean;
  return (text) => void write(text);
}

/** `stream` with another `write`: everything else (isTTY, columns, 'resize') is the stream's own. */
function viewWithWrite(stream: NodeJS.WriteStream, write: Write): NodeJS.WriteStream {
  const streamWrite = asStreamWrite(write);
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') return streamWrite;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
