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
