import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSample, readSample, sampleBatches, sampleCatalog, SAMPLES_DIR } from '../../samples';

test('the catalog lists the four shipped samples, each file in the documented format', () => {
  const catalog = sampleCatalog();
  assert.deepEqual(catalog.map((s) => s.name).sort(), ['pageviews', 'posts', 'sensors', 'words']);
  for (const info of catalog) {
    assert.equal(info.file, `data/${info.name}.tsv`);
    const rows = readSample(info.name);
    assert.equal(rows.length, info.records);
    assert.ok(rows.length > 100, `${info.name} has ${rows.length} records`);
    for (const r of rows) {
      assert.ok(!r.record.includes('\t') && !r.record.includes('\n'));
      assert.ok(r.offsetMs >= 0 && r.offsetMs < (info.durationMs ?? Infinity));
      if (info.fields) assert.equal(r.record.split(',').length, info.fields.length, `${info.name}: ${r.record}`);
    }
  }
});

test('the shipped data is small and the generator reproduces it byte for byte', () => {
  const total = sampleCatalog().reduce((n, s) => n + fs.statSync(path.join(SAMPLES_DIR, s.file)).size, 0);
  assert.ok(total < 400_000, `samples take ${total} bytes`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-samples-'));
  fs.mkdirSync(path.join(out, 'data'));
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(SAMPLES_DIR, 'generate.ts'), out], { cwd: path.join(SAMPLES_DIR, '..') });
  for (const s of sampleCatalog()) {
    assert.ok(fs.readFileSync(path.join(out, s.file)).equals(fs.readFileSync(path.join(SAMPLES_DIR, s.file))), `${s.file} differs`);
  }
  assert.equal(fs.readFileSync(path.join(out, 'catalog.json'), 'utf8'), fs.readFileSync(path.join(SAMPLES_DIR, 'catalog.json'), 'utf8'));
  fs.rmSync(out, { recursive: true });
});

test('the documented features are in the data: the pageviews burst and the silent sensor', () => {
  const views = readSample('pageviews');
  const perSecond = (from: number) => views.filter((v) => v.offsetMs >= from && v.offsetMs < from + 10_000).length / 10;
  assert.ok(perSecond(60_000) > 2.5 * perSecond(30_000), `burst ${perSecond(60_000)}/s vs ${perSecond(30_000)}/s`);
  const s05 = readSample('sensors').filter((r) => r.record.startsWith('s05,'));
  assert.ok(s05.some((r) => r.offsetMs < 40_000) && s05.some((r) => r.offsetMs >= 70_000));
  assert.equal(s05.filter((r) => r.offsetMs >= 40_000 && r.offsetMs < 70_000).length, 0);
});

test('sampleBatches groups by offset, and speed packs more recording into a batch', () => {
  const all = readSample('words');
  const batches = sampleBatches('words', 1000);
  assert.deepEqual(batches.flat(), all.map((r) => r.record));
  assert.deepEqual(batches[3], all.filter((r) => r.offsetMs >= 3000 && r.offsetMs < 4000).map((r) => r.record));
  const fast = sampleBatches('words', 1000, { speed: 4, limit: 2 });
  assert.equal(fast.length, 2);
  assert.deepEqual(fast[1], all.filter((r) => r.offsetMs >= 4000 && r.offsetMs < 8000).map((r) => r.record));
});

test('bad names and bad lines get errors that say what to do', () => {
  assert.throws(() => readSample('nope'), /no sample stream named "nope".*Use one of: words/);
  assert.throws(() => parseSample('10\ta\n5\tb\n', 'x.tsv'), /x\.tsv line 2 .*offsets that never decrease/);
  assert.throws(() => parseSample('abc\n', 'y.tsv'), /y\.tsv line 1/);
  assert.throws(() => sampleBatches('words', 0), /must be positive/);
});
