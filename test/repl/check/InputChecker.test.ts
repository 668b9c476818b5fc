import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { InputChecker } from '../../../repl/check/InputChecker';
import { formatWarning } from '../../../repl/check/InputWarning';

// One checker for the file, as one REPL session has: the first check loads TypeScript and the kernel's types.
const checker = new InputChecker(path.resolve(__dirname, '..', '..', '..'));
checker.accept('const words = lines.flatMap((l) => l.split(" "))');
const messages = (code: string): string[] => checker.check(code).map((w) => w.message);

test("the issue's idiom: a negated isEmpty() in foreachRDD gets the fix, and the floating save is reported", { timeout: 180_000 }, () => {
  const found = messages('words.foreachRDD((rdd) => { if (!rdd.isEmpty()) rdd.saveAsTextFile("/tmp/out") })');
  assert.equal(found.length, 2, found.join('\n'));
  assert.match(found[0], /^isEmpty\(\) returns a Promise .*: write `if \(!\(await rdd\.isEmpty\(\)\)\)` and make the foreachRDD function async\.$/);
  assert.match(found[1], /^saveAsTextFile\(\) returns a Promise \(nothing awaits it.*write `await rdd\.saveAsTextFile\("\/tmp\/out"\)` and make the foreachRDD function async/);
});

test('a Promise as a condition: if, while, ?:, && / || operands, and a negation anywhere', () => {
  assert.match(messages('while (sc.parallelize([1]).isEmpty()) { break }')[0], /write `while \(await sc\.parallelize\(\[1\]\)\.isEmpty\(\)\)`\.$/);
  assert.match(messages('const label = sc.parallelize([1]).count() ? "some" : "none"')[0], /^count\(\) returns a Promise .* write `await sc\.parallelize\(\[1\]\)\.count\(\) \? …`\.$/);
  assert.match(messages('const ok = sc.parallelize([1]).isEmpty() && true')[0], /^isEmpty\(\) returns a Promise/);
  // the right operand of a && / || outside a condition is its value, not a test (as in no-misused-promises)
  assert.deepEqual(messages('const p = true || sc.parallelize([1]).isEmpty()'), []);
  assert.match(messages('if (true || sc.parallelize([1]).isEmpty()) { }')[0], /write `if \(true \|\| \(await sc/);
  assert.match(messages('const none = !sc.parallelize([1]).isEmpty()')[0], /write `!\(await sc\.parallelize\(\[1\]\)\.isEmpty\(\)\)`\.$/);
  const p = messages('const p = sc.parallelize([1]).first(); if (p) { }');
  assert.match(p[0], /^first\(\) returns a Promise|^p is a Promise/);
});

test('a floating Promise in foreachRDD is reported; awaited, returned, voided or caught is not', () => {
  assert.equal(messages('words.foreachRDD((rdd) => { rdd.count() })').length, 1);
  assert.deepEqual(messages('words.foreachRDD(async (rdd) => { await rdd.count(); void rdd.count(); rdd.count().catch(() => 0); rdd.count().then(() => 0, () => 0) })'), []);
  assert.deepEqual(messages('words.foreachRDD((rdd) => rdd.count().then(() => undefined))'), []);
  assert.deepEqual(messages('words.foreachRDD((rdd) => { return rdd.saveAsTextFile("/tmp/out") })'), []);
});

test('awaited Promises and code without Promises get no warning', () => {
  assert.deepEqual(messages('words.foreachRDD(async (rdd) => { if (!(await rdd.isEmpty())) await rdd.saveAsTextFile("/tmp/out") })'), []);
  assert.deepEqual(messages('if (!(await sc.parallelize([1]).isEmpty())) { }'), []);
  assert.deepEqual(messages('const xs = [1, 2]; if (!xs.length && xs[0] ? true : false) { } while (xs.pop()) { }'), []);
  assert.deepEqual(messages('function f(x: any) { if (x.then) return !x } f(1)'), []);
  assert.deepEqual(messages('1 + 1'), []);
  // at the top level the REPL shows a Promise's value itself: not "floating"
  assert.deepEqual(messages('sc.parallelize([1, 2]).count()'), []);
});

test('an unknown member or name gets "did you mean"', () => {
  assert.deepEqual(messages('lines.flatmap((l) => l.split(" "))'), ['`flatmap` is not a member of InputDStream<string, unknown>: did you mean `flatMap`?']);
  assert.match(messages('words.countByValu()')[0], /did you mean `countByValue`\?/);
  const unknown = checker.check('lnes.count()');
  assert.deepEqual(unknown.map((w) => [w.message, w.unknownName]), [['`lnes` is not defined: did you mean `lines`?', 'lnes']]);
  // other type errors are left to the run
  assert.deepEqual(messages('const n: number = "text"'), []);
});

test('inputs that ran are seen by later checks; the latest declaration of a name wins', () => {
  checker.accept('const counts = words.countByValue()');
  assert.match(messages('counts.foreachRDD((rdd) => { if (rdd.isEmpty()) return })')[0], /^isEmpty\(\) returns a Promise/);
  checker.accept('const counts = 3');
  assert.deepEqual(messages('if (counts) { }'), []);
  assert.equal(formatWarning({ line: 2, message: 'm' }, 3), 'Warning (line 2): m\n');
  assert.equal(formatWarning({ line: 1, message: 'm' }, 1), 'Warning: m\n');
});
