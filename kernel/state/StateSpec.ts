import { syncUserFunction } from '../errors/syncUserFunction';
import { invalidArgument } from '../errors/EddyError';
import { HashPartitioner, type Partitioner } from '../rdd/Partitioner';
import type { RDD } from '../rdd/RDD';
import { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import type { State } from './State';

/** A `mapWithState` function: called once per record of a batch (and once for each key timing out, with value undefined). */
export type MappingFunction<K, V, S, R> = (key: K, value: V | undefined, state: State<S>) => R;

/** Spark's other form, with the batch time first: `(time, key, value, state) => R | undefined` (undefined emits nothing). */
export type TimedMappingFunction<K, V, S, R> = (time: Time, key: K, value: V | undefined, state: State<S>) => R | undefined;

/**
 * What `mapWithState` needs (Spark's StateSpec): the function, and optionally initial
 * states, the partitioning of the state, and an idle timeout.
 *
 *   StateSpec.function((word, one, state) => { ... }).numPartitions(4).timeout(Minutes(30))
 */
export class StateSpec<K, V, S, R> {
  private initial: RDD<[K, S]> | undefined;
  private part: Partitioner | undefined;
  private idle: Duration | undefined;

  /** The function in Spark's timed form, whichever form was given. */
  readonly timedFunction: TimedMappingFunction<K, V, S, R>;

  private constructor(readonly mappingFunction: MappingFunction<K, V, S, R> | TimedMappingFunction<K, V, S, R>) {
    // why arity: Spark's two StateSpec.function overloads differ by it (Function3 and Function4).
    this.timedFunction =
      mappingFunction.length === 4
        ? (mappingFunction as TimedMappingFunction<K, V, S, R>)
        : (_time, key, value, state) => (mappingFunction as MappingFunction<K, V, S, R>)(key, value, state);
  }

  /**
   * `(key, value, state) => mapped`, or Spark's form with the batch time,
   * `(time, key, value, state) => mapped | undefined`, told apart by the number of
   * parameters (4 for the timed form; write all four, with no default or rest parameter).
   * @throws EddyError('invalid-argument') when not given a function.
   */
  static function<K, V, S, R>(mappingFunction: MappingFunction<K, V, S, R>): StateSpec<K, V, S, R>;
  static function<K, V, S, R>(mappingFunction: TimedMappingFunction<K, V, S, R>): StateSpec<K, V, S, R>;
  static function<K, V, S, R>(mappingFunction: MappingFunction<K, V, S, R> | TimedMappingFunction<K, V, S, R>): StateSpec<K, V, S, R> {
    if (typeof mappingFunction !== 'function') {
      throw invalidArgument(
        `StateSpec.function needs a function (key, value, state) => mapped or (time, key, value, state) => mapped, got ${typeof mappingFunction}.`,
        'Pass an arrow function, e.g. StateSpec.function((k, v, state) => ...).',
      );
    }
    return new StateSpec(syncUserFunction('mapWithState', mappingFunction));
  }

  /** States to start from, as `[key, state]` pairs. */
  initialState(rdd: RDD<[K, S]>): this {
    this.initial = rdd;
    return this;
  }

  numPartitions(n: number): this {
    if (!Number.isInteger(n) || n < 1) {
      throw invalidArgument(`StateSpec.numPartitions needs a whole number of at least 1, got ${n}.`, 'Pass e.g. numPartitions(4).');
    }
    this.part = new HashPartitioner(n);
    return this;
  }

  partitioner(p: Partitioner): this {
    this.part = p;
    return this;
  }

  /** Keys with no data for `idleDuration` get one last call (`state.isTimingOut()` true) and are removed. */
  timeout(idleDuration: Duration): this {
    if (!(idleDuration instanceof Duration) || idleDuration.milliseconds <= 0) {
      throw invalidArgument(`StateSpec.timeout needs a positive Duration, got ${String(idleDuration)}.`, 'Pass e.g. timeout(Seconds(30)).');
    }
    this.idle = idleDuration;
    return this;
  }

  getInitialStateRDD(): RDD<[K, S]> | undefined {
    return this.initial;
  }

  getPartitioner(): Partitioner | undefined {
    return this.part;
  }

  getTimeout(): Duration | undefined {
    return this.idle;
  }
}
