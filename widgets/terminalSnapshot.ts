/** The input events a line editor (Node's readline, the REPL) listens to. */
const INPUT_EVENTS = ['data', 'keypress', 'newListener'] as const;

type Listener = (...args: unknown[]) => void;

interface InputLike extends NodeJS.ReadableStream {
  isRaw?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

/**
 * Lends a terminal's input to a full-screen program and gives it back as it was. While
 * lent, the listeners already on the input (the REPL's readline) are detached, so keys
 * pressed on the dashboard never reach the prompt; `restore()` removes whatever the
 * program left behind (blessed keeps a keypress decoder on the stream), puts the old
 * listeners back, and resets raw mode and flowing state.
 */
export function lendTerminalInput(input: InputLike): { restore(): void } {
  const saved = new Map(INPUT_EVENTS.map((e) => [e, input.listeners(e) as Listener[]]));
  const wasRaw = input.isRaw === true;
  const wasPaused = input.isPaused();
  for (const e of INPUT_EVENTS) input.removeAllListeners(e);
  let restored = false;
  return {
    restore() {
      if (restored) return;
      restored = true;
      for (const e of INPUT_EVENTS) input.removeAllListeners(e);
      delete (input as { _keypressDecoder?: unknown })._keypressDecoder;
      for (const [e, listeners] of saved) for (const fn of listeners) input.on(e, fn);
      if (typeof input.setRawMode === 'function' && input.isRaw !== wasRaw) input.setRawMode(wasRaw);
      if (wasPaused) input.pause();
      else input.resume();
    },
  };
}
