import { EddyError } from '../errors/EddyError';

/**
 * What an interrupted piece of work fails with (code `interrupted`): a runaway cell or REPL
 * input, a batch's job whose user function was stopped, or an awaited promise abandoned on
 * Ctrl-C. `what` names the work (`batch 3000 ms: print of map[1]`, `the input`).
 * Follows Spark's `SparkException: Job ... cancelled` for jobs and node's REPL
 * (`Script execution was interrupted by SIGINT`) for inputs.
 */
export class InterruptedError extends EddyError {
  readonly what: string;

  constructor(what: string, options: { hint?: string; cause?: unknown } = {}) {
    super('interrupted', `Interrupted: ${what}.`, options);
    this.name = 'InterruptedError';
    this.what = what;
  }
}
