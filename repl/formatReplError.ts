import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..') + path.sep;

/**
 * An error from a REPL input as the user should see it: TypeScript's diagnostics for a
 * compile error, the message alone for an EddyError (it already says what to do), else the
 * message and the user's own stack frames, without Eddy's and Node's between them.
 */
export function formatReplError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return `Error: ${String(error)}`;
  const e = error as { diagnosticText?: unknown; name?: unknown; message?: unknown; stack?: unknown; cause?: unknown };
  if (typeof e.diagnosticText === 'string') return `TypeScript: ${e.diagnosticText.trim()}`;
  if ((e.name === 'EddyError' || e.name === 'InterruptedError') && typeof e.message === 'string') return `${e.name}: ${e.message}`;
  const stack = typeof e.stack === 'string' ? e.stack : `${String(e.name ?? 'Error')}: ${String(e.message ?? '')}`;
  const lines = stack.split('\n');
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  if (first < 0) return stack;
  const frames = lines.slice(first);
  const own = frames.filter((l) => !l.includes(ROOT) && !l.includes('eddy-interruptible') && !/\(node:|at node:/.test(l) && !l.includes('node_modules'));
  const cause = e.cause !== undefined ? `\nCaused by: ${formatReplError(e.cause)}` : '';
  return [...lines.slice(0, first), ...(own.length > 0 ? own : frames)].join('\n') + cause;
}
