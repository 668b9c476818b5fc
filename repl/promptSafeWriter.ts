import type { REPLServer } from 'node:repl';
import * as readline from 'node:readline';

/**
 * A writer for text that arrives while the prompt may be idle (print() output, batch
 * errors): on a terminal it clears the prompt line, writes the text, and draws the prompt
 * again with what the user had typed, so output never lands in the middle of a line.
 */
export function promptSafeWriter(repl: () => REPLServer | undefined, stream: NodeJS.WritableStream, isBusy: () => boolean): (text: string) => void {
  return (text: string) => {
    const r = repl();
    const tty = (stream as NodeJS.WriteStream).isTTY === true;
    if (r === undefined || isBusy() || !tty) {
      stream.write(text);
      return;
    }
    readline.clearLine(stream, 0);
    readline.cursorTo(stream, 0);
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
    r.displayPrompt(true);
  };
}
