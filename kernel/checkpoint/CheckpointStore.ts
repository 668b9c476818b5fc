import * as fs from 'node:fs';
import * as path from 'node:path';
import { EddyError } from '../errors/EddyError';
import { checkpointFileName, checkpointTimeOf, type CheckpointRecord, type StreamDataRef } from './Checkpoint';
import { frame, unframe, writeFileAtomically } from './checkpointFile';
import { deserializeValue, serializeValue } from './StateSerializer';

/** A stream's saved RDD, as written to its data file. */
export interface StreamData {
  streamId: number;
  timeMs: number;
  /** Encoded partitions (DStream.encodePartition). */
  partitions: unknown[][];
}

/** A checkpoint read back: its metadata and the data files it names, by stream id. */
export interface RecoveredCheckpoint {
  file: string;
  record: CheckpointRecord;
  data: Map<number, StreamData>;
}

/** What the last write left on disk, for `:status`. */
export interface CheckpointWriteInfo {
  /** Batch time the checkpoint is for (ms). */
  timeMs: number;
  /** Wall time it was written (ms since the epoch). */
  writtenAtMs: number;
  /** Bytes of the metadata file plus the data files it names. */
  bytes: number;
  file: string;
}

/**
 * The files of one checkpoint directory (Spark's CheckpointWriter and CheckpointReader):
 * `checkpoint-<ms>` metadata files, each naming the `data-<stream>-<ms>` files of the
 * stateful streams, written data first, each atomically. The newest `keep` metadata
 * files are kept, and the data files they name; older ones are deleted.
 */
export class CheckpointStore {
  private readonly namedData = new Map<string, Set<string>>();
  private readonly dataBytes = new Map<string, number>();
  lastWrite: CheckpointWriteInfo | undefined;

  constructor(
    readonly directory: string,
    private readonly keep = 3,
  ) {}

  /** Writes one stream's saved RDD; returns the reference the metadata keeps. */
  async writeData(data: StreamData): Promise<StreamDataRef> {
    const file = `data-${data.streamId}-${data.timeMs}`;
    const bytes = frame(serializeValue(data));
    await writeFileAtomically(path.join(this.directory, file), bytes);
    this.dataBytes.set(file, bytes.length);
    return { timeMs: data.timeMs, file, numPartitions: data.partitions.length };
  }

  /** Writes the metadata (after the data files it names), then deletes what is no longer kept. */
  async writeMetadata(record: CheckpointRecord): Promise<void> {
    const file = checkpointFileName(record.checkpointTimeMs);
    const bytes = frame(serializeValue(record));
    await writeFileAtomically(path.join(this.directory, file), bytes);
    const dataFiles = Object.values(record.data).map((r) => r.file);
    this.namedData.set(file, new Set(dataFiles));
    const dataTotal = dataFiles.reduce((n, f) => n + (this.dataBytes.get(f) ?? sizeOf(path.join(this.directory, f))), 0);
    this.lastWrite = { timeMs: record.checkpointTimeMs, writtenAtMs: record.writtenAtMs, bytes: bytes.length + dataTotal, file };
    await this.prune();
  }

  private async prune(): Promise<void> {
    const names = await fs.promises.readdir(this.directory);
    const metadata = names
      .filter((n) => checkpointTimeOf(n) !== undefined)
      .sort((a, b) => (checkpointTimeOf(b) as number) - (checkpointTimeOf(a) as number));
    const kept = metadata.slice(0, this.keep);
    for (const old of metadata.slice(this.keep)) {
      this.namedData.delete(old);
      await fs.promises.rm(path.join(this.directory, old), { force: true });
    }
    const live = new Set<string>();
    for (const k of kept) for (const f of this.dataNamedBy(k)) live.add(f);
    for (const n of names) {
      if (n.startsWith('data-') && !live.has(n)) {
        this.dataBytes.delete(n);
        await fs.promises.rm(path.join(this.directory, n), { force: true });
      }
    }
  }

  /** Data files a kept metadata file names (read from disk for files of an earlier run). */
  private dataNamedBy(file: string): Set<string> {
    let named = this.namedData.get(file);
    if (named === undefined) {
      try {
        const record = deserializeValue<CheckpointRecord>(unframe(fs.readFileSync(path.join(this.directory, file)), file));
        named = new Set(Object.values(record.data).map((r) => r.file));
      } catch {
        named = new Set();
      }
      this.namedData.set(file, named);
    }
    return named;
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Reads the newest checkpoint of `directory` that is whole (Spark's CheckpointReader):
 * undefined when the directory does not exist or holds no checkpoint; a corrupt or
 * truncated newest one (or one whose data files are) is skipped with a warning naming
 * the file. An unreadable directory, or one whose every checkpoint is corrupt, throws:
 * recovery never silently starts afresh.
 */
export function readLatestCheckpoint(directory: string, warn: (text: string) => void): RecoveredCheckpoint | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EddyError('checkpoint-unreadable', `Cannot read the checkpoint directory ${directory}: ${(error as Error).message}.`, {
      hint: 'Fix its permissions (or point getOrCreate at the right path); to start afresh instead, delete or move the directory.',
      cause: error,
    });
  }
  const files = names
    .filter((n) => checkpointTimeOf(n) !== undefined)
    .sort((a, b) => (checkpointTimeOf(b) as number) - (checkpointTimeOf(a) as number));
  const failures: string[] = [];
  for (const file of files) {
    try {
      return readCheckpoint(directory, file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`${file}: ${reason}`);
      warn(`Checkpoint ${path.join(directory, file)} cannot be read (${reason}); trying the previous checkpoint.\n`);
    }
  }
  if (failures.length > 0) {
    throw new EddyError('checkpoint-unreadable', `No checkpoint in ${directory} can be read: ${failures.join('; ')}.`, {
      hint: 'Restore the directory from a backup to recover; to start afresh instead, delete or move it.',
    });
  }
  return undefined;
}

function readCheckpoint(directory: string, file: string): RecoveredCheckpoint {
  const full = path.join(directory, file);
  const record = deserializeValue<CheckpointRecord>(unframe(fs.readFileSync(full), full));
  if (record?.version !== 1 || !Array.isArray(record.graph)) throw new Error(`${full} is not an Eddy checkpoint of a known version`);
  const data = new Map<number, StreamData>();
  for (const [id, ref] of Object.entries(record.data)) {
    const dataFile = path.join(directory, ref.file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(dataFile);
    } catch (error) {
      throw new Error(`its data file ${ref.file} cannot be read: ${(error as Error).message}`);
    }
    data.set(Number(id), deserializeValue<StreamData>(unframe(bytes, dataFile)));
  }
  return { file: full, record, data };
}
