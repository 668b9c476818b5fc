import * as fs from 'node:fs';
import * as path from 'node:path';
import type { REPLServer } from 'node:repl';

/** Entries the prompt keeps (node's REPL keeps 30 unless told). */
export const HISTORY_ENTRIES = 1000;

/**
 * The prompt's history in `file`, safe while several sessions share it: one line per entry,
 * oldest first, each new entry appended with a single O_APPEND write (whole lines, never
 * spliced, whichever session writes), never rewritten in place.
 *
 * why: node's own `setupHistory` rewrites the whole file from each session's memory on
 * every line; two sessions writing at once splice entries into one line and each drops
 * the other's entries.
 *
 * On load the newest `limit` entries (consecutive repeats once) become the prompt's
 * history; a file grown past twice `limit` is cut to its newest `limit` by writing a new
 * file and renaming it into place (an entry another session appends during that rename
 * can be lost; a line is never split).
 */
export function keepHistory(server: REPLServer, file: string, limit = HISTORY_ENTRIES): void {
  const entries = readHistory(file, limit);
  const r = server as unknown as { history: string[]; historySize: number };
  r.historySize = limit;
  r.history = [...entries].reverse();
  let last = entries.at(-1);
  server.on('line', (line: string) => {
    if (line.trim() === '' || line === last) return;
    last = line;
    appendHistoryEntry(file, line);
  });
}

/** Appends one entry as one line in one write (O_APPEND: whole, after every other session's). */
export function appendHistoryEntry(file: string, entry: string): void {
  try {
    fs.appendFileSync(file, `${entry.replace(/[\r\n]+/g, ' ')}\n`, { mode: 0o600 });
  } catch {
    // A read-only or missing folder costs the history, never the session.
  }
}

/** The newest `limit` entries of `file`, oldest first; cuts a file grown past twice `limit`. */
export function readHistory(file: string, limit = HISTORY_ENTRIES): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const entries = lines.filter((l, i) => i === 0 || l !== lines[i - 1]).slice(-limit);
  if (lines.length > 2 * limit) {
    const next = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(next, entries.map((e) => `${e}\n`).join(''), { mode: 0o600 });
      fs.renameSync(next, file);
    } catch {
      fs.rmSync(next, { force: true });
    }
  }
  return entries;
}
