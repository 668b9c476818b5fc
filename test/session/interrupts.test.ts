import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOrSkip } from '../support/requireOrSkip';
import { replStarter, tmuxMissing, type TmuxRepl } from '../repl/support/TmuxRepl';

const start = replStarter();

/** Presses Ctrl-C (again every 600 ms: the first may land before the code is stuck) until `done` shows. */
async function interruptUntil(r: TmuxRepl, done: RegExp, timeoutMs = 20_000): Promise<string> {
  let last = 0;
  const before = r.screen().replace(/\s+$/, '');
  return r.waitFor((s) => {
    if (done.test(s.slice(before.length))) return true;
    if (Date.now() - last > 1000) {
      r.key('C-c');
      last = Date.now();
    }
    return false;
  }, timeoutMs);
}

test('Ctrl-C stops a runaway user function inside a batch; the batch fails naming the stream, sc and variables stay', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start(['--manual']);
  await r.run('const keep = 42');
  await r.run('lines.map(l => { while (true) {} return l }).print()');
  r.type(':step 1');
  r.key('Enter');
  const screen = await interruptUntil(r, /Interrupted: batch 1000 ms: print of .*map/);
  assert.match(screen, /ssc is stopped with stop\(false\)/);
  assert.match(await r.run('keep + 1'), /43/);
  assert.match(await r.run('await sc.parallelize([1, 2, 3]).count()'), /3/);
  assert.match(await r.run(':new 1s --manual'), /ssc is a new/);
  await r.run('lines.count().print()');
  assert.match(await r.run(':step 1', /Time: 1000 ms/), /\n2\n/);
});

test('Ctrl-C stops a runaway top-level input, and an abandoned await leaves a working prompt', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start(['--interval', '200ms']);
  r.type('while (true) {}');
  r.key('Enter');
  await interruptUntil(r, /Interrupted: the input/);
  assert.match(await r.run('1 + 1'), /\b2\b/);
  await r.run('lines.count().foreachRDD(() => undefined)');
  r.type('ssc.start(); await ssc.awaitTermination()');
  r.key('Enter');
  await interruptUntil(r, /Interrupted: the input/);
  assert.match(await r.run('2 + 3'), /\b5\b/);
  assert.match(await r.run("ssc.getState()"), /ACTIVE/);
});
