import { asyncResultError, isThenable } from '../errors/syncUserFunction';
import { RDD } from '../rdd/RDD';
import { EddyError } from '../errors/EddyError';
import type { DStream } from './DStream';

/** A user's `transform` function must return an RDD (Spark throws for null too). */
export function requireRDD<U>(value: RDD<U>, stream: DStream<unknown>): RDD<U> {
  if (value instanceof RDD) return value;
  if (isThenable(value)) throw asyncResultError(stream.name, value);
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new EddyError('user-code', `The function given to ${stream.name} (${stream}) returned ${got}, not an RDD.`, {
    hint: 'Return an RDD, e.g. rdd.map(...) or rdd.sparkContext.parallelize([...]); use sc.emptyRDD() for nothing.',
  });
}
