import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import { formatElement } from '../../kernel';
import { manualContext, newSc, stopActive } from './helpers';

afterEach(stopActive);

test("print() writes Spark's block: rules, Time line, up to num elements, '...', blank line", async () => {
  const { ssc, out } = manualContext(newSc());
  ssc.queueStream<unknown>([[1, 2, 3], [], [['a', 1], ['b', [2, 3, 4]]]]).print(2);
  ssc.start();
  await ssc.advance(3);
  const rule = '-------------------------------------------';
  assert.deepEqual(out, [
    `${rule}\nTime: 1000 ms\n${rule}\n1\n2\n...\n\n`,
    `${rule}\nTime: 2000 ms\n${rule}\n\n`,
    `${rule}\nTime: 3000 ms\n${rule}\n(a,1)\n(b,[2,3,4])\n\n`,
  ]);
});

test('elements are written as API.md says', () => {
  assert.equal(formatElement('x y'), 'x y');
  assert.equal(formatElement(1.5), '1.5');
  assert.equal(formatElement(10n), '10');
  assert.equal(formatElement(true), 'true');
  assert.equal(formatElement(['k', ['a', undefined]]), '(k,(a,None))');
  assert.equal(formatElement([1, 2, 3]), '[1,2,3]');
  assert.equal(formatElement([]), '[]');
  assert.equal(formatElement(null), 'null');
  assert.equal(formatElement({ a: 1, b: 'x' }), '{"a":1,"b":"x"}');
});

test('saveAsTextFiles writes prefix-<ms>[.suffix]/part-NNNNN per partition and _SUCCESS', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-save-'));
  try {
    const sc = newSc();
    const { ssc } = manualContext(sc);
    const batches = [sc.parallelize(['a', 'b', 'c'], 2), sc.parallelize<string>([], 2)];
    ssc.queueStream(batches).map((w): [string, number] => [w, w.length]).saveAsTextFiles(path.join(dir, 'out'), 'txt');
    ssc.start();
    await ssc.advance(2);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['out-1000.txt', 'out-2000.txt']);
    const first = path.join(dir, 'out-1000.txt');
    assert.deepEqual(fs.readdirSync(first).sort(), ['_SUCCESS', 'part-00000', 'part-00001']);
    assert.equal(fs.readFileSync(path.join(first, 'part-00000'), 'utf8'), '(a,1)\n');
    assert.equal(fs.readFileSync(path.join(first, 'part-00001'), 'utf8'), '(b,1)\n(c,1)\n');
    assert.equal(fs.readFileSync(path.join(first, '_SUCCESS'), 'utf8'), '');
    assert.equal(fs.readFileSync(path.join(dir, 'out-2000.txt', 'part-00001'), 'utf8'), '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('saveAsTextFile refuses to overwrite an existing directory and leaves no temporary files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-save-'));
  try {
    const sc = newSc();
    await sc.parallelize([1]).saveAsTextFile(path.join(dir, 'x'));
    await assert.rejects(sc.parallelize([2]).saveAsTextFile(path.join(dir, 'x')), /already exists/);
    assert.deepEqual(fs.readdirSync(dir), ['x']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
