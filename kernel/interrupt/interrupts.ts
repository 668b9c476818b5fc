import * as vm from 'node:vm';
import { InterruptedError } from './InterruptedError';

/**
 * Interrupts: how a runaway user function, cell or REPL input is stopped and the process
 * stays healthy (the front-neutral mechanism under `Session.interrupt()`).
 *
 * Two kinds of work can run away:
 *
 * - **Synchronous** code (`while (true) {}` in an input, or in a `map` function inside a
 *   batch's task) blocks the main thread, so no JavaScript can stop it. Every place the kernel
 *   runs user code synchronously (an RDD task, a shuffle map task, a batch's job generation,
 *   an output operation's function, a front's evaluation of an input) goes through
 *   `runInterruptibly`, which runs it in a `vm` script with `breakOnSigint`, as node's own REPL
 *   does: a SIGINT sent to the process while it runs makes V8 stop the code, and the call
 *   throws an `InterruptedError` that the caller handles like any other error (the task, and
 *   with it the batch, fails; the input fails). Variables, `sc` and every context survive.
 *   A terminal in raw mode sends no SIGINT on Ctrl-C; the REPL turns the terminal's ISIG
 *   on while a guarded region runs long (see `guardState`).
 * - **Asynchronous** work (an awaited `awaitTermination()`, a long `collect()`, an output
 *   operation awaiting forever) leaves the thread free: `interrupt()` abandons it. Awaits
 *   wrapped by `abandonOnInterrupt` reject with `InterruptedError`, and every running job
 *   (each scheduler subscribes with `onInterrupt`) fails with one naming its stream.
 *
 * SIGTERM: a process that handles SIGTERM in JavaScript (`onTermination`) would never see it
 * while guarded code runs away, and its handler stops the signal's default action. So the
 * handler is detached for the length of each guarded region: a SIGTERM then ends the
 * process at once, as it would without a handler, and the next session's start removes
 * what it left behind (`reapDeadSessions`).
 *
 * Guarding costs about 0.1 ms per call (node starts a watchdog thread), so it is off until a
 * front calls `armInterrupts()`: scripts, tests and benchmarks keep node's default meaning of
 * SIGINT (exit) and pay nothing.
 */

/** Property of globalThis through which the guard script calls the function it runs. */
const SLOT = Symbol.for('eddy.interruptible');
const guardScript = new vm.Script(`globalThis[Symbol.for('eddy.interruptible')]()`, { filename: 'eddy-interruptible' });

let armed = false;
let depth = 0;
let lastInterrupt = 0;

/** `Date.now()` of the last interrupt (a SIGINT that stopped guarded code, or `interrupt()`); 0 for none. */
export function lastInterruptTime(): number {
  return lastInterrupt;
}

/**
 * Shared with a watcher thread: `[0]` is 1 while a guarded region runs, `[1]` counts the
 * regions entered. A watcher that sees the same count twice, some time apart, with `[0]` at 1
 * knows the main thread has been inside one region all that time (it may be stuck).
 */
export const guardState = new Int32Array(new SharedArrayBuffer(8));

/** Turns guarding on for the life of the process (a front calls this once). */
export function armInterrupts(): void {
  armed = true;
}

export function interruptsArmed(): boolean {
  return armed;
}

/**
 * Runs `fn` synchronously; when armed, a SIGINT while it runs stops it and this throws
 * `InterruptedError(what)`. Nested calls run inside the outer guard. Returns what `fn` returns
 * (a promise it returns is not awaited: only its synchronous part is guarded).
 * @throws InterruptedError on SIGINT, or whatever `fn` throws.
 */
export function runInterruptibly<T>(fn: () => T, what = 'the running code'): T {
  if (!armed || depth > 0) return fn();
  const slots = globalThis as unknown as Record<symbol, unknown>;
  depth++;
  if (attached.size > 0) syncTerminationListeners();
  slots[SLOT] = fn;
  guardState[0] = 1;
  Atomics.add(guardState, 1, 1);
  try {
    return guardScript.runInThisContext({ breakOnSigint: true, displayErrors: false }) as T;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
      lastInterrupt = Date.now();
      throw new InterruptedError(what, { hint: 'Stopped by Ctrl-C (SIGINT).' });
    }
    throw error;
  } finally {
    guardState[0] = 0;
    slots[SLOT] = undefined;
    depth--;
    if (depth === 0 && terminationHandlers.size > 0) reattachSoon();
  }
}

