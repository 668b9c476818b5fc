/** The line that separates cells in a script (`:load`, `:save`, lessons). */
export const CELL_MARK = '// %%';

const MARK_LINE = /^\s*\/\/\s*%%.*$/;

/** A script: comment lines before its first `// %%` (a title, shown but not run), then its cells. */
export interface Script {
  intro: string;
  cells: string[];
}

/** A script's cells: the text between `// %%` lines, trimmed, empty ones dropped. */
export function splitCells(text: string): Script {
  const cells: string[] = [];
  let current: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (MARK_LINE.test(line)) {
      cells.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  cells.push(current.join('\n'));
  const trimmed = cells.map((c) => c.trim());
  const head = trimmed[0] ?? '';
  const intro = trimmed.length > 1 && head.split('\n').every((l) => l.trim() === '' || /^\s*\/\//.test(l)) ? head : '';
  return { intro, cells: (intro ? trimmed.slice(1) : trimmed).filter((c) => c.length > 0) };
}

/** Cells written as a script that `splitCells` reads back. */
export function joinCells(cells: readonly string[], header: string): string {
  return [`// ${header}`, ...cells.map((c) => `${CELL_MARK}\n${c}`)].join('\n') + '\n';
}

/**
 * A cell that is a REPL command rather than code: written `// :step 3` in a script so the
 * file stays valid TypeScript. Returns the command text (`:step 3`) or undefined.
 */
export function commandOfCell(cell: string, commandNames: ReadonlySet<string>): string | undefined {
  const m = /^\/\/\s*(:([a-z]+)\b.*)$/.exec(cell.trim());
  if (!m || cell.trim().includes('\n') || !commandNames.has(m[2])) return undefined;
  return m[1].trim();
}
