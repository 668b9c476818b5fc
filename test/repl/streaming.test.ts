import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from './support/TmuxRepl';

let repl: TmuxRepl | undefined;
afterEach(() => {
  repl?.kill();
  repl = undefined;
});

test('the word count on the built-in sample prints Time blocks with counts', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  repl = await TmuxRepl.start(['--interval', '200ms']);
  assert.match(repl.screen(), /lines\s+built-in sample stream/);
  repl.type(`lines.flatMap(l => l.split(' ')).countByValue().print(); ssc.start()`);
  repl.key('Enter');
  const screen = await repl.waitFor((s) => (s.match(/^Time: \d+ ms$/gm) ?? []).length >= 3);
  assert.match(screen, /^-{43}\nTime: \d+ ms\n-{43}\n\([a-z]+,\d+\)$/m);
  assert.match(screen, /^\(the,\d+\)$/m);
  const times = [...screen.matchAll(/^Time: (\d+) ms$/gm)].map((m) => Number(m[1]));
  assert.ok(times.every((ms) => ms % 200 === 0), `batch times fall on multiples of 200 ms: ${times}`);
  const stopped = await repl.run(':stop', /sc kept/);
  assert.match(stopped, /STOPPED/);
});

test(':new 500ms stops the context, keeps sc and the user variables, and a new pipeline runs', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  repl = await TmuxRepl.start(['--no-banner']);
  await repl.run('sc.marker = 42; const kept = "still here"');
  await repl.run('lines.count().print(); ssc.start()');
  const made = await repl.run(':new 500ms', /ssc is a new/);
  assert.match(made, /StreamingContext\(500ms, INITIALIZED\)/);
  assert.match(await repl.run('sc.marker', /^42$/m), /^42$/m);
  assert.match(await repl.run('kept', /still here/), /'still here'/);
  assert.match(await repl.run('ssc.batchDuration.milliseconds', /^500$/m), /^500$/m);
  repl.type('lines.map(l => l.length).reduce((a, b) => a + b).print(); ssc.start()');
  repl.key('Enter');
  const screen = await repl.waitFor((s) => /Time: \d+ ms\n-+\n\d+\n[\s\S]*Time: \d+ ms\n-+\n\d+/.test(s.slice(s.indexOf('reduce(('))));
  const times = [...screen.slice(screen.indexOf('reduce((')).matchAll(/^Time: (\d+) ms$/gm)].map((m) => Number(m[1]));
  assert.ok(times.length >= 2 && times.every((ms) => ms % 500 === 0), `batches of the new context every 500 ms: ${times}`);
  await repl.run(':stop');
});

test(':step 3 on a manual clock prints three batches and the timeline with window coverage', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  repl = await TmuxRepl.start(['--no-banner']);
  await repl.run(':new 1s --manual', /manual clock/);
  await repl.run(`const words = lines.flatMap(l => l.split(' '))`);
  await repl.run('words.window(Seconds(2), Seconds(1)).count().print()');
  const out = await repl.run(':step 3', /covers/);
  assert.deepEqual([...out.matchAll(/^Time: (\d+) ms$/gm)].map((m) => m[1]), ['1000', '2000', '3000']);
  assert.match(out, /^stream\s+\| 1000 ms\s+\| 2000 ms\s+\| 3000 ms$/m);
  assert.match(out, /^lines\[0\] in\s+\| 2: the quick brown fox/m);
  assert.match(out, /^window\[\d+\] 2s\s+\| 17: /m);
  // the window at 3000 ms read batches 2000 and 3000, not 1000
  assert.match(out, /^ {2}@3000 covers\s+\|\s+\|\[=+\]$/m);
  const graph = await repl.run(':graph', /WindowedDStream/);
  assert.match(graph, /SampleLinesDStream\[0\] lines .*remembers 3 RDDs \[1000, 2000, 3000\]/);
  const status = await repl.run(':status', /batches/);
  assert.match(status, /ACTIVE, batch 1000 ms, manual clock at 3000 ms/);
  assert.match(status, /3 completed/);
});

test('a user function that throws in a batch shows its stack, and the REPL answers the next line', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  repl = await TmuxRepl.start(['--no-banner', '--manual']);
  await repl.run(`const boom = lines.map((l: string): string => { throw new Error('boom in map') })`);
  await repl.run('boom.print()');
  const out = await repl.run(':step 1', /boom in map[\s\S]*eddy> /);
  assert.match(out, /Error: boom in map\n\s+at eddy-repl:1:\d+/);
  assert.match(await repl.run('6 * 7', /^42$/m), /^42$/m);
  const late = await repl.run(`setTimeout(() => { throw new Error('late failure') }, 0); 'scheduled'`, /late failure/);
  assert.match(late, /Uncaught (\(in the background\) )?Error: late failure/);
  assert.match(await repl.run(`ssc.getState()`, /ACTIVE/), /'ACTIVE'/);
});

test('print output while the user is typing goes above the prompt, and the typed text stays intact', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  repl = await TmuxRepl.start(['--no-banner', '--interval', '200ms']);
  await repl.run('lines.count().print(); ssc.start()', /Time: \d+ ms/);
  repl.type('const typed = 40 +');
  const blocks = (s: string): number => (s.slice(s.lastIndexOf('const typed')).match(/^Time: \d+ ms$/gm) ?? []).length;
  const before = repl.screen();
  await repl.waitFor((s) => (s.match(/^Time: \d+ ms$/gm) ?? []).length >= (before.match(/^Time: \d+ ms$/gm) ?? []).length + 2);
  const screen = repl.screen().replace(/\s+$/, '');
  assert.match(screen.split('\n').pop() ?? '', /^eddy> const typed = 40 \+$/);
  assert.equal(blocks(screen), 0, 'no output landed after the typed text');
  repl.type(' 2');
  repl.key('Enter');
  await repl.run(':stop', /sc kept/);
  assert.match(await repl.run('typed', /^42$/m), /^42$/m);
});
