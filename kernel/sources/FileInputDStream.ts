import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputDStream } from '../dstream/InputDStream';
import type { RDD } from '../rdd/RDD';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { InputPosition } from '../dstream/InputDStream';
import type { Time } from '../util/Time';
import { TextFilesRDD } from './TextFilesRDD';

/**
 * New text files of a directory, one record per line (Spark's FileInputDStream with
 * `newFilesOnly`). No receiver: at each batch time the directory is listed, and files
 * that were not there before are that batch's input, each processed once. Files present
 * at start are skipped.
 *
 * Half-written files must not be picked up: write a file under a hidden name (starting
 * with `.` or `_`, or ending in `.tmp`), which is ignored, then rename it into place —
 * a rename within one file system is atomic.
 *
 * Recovery (Spark's FileInputDStreamCheckpointData): each remembered batch's files are
 * in the checkpoint, and the names already taken; a restarted context reads the same
 * files for those batches, and files that arrived while it was down are new.
 */
export class FileInputDStream extends InputDStream<string, string[]> {
  private seen = new Set<string>();

  constructor(ssc: StreamingContext, readonly directory: string) {
    super(ssc, 'textFileStream');
  }

  override initialize(zeroTime: Time): void {
    // Files already there are not new (Spark's newFilesOnly). Listed inside ssc.start(),
    // synchronously, so that a file written right after start() is new.
    if (!this.isInitialized()) this.seen = new Set(this.list());
    super.initialize(zeroTime);
  }

  compute(validTime: Time): RDD<string> {
    const names = this.list();
    const present = new Set(names);
    const fresh = names.filter((n) => !this.seen.has(n)).sort();
    // Forget names that went away, so the set stays as small as the directory.
    for (const n of this.seen) if (!present.has(n)) this.seen.delete(n);
    for (const n of fresh) this.seen.add(n);
    const files = fresh.map((n) => path.join(this.directory, n));
    this.ssc.inputInfoTracker.reportInfo(validTime, { inputStreamId: this.id, numRecords: 0, metadata: { files } });
    this.recordBatch(validTime, files);
    return this.rddForRange(validTime, files);
  }

  protected override rddForRange(_time: Time, files: string[]): RDD<string> {
    return new TextFilesRDD(this.ssc.sparkContext, files, (text) => this.ssc.err(text));
  }

  /** The names already taken (or present at the first start): not new after a restart. */
  protected override positionExtra(): string[] {
    return [...this.seen];
  }

  protected override onPositionRestored(position: InputPosition<string[]>): void {
    const seen = position.next as string[] | undefined;
    if (Array.isArray(seen)) this.seen = new Set(seen);
  }

  private list(): string[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.directory, { withFileTypes: true });
    } catch (error) {
      this.ssc.err(`textFileStream cannot list ${this.directory}: ${error instanceof Error ? error.message : String(error)}; this batch has no files.\n`);
      return [...this.seen];
    }
    return entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && isVisible(e.name)).map((e) => e.name);
  }
}

/** Files being written go under names that are ignored until renamed. */
export function isVisible(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('_') && !name.endsWith('.tmp') && !name.endsWith('._COPYING_');
}
