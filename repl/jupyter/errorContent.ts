import { formatReplError } from '../formatReplError';
import type { ErrorContent } from './Iopub';

/** Thrown into a cell that the notebook's Interrupt stopped. */
export class KeyboardInterrupt extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'KeyboardInterrupt';
  }
}

/**
 * An `error` output for what a cell or a batch threw: its name and message, and as
 * traceback the text the terminal REPL shows (TypeScript's diagnostics, or the message
 * and the user's own stack frames without Eddy's and Node's).
 */
export function errorContent(error: unknown): ErrorContent {
  if (error instanceof KeyboardInterrupt) return { ename: error.name, evalue: error.message, traceback: [`KeyboardInterrupt: ${error.message}`] };
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown; diagnosticText?: unknown };
  const ename = typeof e.diagnosticText === 'string' ? 'TSError' : typeof e.name === 'string' ? e.name : 'Error';
  const evalue = typeof e.diagnosticText === 'string' ? e.diagnosticText.trim() : typeof e.message === 'string' ? e.message : String(error);
  return { ename, evalue, traceback: formatReplError(error).split('\n') };
}

/** An `error` output for a failed batch, from the failure reason the scheduler recorded. */
export function batchErrorContent(operation: string, batchTime: number, reason: string): ErrorContent {
  const [first, ...frames] = reason.split('\n');
  const m = /^([A-Za-z]*Error|EddyError):\s?(.*)$/.exec(first);
  return {
    ename: m ? m[1] : 'Error',
    evalue: `${m ? m[2] : first} (in ${operation}, batch ${batchTime} ms)`,
    traceback: [`${operation} failed in the batch of ${batchTime} ms:`, first, ...frames],
  };
}
