import { encodeKey } from './keyEncoding';

/**
 * A hash of a key that agrees with key equality. Strings, 32-bit integers and booleans
 * hash as Java does (`String.hashCode`, `Integer.hashCode`, `Boolean.hashCode`), so a
 * HashPartitioner puts those keys in the same partitions Spark would.
 */
export function hashKey(key: unknown): number {
  switch (typeof key) {
    case 'string':
      return hashString(key);
    case 'number':
      return hashNumber(key);
    case 'boolean':
      return key ? 1231 : 1237;
    case 'undefined':
      return 0;
    case 'bigint':
      return hashString(key.toString());
    default:
      return key === null ? 0 : hashString(encodeKey(key));
  }
}

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

const scratch = new DataView(new ArrayBuffer(8));

function hashNumber(n: number): number {
  if ((n | 0) === n) return n | 0; // `| 0` also maps -0 to 0
  if (Number.isNaN(n)) return 0x7ff80000;
  // Java's Double.hashCode: high word xor low word of the IEEE bits.
  scratch.setFloat64(0, n);
  return (scratch.getInt32(0) ^ scratch.getInt32(4)) | 0;
}

/** Java's `Utils.nonNegativeMod`, as Spark's HashPartitioner uses. */
export function nonNegativeMod(x: number, mod: number): number {
  const r = x % mod;
  return r < 0 ? r + mod : r;
}