/** Signals that end a process, whose JavaScript handlers must not keep a runaway alive. */
export type TerminationSignal = 'SIGTERM' | 'SIGHUP';
type TerminationHandler = (signal: TerminationSignal) => void;
const terminationHandlers = new Map<TerminationSignal, Set<TerminationHandler>>();
const gates = new Map<TerminationSignal, () => void>();
/** Signals whose gate is on process now. */
const attached = new Set<TerminationSignal>();

/** Puts each signal's gate on process while it has handlers and no guarded code runs; takes it off otherwise. */
function syncTerminationListeners(): void {
  for (const [signal, handlers] of terminationHandlers) {
    let gate = gates.get(signal);
    if (gate === undefined) {
      gate = () => [...handlers].forEach((fn) => fn(signal));
      gates.set(signal, gate);
    }
    const want = depth === 0 && handlers.size > 0;
    if (want && !attached.has(signal)) {
      process.on(signal, gate);
      attached.add(signal);
    } else if (!want && attached.has(signal)) {
      process.removeListener(signal, gate);
      attached.delete(signal);
    }
  }
}

let reattachScheduled = false;

/**
 * Puts the gates back on the next turn of the event loop, not after each guarded region:
 * why: adding a signal listener makes a signal handle (about 0.1 ms), and a batch runs its
 * tasks back to back; a signal between them ends the process at once, as in a region.
 */
function reattachSoon(): void {
  if (reattachScheduled) return;
  reattachScheduled = true;
  setImmediate(() => {
    reattachScheduled = false;
    if (depth === 0) syncTerminationListeners();
  }).unref();
}

/**
 * Calls `fn` on `signal` (SIGTERM by default; SIGHUP too when asked), except while guarded
 * user code runs (`runInterruptibly`): then the signal takes its default action and ends the
 * process at once, since no JavaScript could run until the code returned, which a runaway
 * never does. Returns the remover; with no handler left, the signal has its default action.
 */
export function onTermination(fn: TerminationHandler, signals: readonly TerminationSignal[] = ['SIGTERM']): () => void {
  for (const signal of signals) {
    let set = terminationHandlers.get(signal);
    if (set === undefined) terminationHandlers.set(signal, (set = new Set()));
    set.add(fn);
  }
  syncTerminationListeners();
  return () => {
    for (const signal of signals) terminationHandlers.get(signal)?.delete(fn);
    syncTerminationListeners();
  };
}

type InterruptListener = (reason: string) => void;
const listeners = new Set<InterruptListener>();

/** Calls `fn` on every `interrupt()` until the returned remover is called. */
export function onInterrupt(fn: InterruptListener): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

/**
 * Abandons the asynchronous work in progress: every `abandonOnInterrupt` await rejects and
 * every running job fails, each with an `InterruptedError`. Returns how many were interrupted
 * (0: there was nothing to interrupt). Synchronous runaway code is stopped by SIGINT instead.
 */
export function interrupt(reason = 'Ctrl-C'): number {
  const now = [...listeners];
  lastInterrupt = Date.now();
  for (const fn of now) fn(reason);
  return now.length;
}

/**
 * `promise`, or an `InterruptedError(what)` rejection as soon as `interrupt()` is called.
 * The promise itself is left to settle on its own; its later rejection is ignored here.
 */
export function abandonOnInterrupt<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const remove = onInterrupt((reason) => {
      remove();
      reject(new InterruptedError(what, { hint: `Abandoned on ${reason}; the work it waited for may still finish in the background.` }));
    });
    promise.then(
      (value) => {
        remove();
        resolve(value);
      },
      (error: unknown) => {
        remove();
        reject(error);
      },
    );
  });
}
