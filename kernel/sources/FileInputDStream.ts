import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputDStream, type InputPosition } from '../dstream/InputDStream';
import type { RDD } from '../rdd/RDD';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { Duration } from '../util/Duration';
import type { Time } from '../util/Time';
import { FileRecordsRDD, splitLines } from './FileRecordsRDD';

export interface FileStreamOptions {
  /** Which files to consider, given each one's full path (default: names not starting with `.` or `_`, nor ending in `.tmp`). */
  filter?: (file: string) => boolean;
  /** Ignore files modified before the stream started (default true, as Spark's textFileStream). */
  newFilesOnly?: boolean;
}

/** Files whose modification time reads slightly before the moment they were written (coarse FS timestamps). */
const MTIME_SLACK_MS = 20;

/**
 * The new files of a directory, as Spark's FileInputDStream: no receiver; at each batch
 * time t the directory is listed, and a file is that batch's input when
 *
 *   - the filter accepts it,
 *   - its modification time is after the ignore threshold: the later of the stream's start
 *     (with `newFilesOnly`) and t − the remember window
 *     (`spark.streaming.fileStream.minRememberDuration`, 60 s, rounded up to whole batches),
 *   - its modification time is not after t (a file from the future waits for its time),
 *   - and it was not selected in the remember window already.
 *
 *   mod time:  ──ignored (old)──┤ threshold ─── t−1 ──── t ├──waits (future)──
 *                               └──── candidates of batch t ┘
 *
 * A file that cannot be read (permissions) fails its batch, and that batch's files are read
 * again by each later batch until it is read or removed: no file of a failed read is lost
 * (at least once, as a replayed batch). A file that vanished is a warning.
 *
 * On a manual clock, "now" for files is the wall clock when the batch is generated, so
 * files written between `advance` calls are read by the next batch.
 *
 * Half-written files must not be picked up: write under a hidden name (starting with `.` or
 * `_`, or ending in `.tmp`), then rename into place (atomic within one file system); the
 * rename keeps the modification time of the write.
 *
 * Recovery (Spark's FileInputDStreamCheckpointData): each remembered batch's files and
 * the files selected in the remember window are in the checkpoint; a restarted stream
 * reads the same files for those batches, and files that arrived while it was down
 * (within the remember window) are new.
 */
export class FileInputDStream<T = string> extends InputDStream<T, string[]> {
  /** Batch time → files selected for it, for the remember window. */
  private readonly selectedByBatch = new Map<number, string[]>();
  private readonly recentlySelected = new Set<string>();
  /** The files of batches that failed on a file they could not read, to be read again by the next batch. */
  private readonly retry = new Set<string>();
  private initialThreshold = 0;
  /** Files already there at start whose modification time falls inside the slack: there before, not new (path → mtime). */
  private readonly presentAtStart = new Map<string, number>();
  private readonly acceptFile: (file: string) => boolean;
  private readonly newFilesOnly: boolean;
  /** How far back modification times are considered (a whole number of batches, ≥ minRememberDuration). */
  readonly durationToRemember: Duration;

  constructor(
    ssc: StreamingContext,
    readonly directory: string,
    options: FileStreamOptions = {},
    name = 'textFileStream',
    private readonly decode: (bytes: Buffer, file: string) => T[] = splitLines as unknown as (bytes: Buffer, file: string) => T[],
  ) {
    super(ssc, name);
    this.acceptFile = options.filter ?? ((file) => isVisible(path.basename(file)));
    this.newFilesOnly = options.newFilesOnly ?? true;
    // Spark: slide × ceil(minRememberDuration / batch), seconds by default.
    const minRememberMs = ssc.sparkContext.conf.getDurationMs('spark.streaming.fileStream.minRememberDuration', '60s', 's');
    const batch = ssc.graph.batchDuration;
    this.durationToRemember = batch.times(Math.ceil(minRememberMs / batch.milliseconds));
  }

