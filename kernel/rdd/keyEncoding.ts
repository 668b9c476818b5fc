/**
 * Keys compare by value (API.md): primitives as themselves (a JS Map already treats
 * -0 as 0 and NaN as NaN, and keeps 1 and '1' apart), while arrays, plain objects and
 * Dates go through a stable structural encoding (object properties sorted, Dates by time).
 */
export function isStructuralKey(key: unknown): key is object {
  return typeof key === 'object' && key !== null;
}

export function encodeKey(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return 's' + JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? 'n0' : 'n' + String(value);
    case 'bigint':
      return 'b' + value.toString();
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return 'u';
    case 'symbol':
      return 'y' + String(value.description);
    case 'function':
      return 'f' + value.name;
    default:
      break;
  }
  if (value === null) return 'z';
  if (Array.isArray(value)) return '[' + value.map(encodeKey).join(',') + ']';
  if (value instanceof Date) return 'd' + String(value.getTime());
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([k, v]) => encodeKey(k) + '=>' + encodeKey(v)).sort();
    return 'M{' + entries.join(',') + '}';
  }
  if (value instanceof Set) return 'S{' + [...value].map(encodeKey).sort().join(',') + '}';
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + encodeKey(obj[k])).join(',') + '}';
}
