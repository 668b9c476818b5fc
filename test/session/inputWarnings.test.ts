import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from '../repl/support/TmuxRepl';

const repls: TmuxRepl[] = [];
after(() => repls.splice(0).forEach((r) => r.kill()));

// The first check loads TypeScript and the kernel's types in the checking thread: seconds, more on a busy machine.
const CHECK_MS = 150_000;
/** An input's own answer, on a machine that may be busy. */
const RUN_MS = 60_000;

test("issue 10 item 4: a Promise used as a condition in foreachRDD is warned about with the fix, above the prompt; the input ran at once", { timeout: 240_000 }, async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const r = await TmuxRepl.start(['--no-banner', '--manual'], { typeCheck: true });
  repls.push(r);
  await r.run('const words = lines.flatMap(l => l.split(" "))', undefined, RUN_MS);
  // The input runs at once (its prompt comes back); the warnings follow when the check is done.
  await r.run('words.foreachRDD(rdd => { if (!rdd.isEmpty()) rdd.saveAsTextFile("out") })', undefined, RUN_MS);
  const screen = await r.waitFor((s) => /Warning: isEmpty\(\) returns a Promise/.test(s) && /Warning: saveAsTextFile\(\)/.test(s), CHECK_MS);
  assert.match(screen, /Warning: isEmpty\(\) returns a Promise \(a Promise is always true as a condition\): write `if \(!\(await rdd\.isEmpty\(\)\)\)` and make the foreachRDD function async\./);
  assert.match(screen, /Warning: saveAsTextFile\(\) returns a Promise \(nothing awaits it here.*write `await rdd\.saveAsTextFile\("out"\)`/);
  // the prompt is drawn again under the warnings, and works
  assert.match(screen, /Warning: saveAsTextFile[^\n]*\n(?:[^\n]*\n)*eddy> $/m);
  assert.match(await r.run('1 + 1', /\b2\b/, RUN_MS), /\b2\b/);
  // the written-out fix gets no warning
  await r.run('words.foreachRDD(async rdd => { if (!(await rdd.isEmpty())) await rdd.saveAsTextFile("out") })', undefined, RUN_MS);
  await r.run('lines.flatmap(l => l.split(" "))', /lines\.flatmap is not a function/, RUN_MS);
  const hinted = await r.waitFor((s) => s.includes('did you mean `flatMap`?'), CHECK_MS);
  assert.match(hinted, /Warning: `flatmap` is not a member of InputDStream<string, unknown>: did you mean `flatMap`\?/);
  assert.equal(hinted.match(/Warning: isEmpty/g)?.length, 1, 'the awaited form was not warned about');
});
