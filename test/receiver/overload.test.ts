import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

// Issue 13 item 5, the overload acceptance: 64 KiB lines offered as fast as TCP takes them
// to a socket receiver limited to 50 lines/s, for 20 s, in a child with a 512 MiB heap. The
// receiver's buffer is bounded in bytes (spark.streaming.receiver.maxBufferBytes, a tenth of
// the heap by default), so it stops reading the socket and TCP holds the sender back.

const ROOT = path.resolve(__dirname, '..', '..');
const LINE = Buffer.concat([Buffer.alloc(64 * 1024 - 1, 'x'), Buffer.from('\n')]);
const SECONDS = 20;
const RATE = 50;

test('64 KiB lines into a rate-limited socket receiver for 20 s under a 512 MiB heap: no crash, heap bounded, backpressure seen', { timeout: 150_000 }, async () => {
  let sent = 0;
  let blockedWrites = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const pump = (): void => {
      while (!socket.destroyed) {
        sent += LINE.length;
        if (!socket.write(LINE)) {
          blockedWrites++;
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  const child = spawn(
    process.execPath,
    ['--max-old-space-size=512', '-r', 'ts-node/register/transpile-only', 'test/receiver/fixtures/overloadedReceiver.ts', String(port), String(SECONDS * 1000), String(RATE)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));

  assert.equal(code, 0, `the receiver process died: ${stderr.slice(-2000)}`);
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
  const MiB = 2 ** 20;
  const figures = `peak heap ${(r.peakHeap / MiB).toFixed(0)} MiB of ${(r.heapLimit / MiB).toFixed(0)}; queued up to ${r.maxQueued} lines, ${(r.maxQueuedBytes / MiB).toFixed(1)} MiB; processed ${r.processed} lines in ${r.batches} batches; sender wrote ${(sent / MiB).toFixed(0)} MiB`;
  console.log(figures);
  assert.ok(r.peakHeap < 512 * MiB, `heap over the bound: ${figures}`);
  assert.equal(r.failures, 0, figures);
  // The rate limit held: at most RATE lines a second were processed (plus the first tokens).
  assert.ok(r.processed <= RATE * (SECONDS + 2), figures);
  assert.ok(r.processed >= RATE * 5, `too little got through: ${figures}`);
  // Backpressure in the listener's figures: the limit, and a queue held at the byte bound.
  assert.equal(r.limit, RATE);
  assert.ok(r.rateUpdates >= 5, figures);
  assert.ok(r.maxQueuedBytes > 0 && r.maxQueuedBytes <= r.heapLimit * 0.1 + 4 * MiB, `queued bytes out of bound: ${figures}`);
  // ...and on the wire: the sender was held back far below what it offered (memory speed).
  assert.ok(blockedWrites > 0, figures);
  assert.ok(sent < r.heapLimit, `the sender pushed more than the whole heap through: ${figures}`);
});
