/**
 * The one error type of the kernel. `code` names the rule that was broken and `hint`
 * says how to fix it; the message already states value, constraint and fix, so a
 * plain `catch (e) { console.error(e.message) }` is enough for a user.
 */
export type EddyErrorCode =
  | 'illegal-state'
  | 'invalid-argument'
  | 'invalid-config'
  | 'missing-checkpoint'
  | 'unserializable-state'
  | 'checkpoint-mismatch'
  | 'checkpoint-unreadable'
  | 'unrecoverable-input'
  | 'invalid-duration'
  | 'user-code'
  | 'interrupted'
  | 'io';

export class EddyError extends Error {
  readonly code: EddyErrorCode;
  readonly hint: string | undefined;
  readonly retriable: boolean;

  constructor(code: EddyErrorCode, message: string, options: { hint?: string; cause?: unknown; retriable?: boolean } = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EddyError';
    this.code = code;
    this.hint = options.hint;
    this.retriable = options.retriable ?? false;
  }
}

export function illegalState(message: string, hint?: string): EddyError {
  return new EddyError('illegal-state', message, { hint });
}

export function invalidArgument(message: string, hint?: string): EddyError {
  return new EddyError('invalid-argument', message, { hint });
}
