import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeBuild, startChild, waitUntil } from './crash/crashHarness';

after(removeBuild);

test('with spark.streaming.stopGracefullyOnShutdown=true, SIGTERM drains what was received, checkpoints, then exits 0', { timeout: 120_000 }, async () => {
  const ckpt = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-shutdown-'));
  const log: string[] = [];
  const child = await startChild([ckpt, '1000'], log, 'shutdownChild');
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await waitUntil(() => out.includes('stored'), 'the receiver to store its records', 60_000);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const code = await exited;
  assert.equal(code, 0, `exit status (stderr: ${log.join('')})`);
  // Batches are 30 s long: only the graceful stop's drain batch can have taken the records.
  const counts = [...out.matchAll(/^batch \d+ (\d+)$/gm)].map((m) => Number(m[1]));
  assert.equal(counts.reduce((a, b) => a + b, 0), 1000, `every stored record was processed before exit: ${out}`);
  assert.match(log.join(''), /SIGTERM: stopping the StreamingContext gracefully/);
  assert.ok(fs.readdirSync(ckpt).some((f) => f.startsWith('checkpoint-')), 'the drained batch was checkpointed');
  fs.rmSync(ckpt, { recursive: true, force: true });
});
