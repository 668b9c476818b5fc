import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from './support/TmuxRepl';

let repl: TmuxRepl | undefined;
before(async () => {
  if (!tmuxMissing()) repl = await TmuxRepl.start(['--no-banner']);
});
after(() => repl?.kill());

test('top-level await binds a const that the next line can read', async (t) => {
  if (!requireOrSkip(t, tmuxMissing()) || !repl) return;
  await repl.run('const x = await sc.parallelize([1,2]).collect()');
  const out = await repl.run('x.length * 10 + x[1]', /22/);
  assert.match(out, /^22$/m);
});

test('re-running a const declaration replaces the binding', async (t) => {
  if (!requireOrSkip(t, tmuxMissing()) || !repl) return;
  await repl.run('const y: number = 1');
  const second = await repl.run('const y: number = 2');
  assert.doesNotMatch(second, /already been declared|Error/);
  assert.match(await repl.run('y + 40', /42/), /^42$/m);
  await repl.run('let z = 1');
  await repl.run('let z = 3');
  assert.match(await repl.run('`z is ${z}`', /z is 3/), /'z is 3'/);
});

test('multi-line input is collected until it is complete, and functions are callable later', async (t) => {
  if (!requireOrSkip(t, tmuxMissing()) || !repl) return;
  repl.type('function twice(a: number): number {');
  repl.key('Enter');
  await repl.waitFor((s) => s.includes('... '));
  repl.type('  return a * 2');
  repl.key('Enter');
  await repl.run('}');
  assert.match(await repl.run('twice(21)', /^42$/m), /^42$/m);
});

test('a line that throws prints the error and the REPL answers the next line', async (t) => {
  if (!requireOrSkip(t, tmuxMissing()) || !repl) return;
  const out = await repl.run('[1, 2].map((v) => (v as any).foo.bar)', /TypeError/);
  assert.match(out, /Uncaught TypeError: Cannot read properties of undefined \(reading 'bar'\)/);
  assert.match(out, /at eddy-repl/);
  assert.match(await repl.run('1 + 1', /^2$/m), /^2$/m);
});

test('tab completes API members and user variables', async (t) => {
  if (!requireOrSkip(t, tmuxMissing()) || !repl) return;
  await repl.run('const myPipelineName = 5');
  repl.type('myPipelineNa');
  repl.key('Tab');
  await repl.waitFor((s) => /eddy> myPipelineName\s*$/.test(s));
  repl.key('C-u');
  repl.type('ssc.queueStr');
  repl.key('Tab');
  await repl.waitFor((s) => /eddy> ssc\.queueStream\s*$/.test(s));
  repl.key('C-u');
  assert.match(await repl.run('typeof ssc.queueStream', /'function'/), /'function'/);
});
