import * as fs from 'node:fs';
import * as path from 'node:path';
import { frame, syncDirectory } from '../checkpoint/checkpointFile';
import type { Clock } from '../clock/Clock';
import { compareSegments, listSegments, parseSegmentName, readLog, readRecord, segmentName, type WalPosition, type WalRecordHandle } from './walSegment';

interface OpenSegment {
  name: string;
  endMs: number;
  handle: fs.promises.FileHandle;
  size: number;
}

/**
 * A write-ahead log in one directory (Spark's FileBasedWriteAheadLog): records are
 * appended, framed with a length and a checksum, to rolling segment files
 * `log-<startMs>-<endMs>`; a new segment starts once the injected clock passes the
 * current one's end (`rollingIntervalMs`, Spark's
 * spark.streaming.receiver.writeAheadLog.rollingIntervalSecs), and each process starts
 * its own segment (it never appends to a file an earlier run left).
 *
 * `write` resolves only once the record is fsynced: what a caller acknowledges after
 * that survives a kill of the process or of the machine. Writes run one at a time, in
 * call order, so the log on disk is always a prefix of what was written.
 *
 *   write(p1) write(p2) write(p3)          log-1000-61000: [p1][p2][p3]
 *        └ append, fsync ┘ then the next   (a kill mid-append leaves a torn tail, skipped on read)
 */
export class FileBasedWriteAheadLog {
  private current: OpenSegment | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly directory: string,
    private readonly clock: Clock,
    private readonly rollingIntervalMs: number,
  ) {}

  /** Appends one record and fsyncs it; resolves with where it lives. Throws after close(). */
  write(payload: Buffer): Promise<WalRecordHandle> {
    if (this.closed) return Promise.reject(new Error(`the write-ahead log in ${this.directory} is closed`));
    const written = this.tail.then(() => this.append(frame(payload)));
    this.tail = written.catch(() => undefined);
    return written;
  }

  /** One record's payload (Spark's read(handle)). */
  read(handle: WalRecordHandle): Buffer {
    return readRecord(this.directory, handle);
  }

  /**
   * Every record after `after` (all when undefined), in log order, one at a time
   * (Spark's readAll, but lazy). Torn tails are skipped with a warning.
   */
  *readAfter(after: WalPosition | undefined, warn: (text: string) => void): Generator<{ handle: WalRecordHandle; payload: Buffer }> {
    yield* readLog(this.directory, after, warn);
  }

  /**
   * Deletes the segments written before segment `keepFrom` (Spark's clean): what no
   * reader needs any more. The segment being written is never deleted. Returns the
   * names deleted.
   */
  async cleanBefore(keepFrom: string): Promise<string[]> {
    const deleted: string[] = [];
    for (const file of listSegments(this.directory)) {
      if (compareSegments(file, keepFrom) >= 0 || file === this.current?.name) break;
      await fs.promises.rm(path.join(this.directory, file), { force: true });
      deleted.push(file);
    }
    return deleted;
  }

  /** Deletes every segment (a fresh start: nothing there can be recovered). Sync, before any write. */
  discardAll(): number {
    const files = listSegments(this.directory);
    for (const file of files) fs.rmSync(path.join(this.directory, file), { force: true });
    return files.length;
  }

  /** Waits for the writes asked for so far, then closes the segment. Later writes are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
    const open = this.current;
    this.current = undefined;
    await open?.handle.close();
  }

  private async append(record: Buffer): Promise<WalRecordHandle> {
    const segment = await this.segmentFor(this.clock.now());
    const offset = segment.size;
    await segment.handle.write(record, 0, record.length, offset);
    await segment.handle.datasync();
    segment.size += record.length;
    return { file: segment.name, offset, length: record.length };
  }

  /** The segment taking records at `now`, rolling to a new one past the current one's end. */
  private async segmentFor(now: number): Promise<OpenSegment> {
    const open = this.current;
    if (open !== undefined && now < open.endMs) return open;
    this.current = undefined;
    await open?.handle.close();
    await fs.promises.mkdir(this.directory, { recursive: true });
    // A start time is unique and after every existing segment's, so that log order is name order
    // (a recovered manual clock can stand where an earlier run's segment started).
    const existing = listSegments(this.directory);
    const lastStart = existing.length > 0 ? (parseSegmentName(existing[existing.length - 1]) as { startMs: number }).startMs : -1;
    const start = Math.max(now, lastStart + 1);
    const name = segmentName(start, start + this.rollingIntervalMs);
    const handle = await fs.promises.open(path.join(this.directory, name), 'wx');
    await syncDirectory(this.directory); // the new file's entry is durable before a record in it is acknowledged
    this.current = { name, endMs: now + this.rollingIntervalMs, handle, size: 0 };
    return this.current;
  }
}
