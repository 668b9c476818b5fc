/**
 * Rows as fixed-width text columns (header first), each column as wide as its widest cell,
 * fitting `width`: when they do not fit, columns are first set one space apart instead of
 * two, then the columns named in `dropFirst` are left out, in that order, so that a header
 * never wraps and no cell is cut mid-figure. Only if even that is too wide are lines clipped.
 */
export function textTable(headers: string[], rows: string[][], width: number, dropFirst: readonly string[] = []): string[] {
  let keep = headers.map((_h, i) => i);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = (gap: number): number => keep.reduce((sum, i) => sum + widths[i], 0) + gap * (keep.length - 1);
  let gap = total(2) <= width ? 2 : 1;
  for (const name of dropFirst) {
    if (total(gap) <= width) break;
    keep = keep.filter((i) => headers[i] !== name);
  }
  if (total(2) <= width) gap = 2;
  const line = (cells: string[]): string => {
    const text = keep.map((i, n) => (n === 0 ? (cells[i] ?? '').padEnd(widths[i]) : (cells[i] ?? '').padStart(widths[i]))).join(' '.repeat(gap));
    return text.length <= width ? text : text.slice(0, Math.max(0, width));
  };
  return [line(headers), ...rows.map(line)];
}
