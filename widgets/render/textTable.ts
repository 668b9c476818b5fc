/** Rows as fixed-width text columns (header first), each column as wide as its widest cell, clipped to `width`. */
export function textTable(headers: string[], rows: string[][], width: number): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => {
    const text = cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return text.length <= width ? text : text.slice(0, Math.max(0, width));
  };
  return [line(headers), ...rows.map(line)];
}
