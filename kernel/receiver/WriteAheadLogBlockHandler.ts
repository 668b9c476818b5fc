import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { Clock } from '../clock/Clock';
import { FileBasedWriteAheadLog } from '../wal/FileBasedWriteAheadLog';
import type { WalPosition, WalRecordHandle } from '../wal/walSegment';
import type { ReceivedBlock } from './ReceivedBlock';
import { forEachInRun, type SerializedRecords } from './RecordRun';

/** A block in the write-ahead log: where it is and how many records it holds. What checkpoints keep per batch. */
export interface WalBlockRef extends WalRecordHandle {
  count: number;
}

/** Conf key of the receiver write-ahead log (Spark's). */
export const WAL_ENABLE_KEY = 'spark.streaming.receiver.writeAheadLog.enable';

/** Where stream `streamId`'s received blocks are logged: `<checkpoint>/receivedData/<streamId>`, as Spark. */
export function receivedDataDirectory(checkpointDir: string, streamId: number): string {
  return path.join(checkpointDir, 'receivedData', String(streamId));
}

/** A record's payload: the block's record count (uint32), then the records (v8 serialization). */
function encodeBlock<T>(block: ReceivedBlock<T>): Buffer {
  const records: T[] = [];
  for (const run of block.runs) forEachInRun(run, (r) => records.push(r));
  const count = Buffer.alloc(4);
  count.writeUInt32BE(records.length);
  return Buffer.concat([count, v8.serialize(records)]);
}

/** The records of a block read back from the log. */
export function decodeBlockRecords<T>(payload: Buffer): T[] {
  return v8.deserialize(payload.subarray(4)) as T[];
}

/**
 * A logged block's records, read from the log only when a task iterates them: a
 * recovered batch holds handles, not records, so recovery reads one block at a time.
 */
class LoggedRecords<T> implements SerializedRecords<T> {
  constructor(
    private readonly log: FileBasedWriteAheadLog,
    private readonly ref: WalBlockRef,
  ) {}

  get count(): number {
    return this.ref.count;
  }

  get byteLength(): number {
    return this.ref.length;
  }

  forEach(sink: (record: T) => void): void {
    for (const r of this.decode()) sink(r);
  }

  decode(): T[] {
    return decodeBlockRecords<T>(this.log.read(this.ref));
  }
}

/**
 * The received blocks of one stream in a write-ahead log (Spark's
 * WriteAheadLogBasedBlockHandler): each block is appended and fsynced before it counts
 * as stored, and blocks are read back from their references after a restart.
 */
export class WriteAheadLogBlockHandler<T> {
  readonly log: FileBasedWriteAheadLog;

  constructor(
    checkpointDir: string,
    readonly streamId: number,
    clock: Clock,
    rollingIntervalMs: number,
  ) {
    this.log = new FileBasedWriteAheadLog(receivedDataDirectory(checkpointDir, streamId), clock, rollingIntervalMs);
  }

  /** Appends the block; resolves with its reference once it is on disk. */
  async storeBlock(block: ReceivedBlock<T>): Promise<WalBlockRef> {
    const handle = await this.log.write(encodeBlock(block));
    return { ...handle, count: block.count };
  }

  /** A block whose records stay in the log until read (a recovered batch's block). */
  loggedBlock(ref: WalBlockRef, id: number): ReceivedBlock<T> {
    return { streamId: this.streamId, id, count: ref.count, runs: [new LoggedRecords<T>(this.log, ref)], walRef: ref };
  }

  /**
   * The references of the blocks logged after `after` (all when undefined): those no
   * checkpointed batch was given. Reads each record's count only, one record at a time.
   */
  refsAfter(after: WalPosition | undefined, warn: (text: string) => void): WalBlockRef[] {
    const refs: WalBlockRef[] = [];
    for (const { handle, payload } of this.log.readAfter(after, warn)) refs.push({ ...handle, count: payload.readUInt32BE(0) });
    return refs;
  }
}
