/**
 * `to` as a stream's `write`: each chunk handed over as text, the write's callback called
 * on the next tick, never back-pressure (`to` takes everything).
 */
export function asStreamWrite(to: (text: string) => void): NodeJS.WriteStream['write'] {
  return ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
    to(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as NodeJS.WriteStream['write'];
}

/**
 * Sends everything written to `stream` (process.stdout, process.stderr) to `to` instead,
 * whoever writes it (console objects bound early included: they call `stream.write`).
 * Returns a function that puts the stream's own `write` back.
 */
export function redirectWrites(stream: NodeJS.WriteStream, to: (text: string) => void): () => void {
  const own = Object.prototype.hasOwnProperty.call(stream, 'write');
  const original = stream.write;
  stream.write = asStreamWrite(to);
  return () => {
    if (own) stream.write = original;
    else delete (stream as { write?: unknown }).write;
  };
}
