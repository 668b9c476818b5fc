import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing, type TmuxReplOptions } from '../repl/support/TmuxRepl';

const repls: TmuxRepl[] = [];
const dirs: string[] = [];
after(() => {
  repls.splice(0).forEach((r) => r.kill());
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

async function start(args: string[], options: TmuxReplOptions = {}): Promise<TmuxRepl> {
  const r = await TmuxRepl.start(['--no-banner', ...args], options);
  repls.push(r);
  return r;
}

test('issue 10 item 8: sc, an RDD, a DStream and a pending Promise show what matters; a second start warns as Spark does', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start(['--manual', '--master', 'local[2]']);
  assert.match(await r.run('sc'), /\nSparkContext\[local\[2\], app eddy-repl\]\n/);
  const pending = await r.run('sc.parallelize([1, 2, 3]).collect()');
  assert.match(pending, /\nPromise — add await to get its value/);
  assert.doesNotMatch(pending, /async_id_symbol|<pending>/);
  assert.match(await r.run('await sc.parallelize([1, 2, 3]).collect()'), /\[ 1, 2, 3 \]/);
  const lineage = await r.run("sc.parallelize(['a b', 'b'], 2).flatMap(l => l.split(' ')).map(w => [w, 1]).reduceByKey((a, b) => a + b)");
  assert.match(lineage, /\n\(2\) ShuffledRDD\[\d+\] at reduceByKey \[\]\n \+-\(2\) MapPartitionsRDD\[\d+\] at map \[\]\n    \|  MapPartitionsRDD\[\d+\] at flatMap \[\]\n    \|  ParallelCollectionRDD\[\d+\] at parallelize \[\]\n/);
  const stream = await r.run('lines.map(l => l.length).window(Seconds(3))');
  assert.match(stream, /\nWindowedDStream\[\d+\] window \(slide 1s, window 3s\)\n└─ \w*DStream\[\d+\] map \(slide 1s\)\n   └─ SampleLinesDStream\[\d+\] lines \(slide 1s\)\n/);
  await r.run('lines.count().print()');
  await r.run('ssc.start()');
  assert.match(await r.run('ssc.start()'), /\nWARN StreamingContext: StreamingContext has already been started\n/);
});

test('issue 10 item 9: sessions sharing a history file append whole entries; the prompt keeps 1,000', { timeout: 120_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-history-'));
  dirs.push(dir);
  const historyFile = path.join(dir, 'history');
  // An old history of 1,500 entries: the newest 1,000 are kept.
  fs.writeFileSync(historyFile, Array.from({ length: 1500 }, (_, i) => `old${i}\n`).join(''));
  const [a, b] = await Promise.all([start([], { historyFile }), start([], { historyFile })]);
  // Both sessions take many lines at once, interleaved.
  const linesOf = (who: string): string => Array.from({ length: 60 }, (_, i) => `const ${who}${i} = '${who.repeat(40)}${i}'\n`).join('');
  a.paste(linesOf('a'));
  b.paste(linesOf('b'));
  for (const [r, who] of [[a, 'a'], [b, 'b']] as const) {
    await r.waitFor((s) => s.includes(`const ${who}59 =`) && s.trimEnd().endsWith('eddy>'), 60_000);
  }
  const entries = fs.readFileSync(historyFile, 'utf8').split('\n').slice(0, -1);
  const fresh = entries.slice(1500);
  assert.equal(fresh.length, 120, 'every line of both sessions is in the file');
  for (const e of fresh) assert.match(e, /^const ([ab])(\d+) = '\1{40}\2'$/, `a spliced entry: ${e}`);
  assert.deepEqual(entries.slice(0, 1500), Array.from({ length: 1500 }, (_, i) => `old${i}`));

  // A third session: Up brings the newest entry.
  const c = await start([], { historyFile });
  c.key('Up');
  await c.waitFor((s) => /eddy> const [ab]59 = /.test(s.trimEnd().split('\n').at(-1) ?? ''), 10_000);
  // 1,000 entries are kept (test/repl/historyFile.test.ts counts them); 50 Ups go back 50.
  c.key('C-u');
  c.keys('Up', 50);
  await c.waitFor((s) => /^eddy> const [ab]\d+ = /.test(s.trimEnd().split('\n').at(-1) ?? ''), 20_000);
});
