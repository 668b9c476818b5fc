import * as fs from 'node:fs';
import type { SparkContext } from '../core/SparkContext';
import { EddyError } from '../errors/EddyError';
import { RDD, type Sink } from '../rdd/RDD';

/** Called when one of the RDD's files could not be read for a reason that may pass (permissions, I/O). */
export type UnreadableFileHandler = (files: readonly string[], unreadable: string, error: NodeJS.ErrnoException) => void;

/**
 * The records of some files, one partition per file, decoded by `decode` (lines of text,
 * fixed-length binary records). Each file is read before its partition is computed (the
 * RDD's async `prepareOwn` hook).
 *
 * A file that cannot be read fails the task, so the batch's job fails visibly (listener
 * `failureReason`, `awaitTermination` rejects), and the stream is told so it can read the
 * batch's files again in a later batch. A file that vanished gives an empty partition and a warning.
 */
export class FileRecordsRDD<T> extends RDD<T> {
  private readonly loaded: Array<T[] | undefined>;

  constructor(
    sc: SparkContext,
    readonly files: readonly string[],
    scope: string,
    private readonly decode: (bytes: Buffer, file: string) => T[],
    private readonly onUnreadable: UnreadableFileHandler,
    private readonly warn: (text: string) => void,
  ) {
    super(sc, [], scope, true);
    this.loaded = new Array(files.length);
  }

  getNumPartitions(): number {
    return this.files.length;
  }

  protected override prepareOwn(split: number): Promise<void> | undefined {
    if (this.loaded[split] !== undefined) return undefined;
    const file = this.files[split];
    return fs.promises.readFile(file).then(
      (bytes) => {
        this.loaded[split] = this.decode(bytes, file);
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          this.warn(`${this.scope} skipped ${file}: it vanished before it could be read. The stream goes on.\n`);
          this.loaded[split] = [];
          return;
        }
        this.onUnreadable(this.files, file, error);
        throw new EddyError('io', `${this.scope} cannot read ${file}: ${error.code ?? error.message}, so this batch fails.`, {
          hint: "This batch's files are read again by each later batch until this one is read or removed: fix its permissions (or remove it).",
          cause: error,
          retriable: true,
        });
      },
    );
  }

  protected compute(split: number, sink: Sink<T>): void {
    const records = this.loaded[split] ?? [];
    for (let i = 0; i < records.length; i++) sink(records[i]);
  }
}

/** Hadoop's line reader: lines end at `\n`, `\r\n` or `\r`; no empty last line after a final newline. */
export function splitLines(bytes: Buffer): string[] {
  const text = bytes.toString('utf8');
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Fixed-length records (Spark's FixedLengthBinaryInputFormat), each a Buffer of `recordLength`
 * bytes. A file whose length is not a multiple of it has a partial record at its end.
 * @throws EddyError('io') for such a file, naming its length and the record length.
 */
export function fixedLengthRecords(recordLength: number): (bytes: Buffer, file: string) => Buffer[] {
  return (bytes, file) => {
    if (bytes.length % recordLength !== 0) {
      throw new EddyError('io', `binaryRecordsStream: ${file} is ${bytes.length} bytes, not a multiple of the record length ${recordLength}: its last record is partial.`, {
        hint: 'Write whole records only (the file is not read again).',
      });
    }
    const records: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += recordLength) records.push(Buffer.from(bytes.subarray(at, at + recordLength)));
    return records;
  };
}
