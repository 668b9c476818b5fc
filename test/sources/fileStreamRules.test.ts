import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OutputOperationInfo } from '../../kernel';
import { collectBatches, receiverContext, stopActive, waitFor } from '../receiver/helpers';

// Issue 13 item 3: Spark's FileInputDStream rules on modification times, fileStream and
// binaryRecordsStream.

afterEach(stopActive);

const HOUR = 3_600_000;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-filerules-'));
}

/** Writes `name` under a hidden name with modification time `mtimeMs`, then renames it into place ("moved in"). */
function moveIn(dir: string, name: string, text: string | Buffer, mtimeMs: number = Date.now()): void {
  const hidden = path.join(dir, `.${name}.tmp`);
  fs.writeFileSync(hidden, text);
  fs.utimesSync(hidden, mtimeMs / 1000, mtimeMs / 1000);
  fs.renameSync(hidden, path.join(dir, name));
}

test('a file moved in with an old or a future modification time is not read; one of now is', async () => {
  const dir = tempDir();
  const { ssc } = receiverContext();
  const batches = collectBatches(ssc.textFileStream(dir));
  ssc.start();
  moveIn(dir, 'two-hours-old.txt', 'old\n', Date.now() - 2 * HOUR);
  moveIn(dir, 'future.txt', 'future\n', Date.now() + 2 * HOUR);
  moveIn(dir, 'now.txt', 'now\n');
  await ssc.advance(2);
  assert.deepEqual(batches.map((b) => b.partitions), [[['now']], []]);
});

test('a file from the near future waits for its time, then is read once', async () => {
  const dir = tempDir();
  const { ssc } = receiverContext();
  const batches = collectBatches(ssc.textFileStream(dir));
  ssc.start();
  const due = Date.now() + 1500;
  moveIn(dir, 'soon.txt', 'soon\n', due);
  await ssc.advance(1);
  await waitFor(() => Date.now() > due + 5, 'the wall clock to pass the file time', 10_000);
  await ssc.advance(2);
  assert.deepEqual(batches.map((b) => b.partitions), [[], [['soon']], []]);
});

test('fileStream with newFilesOnly false reads files modified within the remember window, not older ones', async () => {
  const dir = tempDir();
  moveIn(dir, 'recent.txt', 'recent\n', Date.now() - 30_000);
  moveIn(dir, 'stale.txt', 'stale\n', Date.now() - 2 * HOUR);
  moveIn(dir, 'skip.log', 'not csv\n', Date.now() - 1000);
  const { ssc } = receiverContext();
  const batches = collectBatches(ssc.fileStream(dir, { newFilesOnly: false, filter: (f) => f.endsWith('.txt') }));
  ssc.start();
  await ssc.advance(2);
  assert.deepEqual(batches.map((b) => b.partitions), [[['recent']], []]);
  assert.equal(ssc.graph.inputStreams[0].name, 'fileStream');
});

test('spark.streaming.fileStream.minRememberDuration sets the window (rounded up to whole batches)', async () => {
  const dir = tempDir();
  moveIn(dir, 'three-seconds.txt', 'in\n', Date.now() - 3000);
  moveIn(dir, 'ten-seconds.txt', 'out\n', Date.now() - 10_000);
  const { ssc } = receiverContext({ 'spark.streaming.fileStream.minRememberDuration': '4500ms' });
  const stream = ssc.fileStream(dir, { newFilesOnly: false });
  const batches = collectBatches(stream);
  assert.equal((stream as unknown as { durationToRemember: { milliseconds: number } }).durationToRemember.milliseconds, 5000);
  ssc.start();
  await ssc.advance(1);
  assert.deepEqual(batches.map((b) => b.partitions), [[['in']]]);
});

test('binaryRecordsStream cuts each new file into fixed-length records; a partial record fails that batch', async () => {
  const dir = tempDir();
  const { ssc } = receiverContext();
  const stream = ssc.binaryRecordsStream(dir, 4);
  const batches = collectBatches(stream.map((b) => b.toString('hex')));
  const infos: OutputOperationInfo[] = [];
  ssc.addStreamingListener({ onOutputOperationCompleted: ({ outputOperationInfo }) => void infos.push(outputOperationInfo) });
  ssc.start();
  moveIn(dir, 'a.bin', Buffer.from('000102030405060708090a0b', 'hex'));
  await ssc.advance(1);
  moveIn(dir, 'partial.bin', Buffer.from('0001020304', 'hex'));
  await ssc.advance(1);
  assert.deepEqual(batches.map((b) => b.partitions), [[['00010203', '04050607', '08090a0b']]]);
  assert.match(infos[1].failureReason ?? '', /partial\.bin is 5 bytes, not a multiple of the record length 4/);
  assert.throws(() => ssc.binaryRecordsStream(dir, 0), /positive whole record length/);
});
