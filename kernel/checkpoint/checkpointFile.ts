import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** The first bytes of every checkpoint file Eddy writes (metadata, state data, WAL records). */
const MAGIC = Buffer.from('EDDYCKP1', 'latin1');
/** Bytes before the payload of a framed file or record: magic, payload length (uint32), checksum (uint32). */
export const FRAME_HEADER_BYTES = MAGIC.length + 8;
const HEADER = FRAME_HEADER_BYTES;

/** zlib.crc32 where this Node has it (20.15+), else the first 4 bytes of an md5. */
function checksum(data: Buffer): number {
  const crc32 = (zlib as unknown as { crc32?: (b: Buffer) => number }).crc32;
  if (crc32 !== undefined) return crc32(data) >>> 0;
  return crypto.createHash('md5').update(data).digest().readUInt32BE(0);
}

/** Payload framed with a magic, its length and a checksum, so that a torn or corrupt file is recognized. */
export function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(payload.length, MAGIC.length);
  header.writeUInt32BE(checksum(payload), MAGIC.length + 4);
  return Buffer.concat([header, payload]);
}

/**
 * The payload length a frame header announces, or undefined when `header` (its first
 * FRAME_HEADER_BYTES bytes) is not a frame header: how a log of framed records is read
 * one record at a time.
 */
export function framedPayloadLength(header: Buffer): number | undefined {
  if (header.length < HEADER || !header.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  return header.readUInt32BE(MAGIC.length);
}

/** The payload of a framed file; throws (saying what is wrong) when it is truncated or corrupt. */
export function unframe(data: Buffer, file: string): Buffer {
  if (data.length < HEADER || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error(`${file} is not an Eddy checkpoint file (bad header, ${data.length} bytes)`);
  }
  const length = data.readUInt32BE(MAGIC.length);
  if (data.length !== HEADER + length) throw new Error(`${file} is truncated or has trailing bytes (${data.length - HEADER} of ${length} bytes)`);
  const payload = data.subarray(HEADER);
  if (checksum(payload) !== data.readUInt32BE(MAGIC.length + 4)) throw new Error(`${file} is corrupt (checksum mismatch)`);
  return payload;
}

/**
 * Writes `data` to `file` atomically (Spark's CheckpointWriter: temp file, then rename):
 * a hidden temp file in the same directory, fsync, rename over the target, fsync the
 * directory. A reader sees the old file or the whole new one, even after a kill or a crash.
 */
export async function writeFileAtomically(file: string, data: Buffer): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fs.promises.open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temp, file);
  await syncDirectory(dir);
}

/** fsync of a directory makes a rename in it durable (a no-op where the platform refuses it). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems do not allow fsync on a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
