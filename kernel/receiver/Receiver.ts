import { illegalState } from '../errors/EddyError';
import type { SerializedRecords } from './RecordRun';

/** What a receiver talks to once it runs: its supervisor (kept behind an interface so Receiver stays small). */
export interface ReceiverHost<T> {
  readonly streamId: number;
  push(items: readonly T[]): void;
  pushSerialized(records: SerializedRecords<T>): void;
  pushAsync(items: readonly T[]): Promise<void>;
  pushReliably(items: readonly T[]): Promise<void>;
  whenWritable(): Promise<void>;
  isWritable(): boolean;
  restart(message: string, error: Error | undefined, delayMs: number | undefined): void;
  stop(message: string, error?: Error): void;
  reportError(message: string, error: Error): void;
  isStarted(): boolean;
  isStopped(): boolean;
}

const hosts = new WeakMap<Receiver<unknown>, ReceiverHost<unknown>>();

/** Connects a receiver to the supervisor that runs it (kernel use only). */
export function attachReceiver<T>(receiver: Receiver<T>, host: ReceiverHost<T>): void {
  if (hosts.has(receiver as Receiver<unknown>)) {
    throw illegalState(
      `${receiver.constructor.name} is already running in a stream; one receiver object can feed only one stream.`,
      'Create a new receiver object for each ssc.receiverStream(...).',
    );
  }
  hosts.set(receiver as Receiver<unknown>, host as ReceiverHost<unknown>);
}

/**
 * A source of data that runs for the life of a StreamingContext (Spark's Receiver).
 * Extend it with `onStart` (open connections, start reading — must not block: return
 * quickly and deliver data from callbacks) and `onStop` (close what onStart opened).
 * Hand records over with `store`; they are cut into a block every
 * `spark.streaming.blockInterval` and each batch gets the blocks stored before its time.
 *
 * Flow control: `store()` never blocks and never loses a record under the default
 * `spark.streaming.receiver.overflow=block`. When records arrive faster than the rate
 * limit (`spark.streaming.receiver.maxRate`, backpressure) or the buffer
 * (`spark.streaming.receiver.bufferSize`) allows, they wait in the receiver's buffer;
 * a producer that can pause should `await storeAsync(...)` (resolves once its records
 * are past the rate limit and the buffer has room), or check `isWritable()` after
 * `store` and `await whenWritable()` (room in the buffer) before reading more. The
 * built-in receivers do the latter, pausing their socket meanwhile.
 *
 * ```ts
 * class Counter extends Receiver<number> {
 *   private stopped = false
 *   onStart() { void this.loop() }
 *   onStop() { this.stopped = true }
 *   private async loop() { for (let i = 0; !this.stopped; i++) await this.storeAsync(i) }
 * }
 * ssc.receiverStream(new Counter()).count().print()
 * ```
 */
export abstract class Receiver<T> {
  /** Accepted for Spark compatibility; blocks are always kept in memory. */
  readonly storageLevel: string;

  constructor(storageLevel = 'MEMORY_AND_DISK_SER_2') {
    this.storageLevel = storageLevel;
  }

  /** Starts receiving. Runs after ssc.start(), off the caller's stack; must return promptly. */
  abstract onStart(): void | Promise<void>;

  /** Releases what onStart acquired. Called on stop and before each restart. */
  abstract onStop(): void | Promise<void>;

  /** The id of the stream this receiver feeds (after start). */
  get streamId(): number {
    return this.hostFor('streamId').streamId;
  }

  /**
   * Stores one record, or each record of an array (to store one record that is itself an
   * array, wrap it: `store([record])`). Records stored after the receiver stopped are
   * dropped with a warning.
   */
  store(item: T | T[]): void {
    // a copy: the caller may reuse its array once store returns
    this.hostFor('store').push(Array.isArray(item) ? item.slice() : [item]);
  }

  /**
   * Stores many records kept serialized until a batch reads them (see SerializedRecords),
   * for sources that receive records in bulk, such as the lines of a socket chunk.
   */
  storeSerialized(records: SerializedRecords<T>): void {
    this.hostFor('storeSerialized').pushSerialized(records);
  }

  /** As `store`, then resolves once these records are past the rate limit and the buffer has room. */
  storeAsync(item: T | T[]): Promise<void> {
    return this.hostFor('storeAsync').pushAsync(Array.isArray(item) ? item.slice() : [item]);
  }

  /**
   * Stores the records as one block of their own and resolves once the block is stored
   * (Spark's reliable `store(ArrayBuffer)`): with
   * `spark.streaming.receiver.writeAheadLog.enable=true`, once it is appended and fsynced
   * to the write-ahead log, so it survives a crash of the process; then, when the buffer
   * has room. A reliable receiver acknowledges its source (commits an offset, acks a
   * message) only after this resolves. Rejects when the records were not stored (the
   * receiver stopped, the log write failed): do not acknowledge them then.
   *
   * ```ts
   * for await (const batch of source) { await this.storeReliably(batch.records); await batch.ack() }
   * ```
   */
  storeReliably(items: T[]): Promise<void> {
    return this.hostFor('storeReliably').pushReliably(items.slice());
  }

  /**
   * Resolves when the buffer has room (`spark.streaming.receiver.bufferSize`); records
   * over the rate limit may still be waiting in it. What a socket-like producer waits on.
   */
  whenWritable(): Promise<void> {
    return this.hostFor('whenWritable').whenWritable();
  }

  /** False while the buffer is full: a producer that can pause should, until `whenWritable()`. */
  isWritable(): boolean {
    return this.hostFor('isWritable').isWritable();
  }

  /**
   * Stops the receiver (onStop), then starts it again (onStart) after `delayMs`
   * (default `spark.streaming.receiverRestartDelay`, 2000 ms), e.g. after a lost connection.
   */
  restart(message: string, error?: Error, delayMs?: number): void {
    this.hostFor('restart').restart(message, error, delayMs);
  }

  /** Stops the receiver for good; the stream goes on with no more input from it. */
  stop(message: string): void {
    this.hostFor('stop').stop(message);
  }

  /** Reports a problem to listeners (onReceiverError) without stopping. */
  reportError(message: string, error: Error): void {
    this.hostFor('reportError').reportError(message, error);
  }

  isStarted(): boolean {
    return hosts.get(this as Receiver<unknown>)?.isStarted() ?? false;
  }

  isStopped(): boolean {
    return hosts.get(this as Receiver<unknown>)?.isStopped() ?? true;
  }

  private hostFor(method: string): ReceiverHost<T> {
    const host = hosts.get(this as Receiver<unknown>) as ReceiverHost<T> | undefined;
    if (host === undefined) {
      throw illegalState(
        `${this.constructor.name}.${method}() was called before the receiver started.`,
        'Pass the receiver to ssc.receiverStream(...) and call store/restart/stop from onStart or later.',
      );
    }
    return host;
  }
}
