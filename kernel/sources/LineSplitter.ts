import { isUtf8 } from 'node:buffer';
import type { RecordRun } from '../receiver/RecordRun';
import { TextLines } from './TextLines';

/** What the splitter reports besides lines: bytes that were not UTF-8, lines longer than the cap. */
export type LineWarning =
  | { kind: 'invalid-utf8'; lineCount: number }
  | { kind: 'line-too-long'; maxLineBytes: number };

/**
 * Cuts a byte stream into text lines: split on `\n`, one trailing `\r` removed, nothing
 * else trimmed. Bytes that are not UTF-8 are decoded with U+FFFD and reported. A line
 * longer than `maxLineBytes` is emitted in pieces of at most that size (at character
 * boundaries) and reported, so an endless line never holds more than the cap in memory.
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;

  constructor(private readonly maxLineBytes: number, private readonly onWarning: (w: LineWarning) => void) {}

  /**
   * The complete lines in `chunk` (with what earlier chunks left unfinished), as runs to
   * store: the bulk of a well-formed chunk stays one string (TextLines) until a batch reads it.
   */
  push(chunk: Buffer): Array<RecordRun<string>> {
    const runs: Array<RecordRun<string>> = [];
    let lines: string[] = [];
    let start = 0;
    let nl = chunk.indexOf(10);
    if (nl >= 0 && this.carryBytes > 0) {
      this.carry.push(chunk.subarray(0, nl));
      const line = Buffer.concat(this.carry);
      this.carry = [];
      this.carryBytes = 0;
      this.emitLine(line, lines);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (nl >= 0) {
      const end = chunk.lastIndexOf(10);
      const region = chunk.subarray(start, end);
      if (region.length <= this.maxLineBytes && isUtf8(region)) {
        // No line here can pass the cap, and all is UTF-8: keep the text whole.
        if (lines.length > 0) runs.push(lines);
        runs.push(TextLines.of(region));
        lines = [];
      } else if (isUtf8(region)) {
        const text = region.toString('utf8').split('\n');
        for (const line of text) this.addDecoded(line, lines);
      } else {
        this.onWarning({ kind: 'invalid-utf8', lineCount: 1 });
        for (const line of region.toString('utf8').split('\n')) this.addDecoded(line, lines);
      }
      start = end + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start), lines);
    if (lines.length > 0) runs.push(lines);
    return runs;
  }

  /** What is left at end of stream, as a last line (a stream that does not end in `\n`). */
  flush(): string[] {
    if (this.carryBytes === 0) return [];
    const lines: string[] = [];
    const line = Buffer.concat(this.carry);
    this.carry = [];
    this.carryBytes = 0;
    this.emitLine(line, lines);
    return lines;
  }

  private keep(rest: Buffer, lines: string[]): void {
    // why copy: a slice would pin the whole socket chunk in memory.
    this.carry.push(Buffer.from(rest));
    this.carryBytes += rest.length;
    if (this.carryBytes <= this.maxLineBytes) return;
    let all = Buffer.concat(this.carry);
    this.onWarning({ kind: 'line-too-long', maxLineBytes: this.maxLineBytes });
    while (all.length > this.maxLineBytes) {
      let cut = this.maxLineBytes;
      while (cut > 0 && (all[cut] & 0xc0) === 0x80) cut--; // not inside a UTF-8 character
      if (cut === 0) cut = this.maxLineBytes;
      this.emitDecoded(all.subarray(0, cut), lines);
      all = all.subarray(cut);
    }
    this.carry = [Buffer.from(all)];
    this.carryBytes = all.length;
  }

  private emitLine(bytes: Buffer, lines: string[]): void {
    if (bytes.length > this.maxLineBytes) {
      this.keep(bytes, lines);
      const rest = Buffer.concat(this.carry);
      this.carry = [];
      this.carryBytes = 0;
      this.emitDecoded(rest, lines, true);
      return;
    }
    this.emitDecoded(bytes, lines, true);
  }

  private emitDecoded(bytes: Buffer, lines: string[], endOfLine = false): void {
    if (!isUtf8(bytes)) this.onWarning({ kind: 'invalid-utf8', lineCount: 1 });
    const text = bytes.toString('utf8');
    lines.push(endOfLine && text.endsWith('\r') ? text.slice(0, -1) : text);
  }

  private addDecoded(line: string, lines: string[]): void {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.length > this.maxLineBytes / 3 && Buffer.byteLength(text) > this.maxLineBytes) {
      this.onWarning({ kind: 'line-too-long', maxLineBytes: this.maxLineBytes });
      this.emitLine(Buffer.from(text), lines);
      return;
    }
    lines.push(text);
  }
}
