import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOrSkip } from '../support/requireOrSkip';
import { replStarter, tmuxMissing, type TmuxRepl } from '../repl/support/TmuxRepl';

// Issue 10 items 3, 13 and 14 as a user meets them at the prompt: the screen after each input.

const start = replStarter();
const manualRepl = (): Promise<TmuxRepl> => start(['--manual']);

test('item 3: an async map fails its batch with the rule, and the session goes on', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await manualRepl();
  await r.run('const keep = 7');
  await r.run('lines.map(async l => { throw new Error("boom " + l) }).print()');
  const screen = await r.run(':step 1', /map\[1\]/, 30_000);
  assert.match(screen, /map's function returned a Promise; transformations run synchronously, as in Spark/);
  assert.doesNotMatch(screen, /boom/, 'the rejection is not what the user sees, nor does it escape');
  assert.match(await r.run('keep * 6'), /\b42\b/);
  await r.run(':new 1s --manual');
  await r.run('lines.filter(async l => false).count().print()');
  assert.match(await r.run(':step 1', /filter/, 30_000), /filter's function returned a Promise/);
});

test('item 14: :step runs each user function once per record; item 13: the sample source reports its records', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await manualRepl();
  await r.run('let calls = 0');
  await r.run('lines.map(l => { calls++; return l.length }).print()');
  const stepped = await r.run(':step 2', /map\[1\] .*\n/, 30_000);
  assert.match(stepped, /Time: 2000 ms/);
  assert.match(stepped, /lines\[0\] in +\| 2: /, 'the timeline shows two lines per batch');
  assert.match(await r.run('calls'), /^\s*4\s*$/m, 'two batches of two lines: four calls, not eight');
  const status = await r.run(':status');
  assert.match(status, /batches +2 completed, 0 with failures, 0 waiting; 4 records from inputs/);
  assert.match(status, /last batch +2000 ms: 2 records/);
});

test('item 14: the mapWithState lane shows what the user returned, not internal state objects', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await manualRepl();
  await r.run(
    'lines.map(l => [l.split(" ")[0], 1] as [string, number]).mapWithState(StateSpec.function((k: string, v: number | undefined, s: State<number>) => { s.update((s.getOption() ?? 0) + (v ?? 0)); return `${k}=${s.get()}` })).print()',
  );
  const screen = await r.run(':step 2', /mapWithState\[\d+\] .*\n/, 30_000);
  assert.match(screen, /mapWithState\[\d+\] +\| 2: the=1/);
  assert.match(screen, /\| 2: the=\d/);
  assert.doesNotMatch(screen, /MapWithStateRDDRecord|stateMap|\[object Object\]/);
  const lanes = screen.split('\n').filter((l) => /^\S.*\|/.test(l) && !/^(stream|-|processing )/.test(l));
  assert.equal(lanes.length, 3, `lines, map and mapWithState: one lane each, no internal lane (the processing row aside)\n${screen}`);
});