  override initialize(zeroTime: Time): void {
    // Read inside ssc.start(): a file written right after start() is new.
    if (!this.isInitialized() && this.newFilesOnly) {
      this.initialThreshold = this.fileClockNow() - MTIME_SLACK_MS;
      // why: the slack lets a file written just after start count as new; one written just
      // before start is in this listing, and stays old unless modified again.
      for (const file of this.listFiles()) {
        const modTime = modTimeOf(file);
        if (modTime !== undefined && modTime > this.initialThreshold) this.presentAtStart.set(file, modTime);
      }
    }
    super.initialize(zeroTime);
  }

  compute(validTime: Time): RDD<T> {
    const now = this.ssc.isManualClock ? Date.now() : validTime.milliseconds;
    const threshold = Math.max(this.initialThreshold, now - this.durationToRemember.milliseconds);
    // Files that vanished since are dropped from the retry; their batch already warned or will.
    const again = [...this.retry].filter((f) => fs.existsSync(f)).sort();
    this.retry.clear();
    const fresh = this.findNewFiles(now, threshold).filter((f) => !again.includes(f));
    for (const f of fresh) this.recentlySelected.add(f);
    this.selectedByBatch.set(validTime.milliseconds, fresh);
    const files = [...again, ...fresh];
    this.ssc.inputInfoTracker.reportInfo(validTime, { inputStreamId: this.id, numRecords: 0, metadata: { files } });
    this.recordBatch(validTime, files);
    return this.rddForRange(validTime, files);
  }

  protected override rddForRange(_time: Time, files: string[]): RDD<T> {
    return new FileRecordsRDD(
      this.ssc.sparkContext,
      files,
      this.name,
      this.decode,
      (batchFiles) => {
        for (const f of batchFiles) this.retry.add(f);
      },
      (text) => this.ssc.err(text),
    );
  }

  protected override positionExtra(): { selected: Array<[number, string[]]>; initialThreshold: number } {
    return { selected: [...this.selectedByBatch], initialThreshold: this.initialThreshold };
  }

  protected override onPositionRestored(position: InputPosition<string[]>): void {
    const next = position.next as { selected?: Array<[number, string[]]>; initialThreshold?: number } | undefined;
    if (next === undefined || !Array.isArray(next.selected)) return;
    this.initialThreshold = next.initialThreshold ?? this.initialThreshold;
    this.selectedByBatch.clear();
    this.recentlySelected.clear();
    for (const [t, files] of next.selected) {
      this.selectedByBatch.set(t, files);
      for (const f of files) this.recentlySelected.add(f);
    }
  }

  /** why its own horizon: selected names are kept for the remember window, the RDDs (with their files' data) only as long as the graph needs them. */
  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const horizon = time.milliseconds - this.durationToRemember.milliseconds;
    for (const [t, files] of this.selectedByBatch) {
      if (t > horizon) continue;
      this.selectedByBatch.delete(t);
      for (const f of files) this.recentlySelected.delete(f);
    }
  }

  private fileClockNow(): number {
    return this.ssc.isManualClock ? Date.now() : this.ssc.clock.now();
  }

  private findNewFiles(now: number, threshold: number): string[] {
    const found: string[] = [];
    for (const file of this.listFiles()) {
      if (this.recentlySelected.has(file)) continue;
      const modTime = modTimeOf(file);
      // why floor: mtimes have sub-ms digits, `now` is whole ms; a file written this very ms is not from the future
      if (modTime === undefined || modTime <= threshold || Math.floor(modTime) > now) continue;
      if (this.presentAtStart.get(file) === modTime) continue;
      found.push(file);
    }
    return found.sort();
  }

  /** The directory's files the filter accepts (an error listing it is reported and gives none). */
  private listFiles(): string[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.directory, { withFileTypes: true });
    } catch (error) {
      this.ssc.err(`${this.name} cannot list ${this.directory}: ${error instanceof Error ? error.message : String(error)}; this batch has no files.\n`);
      return [];
    }
    return entries
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => path.join(this.directory, e.name))
      .filter((file) => this.acceptFile(file));
  }
}

/** A file's modification time (ms), or undefined when it is gone or a dangling link. */
function modTimeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Files being written go under names that are ignored until renamed. */
export function isVisible(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('_') && !name.endsWith('.tmp') && !name.endsWith('._COPYING_');
}
