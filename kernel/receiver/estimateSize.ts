/**
 * A quick estimate of the memory one received record takes, in bytes (Spark's
 * SizeEstimator, much simplified): strings count 2 bytes a character (an upper bound of
 * V8's one- or two-byte strings), Buffers and typed arrays their bytes, numbers and booleans
 * 8, and arrays and plain objects their entries, two levels deep, plus a header each.
 * why an estimate: it runs for every record a receiver stores, so it must not serialize.
 */
export function estimateSize(record: unknown, depth = 0): number {
  switch (typeof record) {
    case 'string':
      return 16 + 2 * record.length;
    case 'number':
    case 'boolean':
    case 'undefined':
      return 8;
    case 'bigint':
      return 16;
    case 'object': {
      if (record === null) return 8;
      if (ArrayBuffer.isView(record)) return 64 + record.byteLength;
      if (depth >= 2) return 64;
      let size = 32;
      if (Array.isArray(record)) {
        for (let i = 0; i < record.length; i++) size += 8 + estimateSize(record[i], depth + 1);
        return size;
      }
      for (const key in record) size += 16 + estimateSize((record as Record<string, unknown>)[key], depth + 1);
      return size;
    }
    default:
      return 32;
  }
}

/** The estimated bytes of `items[from, to)`. */
export function estimateRunSize(items: readonly unknown[], from: number, to: number): number {
  let size = 0;
  for (let i = from; i < to; i++) size += estimateSize(items[i]);
  return size;
}
