import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachInRun, isSerialized, runLength, type RecordRun } from '../../kernel/receiver/RecordRun';
import { LineSplitter } from '../../kernel/sources/LineSplitter';

function read(runs: Array<RecordRun<string>>): string[] {
  const out: string[] = [];
  for (const run of runs) forEachInRun(run, (line) => out.push(line));
  return out;
}

test('a well-formed chunk is kept as bytes with its line count; lines lose one trailing CR', () => {
  const splitter = new LineSplitter(1024, () => assert.fail('no warning expected'));
  const runs = splitter.push(Buffer.from('a\r\nb\r\r\n\nlast-part'));
  assert.equal(runs.length, 1);
  assert.ok(isSerialized(runs[0]));
  assert.equal(runLength(runs[0]), 3);
  assert.deepEqual(read(runs), ['a', 'b\r', '']);
  assert.deepEqual(read(splitter.push(Buffer.from('-end\n'))), ['last-part-end']);
});

test('a line split across chunks is joined; the serialized run keeps its place between them', () => {
  const splitter = new LineSplitter(1024, () => undefined);
  assert.deepEqual(read(splitter.push(Buffer.from('he'))), []);
  const runs = splitter.push(Buffer.from('llo\nx\ny\nz'));
  assert.deepEqual(read(runs), ['hello', 'x', 'y']);
  assert.deepEqual(splitter.flush(), ['z']);
});

test('invalid UTF-8 and over-long lines take the record-by-record path and warn', () => {
  const warnings: string[] = [];
  const splitter = new LineSplitter(8, (w) => warnings.push(w.kind));
  const bad = Buffer.concat([Buffer.from('ok\n'), Buffer.from([0xff, 0xfe]), Buffer.from('\nz\n')]);
  const runs = splitter.push(bad);
  assert.ok(runs.every((r) => !isSerialized(r)));
  assert.deepEqual(read(runs), ['ok', '\ufffd\ufffd', 'z']);
  assert.deepEqual(read(splitter.push(Buffer.from('0123456789abcdef\n'))), ['01234567', '89abcdef']);
  assert.deepEqual([...new Set(warnings)], ['invalid-utf8', 'line-too-long']);
});
