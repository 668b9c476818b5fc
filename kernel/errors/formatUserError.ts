import * as path from 'node:path';

const KERNEL_DIR = path.resolve(__dirname, '..') + path.sep;

/**
 * An error as a user should see it: the message and the stack frames of the user's own
 * code, without the kernel's and Node's internals between them and the scheduler.
 * When no frame is the user's (a kernel bug), the whole stack is kept.
 */
export function formatUserError(error: unknown): string {
  if (!(error instanceof Error)) return `Error: ${String(error)}`;
  const stack = error.stack ?? `${error.name}: ${error.message}`;
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
  if (firstFrame < 0) return stack;
  const head = lines.slice(0, firstFrame);
  const frames = lines.slice(firstFrame);
  const userFrames = frames.filter((l) => !l.includes(KERNEL_DIR) && !l.includes('eddy-interruptible') && !l.includes('node:internal') && !l.includes('node_modules'));
  const kept = userFrames.length > 0 ? userFrames : frames;
  const cause = error.cause !== undefined ? `\nCaused by: ${formatUserError(error.cause)}` : '';
  return [...head, ...kept].join('\n') + cause;
}
