import * as fs from 'node:fs';
import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { InputWarning } from './InputWarning';
import { InputChecker } from './InputChecker';

/** A message to the checking thread: check an input, or remember one that ran. */
export type CheckRequest = { kind: 'check'; id: number; code: string } | { kind: 'accept'; code: string };
export interface CheckReply {
  id: number;
  warnings: InputWarning[];
}

/**
 * The REPL's checking thread: one InputChecker for the session, fed in input order. A
 * check that throws answers with no warnings: a failing check is silent.
 */
lowerThisThreadsPriority();
const checker = new InputChecker((workerData as { root: string }).root);
const port = parentPort;
port?.on('message', (m: CheckRequest) => {
  if (m.kind === 'accept') {
    try {
      checker.accept(m.code);
    } catch {
      // the next checks just do not see this input's names
    }
    return;
  }
  let warnings: InputWarning[] = [];
  try {
    warnings = checker.check(m.code);
  } catch {
    warnings = [];
  }
  port.postMessage({ id: m.id, warnings } satisfies CheckReply);
});

/**
 * Gives this thread the lowest CPU priority, so the REPL's thread (results, batches, typing)
 * wins whenever both want a core. why: on Linux a thread has its own nice value, set with
 * setpriority on its thread id (read from /proc/thread-self); elsewhere the check just runs
 * at the REPL's priority.
 */
function lowerThisThreadsPriority(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
  } catch {
    // not Linux, or not allowed: the same priority as the REPL
  }
}
