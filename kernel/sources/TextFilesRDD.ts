import * as fs from 'node:fs';
import type { SparkContext } from '../core/SparkContext';
import { RDD, type Sink } from '../rdd/RDD';

/**
 * The lines of some text files, one partition per file. Each file is read before its
 * partition is computed (the RDD's async `prepareOwn` hook). A file that vanished
 * before it could be read gives an empty partition and a warning, not a failed batch.
 */
export class TextFilesRDD extends RDD<string> {
  private readonly loaded: Array<string[] | undefined>;

  constructor(sc: SparkContext, readonly files: readonly string[], private readonly warn: (text: string) => void) {
    super(sc, [], 'textFileStream', true);
    this.loaded = new Array(files.length);
  }

  getNumPartitions(): number {
    return this.files.length;
  }

  protected override prepareOwn(split: number): Promise<void> | undefined {
    if (this.loaded[split] !== undefined) return undefined;
    return fs.promises.readFile(this.files[split], 'utf8').then(
      (text) => {
        this.loaded[split] = splitLines(text);
      },
      (error: NodeJS.ErrnoException) => {
        const why = error.code === 'ENOENT' ? 'it vanished before it could be read' : error.message;
        this.warn(`textFileStream skipped ${this.files[split]}: ${why}. The stream goes on.\n`);
        this.loaded[split] = [];
      },
    );
  }

  protected compute(split: number, sink: Sink<string>): void {
    const lines = this.loaded[split] ?? [];
    for (let i = 0; i < lines.length; i++) sink(lines[i]);
  }
}

/** Hadoop's line reader: lines end at `\n`, `\r\n` or `\r`; no empty last line after a final newline. */
function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
