/**
 * How `print()` and `saveAsTextFile(s)` write an element (API.md, "Writing elements"):
 * tuples as `(k,v)`, other arrays as `[a,b,c]`, `undefined` as `None`, objects as JSON.
 */
export function formatElement(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'None';
    case 'function':
    case 'symbol':
      return String(value);
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const parts = value.map(formatElement).join(',');
    return value.length === 2 ? `(${parts})` : `[${parts}]`;
  }
  try {
    const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return json ?? String(value);
  } catch {
    return String(value);
  }
}
