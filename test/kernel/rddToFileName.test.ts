import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Time } from '../../kernel';
import { rddToFileName } from '../../kernel/dstream/operations';
import { manualContext, newSc } from './helpers';

// Issue 13 item 10: Spark's StreamingContext.rddToFileName.
test('rddToFileName puts the dash only after a non-empty prefix and the dot only before a non-empty suffix', () => {
  const t = new Time(1000);
  assert.equal(rddToFileName('out', 'txt', t), 'out-1000.txt');
  assert.equal(rddToFileName('out', '', t), 'out-1000');
  assert.equal(rddToFileName('out', undefined, t), 'out-1000');
  assert.equal(rddToFileName('', 'rel', t), '1000.rel');
  assert.equal(rddToFileName('', '', t), '1000');
});

test("saveAsTextFiles('', 'rel') writes 1000.rel, as Spark does", async () => {
  const cwd = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-save-'));
  process.chdir(dir);
  try {
    const { ssc } = manualContext(newSc());
    ssc.queueStream<number>([[1, 2]]).saveAsTextFiles('', 'rel');
    ssc.start();
    await ssc.advance(1);
    await ssc.stop(true);
    assert.deepEqual(fs.readdirSync(dir), ['1000.rel']);
    assert.ok(fs.existsSync(path.join(dir, '1000.rel', '_SUCCESS')));
  } finally {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
