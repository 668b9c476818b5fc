import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectBatches, receiverContext, stopActive } from '../receiver/helpers';

afterEach(stopActive);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-files-'));
}

test('files that appear after start are read once each; files there before, and hidden names, are not', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'old.txt'), 'old\n');
  const { ssc } = receiverContext();
  const batches = collectBatches(ssc.textFileStream(dir));
  ssc.start();
  fs.writeFileSync(path.join(dir, 'a.txt'), 'a1\r\na2\n');
  fs.writeFileSync(path.join(dir, '.hidden'), 'no\n');
  fs.writeFileSync(path.join(dir, '_writing'), 'no\n');
  fs.writeFileSync(path.join(dir, 'b.txt.tmp'), 'no\n');
  await ssc.advance(1);
  // write-then-rename: the file shows up complete
  fs.renameSync(path.join(dir, 'b.txt.tmp'), path.join(dir, 'b.txt'));
  fs.writeFileSync(path.join(dir, 'c.txt'), 'c1\nc2');
  await ssc.advance(1);
  await ssc.advance(1);
  assert.deepEqual(batches[0].partitions, [['a1', 'a2']]);
  assert.deepEqual(batches[1].partitions, [['no'], ['c1', 'c2']]);
  assert.deepEqual(batches[2].partitions, []);
});

test('a file that vanishes before it is read gives a warning and the stream goes on', async () => {
  const dir = tempDir();
  const { ssc, err } = receiverContext();
  const batches = collectBatches(ssc.textFileStream(dir));
  ssc.bus.on('batch.submitted', () => {
    if (fs.existsSync(path.join(dir, 'gone.txt'))) fs.unlinkSync(path.join(dir, 'gone.txt'));
  });
  ssc.start();
  fs.writeFileSync(path.join(dir, 'gone.txt'), 'lost\n');
  fs.writeFileSync(path.join(dir, 'kept.txt'), 'kept\n');
  await ssc.advance(1);
  fs.writeFileSync(path.join(dir, 'next.txt'), 'next\n');
  await ssc.advance(1);
  assert.deepEqual(batches[0].partitions, [[], ['kept']]);
  assert.deepEqual(batches[1].partitions, [['next']]);
  assert.ok(err.some((t) => t.includes('gone.txt') && t.includes('vanished')), err.join(''));
  assert.equal(ssc.getState(), 'ACTIVE');
});

test('a directory that cannot be listed is reported per batch, not fatal', async () => {
  const dir = path.join(tempDir(), 'not-yet');
  const { ssc, err } = receiverContext();
  const batches = collectBatches(ssc.textFileStream(dir));
  ssc.start();
  await ssc.advance(1);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'x.txt'), 'x\n');
  await ssc.advance(1);
  assert.ok(err.some((t) => t.includes('cannot list')));
  assert.deepEqual(batches.map((b) => b.partitions), [[], [['x']]]);
});
