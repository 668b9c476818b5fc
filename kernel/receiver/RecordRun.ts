/**
 * Records kept in the form they arrived and decoded only when a batch reads them, as Spark
 * keeps received blocks serialized: e.g. a socket chunk's text and its line count, split
 * into lines by the task. Far fewer objects live across a batch interval, so the
 * garbage collector does not copy millions of short strings around before they are used.
 */
export interface SerializedRecords<T> {
  /** How many records `forEach` yields. */
  readonly count: number;
  forEach(sink: (record: T) => void): void;
  /** The records as an array (when they must be cut, e.g. by a rate limit). */
  decode(): T[];
  /** The bytes they take as they are (counted against spark.streaming.receiver.maxBufferBytes). */
  readonly byteLength: number;
}

/** A run of stored records: an array taken as the receiver gave it, or serialized records. */
export type RecordRun<T> = readonly T[] | SerializedRecords<T>;

export function runLength<T>(run: RecordRun<T>): number {
  return isSerialized(run) ? run.count : run.length;
}

export function forEachInRun<T>(run: RecordRun<T>, sink: (record: T) => void): void {
  if (isSerialized(run)) {
    run.forEach(sink);
    return;
  }
  for (let i = 0; i < run.length; i++) sink(run[i]);
}

export function isSerialized<T>(run: RecordRun<T>): run is SerializedRecords<T> {
  return !Array.isArray(run);
}
