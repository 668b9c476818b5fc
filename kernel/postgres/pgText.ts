import type { ColumnShape } from './TableShape';

/**
 * A value in PostgreSQL's text form for a column, or null for SQL NULL: the sink sends
 * every column as a text array and lets the server cast it to the column's type, so a
 * value that does not fit fails there with PostgreSQL's own words. Dates as ISO-8601,
 * bytes as `\x` hex, objects as JSON, arrays into an array column as an array literal.
 */
export function pgText(value: unknown, column: ColumnShape): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value) && column.category === 'A') return arrayLiteral(value);
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = pgText(v, { name: '', type: '', category: '', typname: '' }) as string;
    return `"${text.replace(/[\\"]/g, '\\$&')}"`;
  });
  return `{${items.join(',')}}`;
}
