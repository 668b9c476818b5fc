import type { SqlResult } from '../kernel';

/** Rows shown per result; the rest are counted. */
const MAX_ROWS = 100;
/** Characters shown per cell. */
const MAX_CELL = 40;

/**
 * A statement's result as psql prints it: a header, a rule, aligned rows (numbers to the
 * right, NULL as an empty cell) and a `(n rows)` footer; a statement without rows as
 * `OK` and its row count.
 */
export function formatSqlResult(result: SqlResult): string {
  // PGlite gives no command tag: a statement without rows is OK, with the rows it changed if any.
  if (result.fields.length === 0) return !result.rowCount ? 'OK' : `OK, ${result.rowCount} row${result.rowCount === 1 ? '' : 's'}`;
  const shown = result.rows.slice(0, MAX_ROWS);
  const cells = shown.map((row) => result.fields.map((f) => cell(row[f])));
  const numeric = result.fields.map((f) => shown.length > 0 && shown.every((row) => isNumber(row[f])));
  const widths = result.fields.map((f, c) => Math.max(f.length, ...cells.map((r) => r[c].length)));
  const line = (values: string[], alignRight: boolean[]): string =>
    ` ${values.map((v, c) => (alignRight[c] ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join(' | ')}`.trimEnd();
  const out = [line(result.fields, numeric), widths.map((w) => '-'.repeat(w + 2)).join('+')];
  for (const r of cells) out.push(line(r, numeric));
  const more = result.rows.length - shown.length;
  if (more > 0) out.push(`... ${more} more row${more === 1 ? '' : 's'} (add LIMIT, or ORDER BY to choose)`);
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return out.join('\n');
}

function isNumber(v: unknown): boolean {
  return v === null || v === undefined || typeof v === 'number' || typeof v === 'bigint';
}

function cell(v: unknown): string {
  let text: string;
  if (v === null || v === undefined) text = '';
  else if (v instanceof Date) text = v.toISOString();
  else if (v instanceof Uint8Array) text = `\\x${Buffer.from(v).toString('hex')}`;
  else if (typeof v === 'object') text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  else text = String(v);
  text = text.replace(/\n/g, '\\n');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}
