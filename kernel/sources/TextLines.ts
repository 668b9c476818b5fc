import type { SerializedRecords } from '../receiver/RecordRun';

/**
 * Lines of UTF-8 text kept as the bytes they arrived in until a batch reads them: what a
 * socket receiver stores for the complete lines of a chunk. why bytes: a Buffer lives
 * outside the JavaScript heap, so a batch interval's worth of text costs the garbage
 * collector nothing until the task decodes it. Each line loses one trailing `\r` when read.
 */
export class TextLines implements SerializedRecords<string> {
  private constructor(private readonly bytes: Buffer, readonly count: number) {}

  /** The lines of `region`: valid UTF-8, complete lines separated by `\n` (none at the end). */
  static of(region: Buffer): TextLines {
    let count = 1;
    for (let i = region.indexOf(10); i >= 0; i = region.indexOf(10, i + 1)) count++;
    return new TextLines(region, count);
  }

  get byteLength(): number {
    return this.bytes.length;
  }

  forEach(sink: (line: string) => void): void {
    const lines = this.bytes.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      sink(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
    }
  }

  decode(): string[] {
    const out: string[] = [];
    this.forEach((line) => {
      out.push(line);
    });
    return out;
  }
}
