import * as fs from 'node:fs';
import * as path from 'node:path';
import { FRAME_HEADER_BYTES, framedPayloadLength, unframe } from '../checkpoint/checkpointFile';
import { EddyError } from '../errors/EddyError';

/**
 * Where one record of a write-ahead log lives (Spark's FileBasedWriteAheadLogSegment):
 * the segment file's name inside the log directory, the record's byte offset in it and
 * its framed length. Plain data: checkpoints keep handles.
 */
export interface WalRecordHandle {
  file: string;
  offset: number;
  length: number;
}

/** A point in a log: a record's segment and offset (what "after this record" is measured from). */
export type WalPosition = Pick<WalRecordHandle, 'file' | 'offset'>;

/**
 * Segment files are `log-<startMs>-<endMs>`, as Spark names them: the clock time the
 * segment was opened and the time it stops taking records (start + rolling interval).
 */
export function segmentName(startMs: number, endMs: number): string {
  return `log-${startMs}-${endMs}`;
}

/** The times in a segment's name, or undefined for other files (temp files, a reader's leftovers). */
export function parseSegmentName(name: string): { startMs: number; endMs: number } | undefined {
  const m = /^log-(\d+)-(\d+)$/.exec(name);
  return m ? { startMs: Number(m[1]), endMs: Number(m[2]) } : undefined;
}

/** Segments in the order they were written: by start time (a new segment never starts before an older one). */
export function compareSegments(a: string, b: string): number {
  const x = parseSegmentName(a);
  const y = parseSegmentName(b);
  if (x === undefined || y === undefined) return a < b ? -1 : a > b ? 1 : 0;
  return x.startMs - y.startMs || x.endMs - y.endMs;
}

/** Log order of two positions: segment, then offset. */
export function comparePositions(a: WalPosition, b: WalPosition): number {
  return compareSegments(a.file, b.file) || a.offset - b.offset;
}

/** The segment files of `directory`, oldest first; none when the directory does not exist. */
export function listSegments(directory: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((n) => parseSegmentName(n) !== undefined).sort(compareSegments);
}

/**
 * Reads one record by its handle (Spark's FileBasedWriteAheadLogRandomReader): only
 * that record's bytes. Throws `wal-unreadable` when the segment is gone or the record
 * is corrupt, naming the file.
 */
export function readRecord(directory: string, handle: WalRecordHandle): Buffer {
  const file = path.join(directory, handle.file);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new EddyError('checkpoint-unreadable', `The write-ahead log segment ${file} cannot be read: ${(error as Error).message}.`, {
      hint: 'A segment is deleted only once no kept checkpoint needs it; restore the checkpoint directory whole, or delete it to start afresh.',
      cause: error,
    });
  }
  try {
    const data = Buffer.alloc(handle.length);
    const n = fs.readSync(fd, data, 0, handle.length, handle.offset);
    return unframe(data.subarray(0, n), `${file} at offset ${handle.offset}`);
  } catch (error) {
    throw new EddyError('checkpoint-unreadable', `The write-ahead log record in ${file} at offset ${handle.offset} cannot be read: ${(error as Error).message}.`, {
      hint: 'Restore the checkpoint directory from a backup, or delete it to start afresh.',
      cause: error,
    });
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The records of one segment, one at a time (Spark's FileBasedWriteAheadLogReader): only
 * one record is in memory at once. A torn or corrupt record ends the segment (a process
 * killed mid-append, or a machine that lost power, leaves one at the end); it and
 * anything after it are skipped with a warning, as Spark's reader stops at a short read.
 */
export function* readSegment(directory: string, file: string, warn: (text: string) => void): Generator<{ handle: WalRecordHandle; payload: Buffer }> {
  const full = path.join(directory, file);
  const fd = fs.openSync(full, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const header = Buffer.alloc(FRAME_HEADER_BYTES);
    let offset = 0;
    while (offset < size) {
      const torn = (why: string): void => warn(`Write-ahead log ${full}: ${why} at offset ${offset} (${size - offset} bytes); the rest of the segment is skipped.\n`);
      if (fs.readSync(fd, header, 0, FRAME_HEADER_BYTES, offset) < FRAME_HEADER_BYTES) return torn('a torn record header');
      const payloadLength = framedPayloadLength(header);
      if (payloadLength === undefined) return torn('not a record header');
      const length = FRAME_HEADER_BYTES + payloadLength;
      if (offset + length > size) return torn('a torn record');
      const data = Buffer.alloc(length);
      fs.readSync(fd, data, 0, length, offset);
      let payload: Buffer;
      try {
        payload = unframe(data, full);
      } catch {
        return torn('a corrupt record');
      }
      yield { handle: { file, offset, length }, payload };
      offset += length;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Every record of the log in `directory` after `after` (all when undefined), in log
 * order, one at a time; what a reader of a log written by another process uses.
 */
export function* readLog(directory: string, after: WalPosition | undefined, warn: (text: string) => void): Generator<{ handle: WalRecordHandle; payload: Buffer }> {
  for (const file of listSegments(directory)) {
    if (after !== undefined && compareSegments(file, after.file) < 0) continue;
    for (const record of readSegment(directory, file, warn)) {
      if (after === undefined || comparePositions(record.handle, after) > 0) yield record;
    }
  }
}
