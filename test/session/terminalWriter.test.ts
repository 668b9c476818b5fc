import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOrSkip } from '../support/requireOrSkip';
import { replStarter, tmuxMissing, type TmuxRepl } from '../repl/support/TmuxRepl';

const start = replStarter();

/** The screen's lines without the blank ones at the end. */
function lines(screen: string): string[] {
  return screen.replace(/\s+$/, '').split('\n');
}

/**
 * Waits until every one of `texts` is on the screen (written after `before`) and the last line is the prompt with
 * `typed` on it; then no line but that last one may hold typed text.
 */
async function waitForOutputAbovePrompt(r: TmuxRepl, before: string, texts: string[], typed: string): Promise<string[]> {
  const written = (s: string): string => s.slice(before.length);
  const screen = await r.waitFor((s) => texts.every((t) => written(s).includes(t)) && lines(s).at(-1) === `eddy> ${typed}`, 30_000);
  const all = lines(written(screen));
  const mixed = all.slice(0, -1).filter((l) => l.includes(typed) || texts.some((t) => l.includes(t) && l.includes('eddy> ')));
  assert.deepEqual(mixed, [], `output and typed text share a line:\n${screen}`);
  return all;
}

test('issue 10 item 5: console output of batches, warnings and stray errors go above the prompt; the typed text stays', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start(['--interval', '200ms']);
  await r.run("let n = 0; lines.foreachRDD(rdd => { if (++n <= 3) console.log('seen batch ' + n) })");
  const before = r.screen().trimEnd();
  await r.run(
    "const late = (what: string) => 'late ' + what; setTimeout(() => { console.error(late('console.error')); process.emitWarning(late('warning')); Promise.reject(new Error(late('rejection'))); throw new Error(late('throw')) }, 1500); ssc.start()",
  );
  r.type('const typed = 4');
  await waitForOutputAbovePrompt(r, before, ['seen batch 3', 'late console.error', 'Warning: late warning', 'Uncaught (in the background) Error: late rejection', 'Uncaught (in the background) Error: late throw'], 'const typed = 4');
  r.type('2');
  await r.run('');
  assert.match(await r.run('typed'), /\b42\b/);
});

test('issue 10 item 5: print() of a context made by hand goes above the prompt', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start(['--manual']);
  await r.run('await ssc.stop(false)');
  await r.run("const mine = new StreamingContext(sc, Milliseconds(200)); mine.queueStream([sc.parallelize(['first']), sc.parallelize(['second'])]).print()");
  const before = r.screen().trimEnd();
  await r.run('mine.start(); void setTimeout(() => void mine.stop(false), 1200)');
  r.type('mine.getState()');
  const screen = await waitForOutputAbovePrompt(r, before, ['first', 'second', 'Time: 1'], 'mine.getState()');
  assert.ok(screen.filter((l) => /^Time: \d+ ms$/.test(l)).length >= 2, screen.join('\n'));
  r.key('Enter');
  await r.waitFor((s) => /eddy> mine\.getState\(\)\n'(STOPPED|ACTIVE)'/.test(s), 10_000);
});

test('issue 10 item 6: :step, :status and :graph act on the context ssc names now, made by hand', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start(['--manual']);
  await r.run('lines.count().print()');
  await r.run(':step 1', /Time: 1000 ms/);
  await r.run('await ssc.stop(false)');
  await r.run("ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' })");
  await r.run("ssc.queueStream([sc.parallelize(['x', 'y', 'z'])]).count().print()");
  const step = await r.run(':step 1', /Time: 1000 ms/);
  assert.match(step, /\(started ssc\)/);
  assert.match(step, /\n3\n/);
  assert.match(await r.run(':status'), /context\s+#2 ACTIVE, batch 1000 ms, manual clock at 1000 ms[\s\S]*1 input, 1 output operation[\s\S]*1 completed/);
  assert.match(await r.run(':graph'), /print[\s\S]*count[\s\S]*QueueInputDStream/);
  assert.match(await r.run('ssc.getState()'), /ACTIVE/);
  // The active context is followed too when ssc names something else.
  await r.run('const other = ssc; ssc = undefined');
  assert.match(await r.run(':step 1', /Time: 2000 ms/), /Time: 2000 ms/);
});

test('issue 10 item 7: a chain pasted with leading-dot lines runs as one input', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start(['--manual']);
  const before = r.screen().trimEnd();
  r.paste("const words = lines\n  .flatMap(l => l.split(' '))\n  .count()\nwords\n.print()\n");
  const screen = await r.waitFor((s) => /\.print\(\)\n(?:.*\n)*eddy> $/.test(s.trimEnd() + ' '), 15_000);
  const pasted = screen.slice(before.length);
  assert.doesNotMatch(pasted, /Invalid REPL keyword|is not a REPL command/);
  assert.match(await r.run(':step 1', /Time: 1000 ms/), /Time: 1000 ms\n-+\n\d+\n/);
  assert.match(await r.run('.count()'), /\.count\(\) is not a REPL command .* _\.count\(\)/);
  assert.match(await r.run('.help'), /\.exit/);
});

test('issue 10 item 5: console output of batches waits while :dash covers the screen, then comes above the prompt', { timeout: 90_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await start(['--interval', '200ms']);
  await r.run("let shown = 0; lines.foreachRDD(() => console.log('from batch ' + ++shown))");
  await r.run('ssc.start()');
  r.type(':dash');
  r.key('Enter');
  // Batches run under the dashboard (its batch count grows by 5), and none of their lines is drawn on it.
  const batchesIn = (s: string): number => Number(/\| (\d+) batches/.exec(s)?.[1] ?? -1);
  const first = batchesIn(await r.waitFor((s) => /Recent batches/.test(s) && batchesIn(s) >= 0, 30_000));
  await r.waitFor((s) => {
    assert.doesNotMatch(r.visible(), /from batch/);
    return batchesIn(s) >= first + 5;
  }, 30_000);
  r.key('q');
  const back = await r.waitFor((s) => !/Recent batches/.test(s) && new RegExp(`from batch ${first + 5}\\n`).test(s) && lines(s).at(-1) === 'eddy>', 30_000);
  assert.match(back, /from batch 1\n/);
});
