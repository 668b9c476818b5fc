import { EddyError } from './EddyError';

/** True for a Promise (of any realm) or any other thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value instanceof Promise ||
    (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function') ||
    (typeof value === 'function' && typeof (value as { then?: unknown }).then === 'function')
  );
}

/**
 * The error for a user function that returned a Promise where Eddy runs it synchronously
 * (every transformation, reduce, state update, as in Spark). The promise's own rejection is
 * handled here, so an `async` function that throws never becomes an unhandled rejection
 * that would end the process.
 */
export function asyncResultError(operation: string, result: PromiseLike<unknown>): EddyError {
  (result as Promise<unknown>).then(undefined, () => undefined);
  return new EddyError(
    'user-code',
    `${operation}'s function returned a Promise; transformations run synchronously, as in Spark: do the async work in foreachRDD or a Receiver.`,
    { hint: 'Remove async (and await) from the function.' },
  );
}

/**
 * `f`, checked where it returns: a Promise result (an `async` function, say) throws
 * `asyncResultError(operation)` instead of flowing on as data (`map` yielding `{}`,
 * `filter` keeping everything, state holding Promises). Non-functions are passed through
 * for the operation's own argument check.
 */
export function syncUserFunction<F>(operation: string, f: F): F {
  if (typeof f !== 'function') return f;
  const fn = f as unknown as (...args: unknown[]) => unknown;
  const check = (result: unknown): unknown => {
    if (typeof result === 'object' && result !== null && isThenable(result)) throw asyncResultError(operation, result);
    return result;
  };
  // why three fixed parameters: no array per call on hot paths (most functions take at most
  // three: key, value, state); a longer one (mapWithState's timed form) gets them all.
  const checked =
    fn.length <= 3
      ? function checked(this: unknown, a: unknown, b: unknown, c: unknown): unknown {
          return check(fn.call(this, a, b, c));
        }
      : function checked(this: unknown, ...args: unknown[]): unknown {
          return check(fn.apply(this, args));
        };
  // why keep the arity: some APIs tell a function's form by it, as Spark's overloads do
  // (StateSpec.function's 3- and 4-parameter forms).
  Object.defineProperty(checked, 'length', { value: fn.length });
  return checked as unknown as F;
}
