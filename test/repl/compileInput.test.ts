import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { create } from 'ts-node';
import { compileInput, type CompiledInput } from '../../repl/compileInput';
import { splitCells, joinCells, commandOfCell } from '../../repl/cells';

const ts = create({ transpileOnly: true, skipProject: true, compilerOptions: { target: 'es2022', module: 'commonjs', strict: true } });
const compile = (code: string): CompiledInput => compileInput(code, ts, 'input.ts');

/** Runs inputs one after another in one fresh global scope, as the REPL does; returns the last value (as JSON data, out of that realm). */
async function runAll(...inputs: string[]): Promise<unknown> {
  const ctx = vm.createContext({ require });
  let value: unknown;
  for (const input of inputs) {
    const c = compile(input);
    assert.equal(c.kind, 'script', `complete input: ${input}`);
    if (c.kind !== 'script') return undefined;
    value = vm.runInContext(c.code, ctx);
    if (c.isAsync) value = await value;
  }
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

test('input that ends mid-construct is incomplete; a finished one is a script', () => {
  for (const partial of ['function f(a: number) {', 'const xs = [1,', 'let s = `abc', 'x +', 'if (a) {\n  b()']) {
    assert.equal(compile(partial).kind, 'incomplete', partial);
  }
  assert.equal(compile('function f(a: number) {\n  return a\n}').kind, 'script');
  assert.throws(() => compile("'unterminated"), /Unterminated string literal/);
  assert.throws(() => compile('const = 1'), /TS1134|Variable declaration expected/);
});

test('const and let can be declared again, and keep the latest value', async () => {
  assert.equal(await runAll('const a: number = 1', 'const a: number = 2', 'a'), 2);
  assert.equal(await runAll('let b = 1', 'let b', 'b'), undefined);
  assert.deepEqual(await runAll('const { c, d: [e] } = { c: 1, d: [2] }', '[c, e]'), [1, 2]);
});

test('top-level await works in declarations and expressions, and a declaration yields no value', async () => {
  assert.equal(await runAll('const x = await Promise.resolve(41)', 'x + 1'), 42);
  assert.equal(await runAll('const y = await Promise.resolve(1)'), undefined);
  assert.equal(await runAll('await Promise.resolve(7)'), 7);
  assert.equal(compile('async function f() { await g() }').kind === 'script' && !(compile('async function f() { await g() }') as { isAsync: boolean }).isAsync, true);
});

test('functions are hoisted within an input, classes and enums survive into the next input', async () => {
  assert.equal(await runAll('const r = twice(4)\nfunction twice(n: number) { return n * 2 }', 'r'), 8);
  assert.equal(await runAll('class Point { constructor(readonly x: number) {} }', 'new Point(3).x'), 3);
  assert.equal(await runAll('enum Color { Red, Green }', 'Color.Green'), 1);
});

test('imports become requires that later inputs can use; type-only imports vanish', async () => {
  assert.equal(await runAll(`import { join as joinPath } from 'node:path'`, `joinPath('a', 'b')`), 'a/b');
  assert.equal(await runAll(`import * as os from 'node:os'`, `typeof os.cpus`), 'function');
  assert.equal(await runAll(`import type { Foo } from 'nowhere'`, `1`), 1);
  assert.equal(await runAll(`export const shared = 5`, `export function more() { return shared + 1 }`, `more()`), 6);
});

test('an input in braces is an object literal when it can be one', async () => {
  assert.deepEqual(await runAll('{ a: 1, b: [2] }'), { a: 1, b: [2] });
});

test('scripts split into cells at // %% lines; leading comments are a title; :save output splits back', () => {
  const script = splitCells('// title\n// %%\nconst a = 1\n\n// %% second\n// :step 2\n// %%\n\n');
  assert.deepEqual(script, { intro: '// title', cells: ['const a = 1', '// :step 2'] });
  const names = new Set(['step', 'new']);
  assert.equal(commandOfCell('// :step 2', names), ':step 2');
  assert.equal(commandOfCell('// :nothing 2', names), undefined);
  assert.equal(commandOfCell('// :step 2\nx()', names), undefined);
  const cells = ['const a = 1', 'function f() {\n  return 2\n}', '// :new 1s --manual'];
  assert.deepEqual(splitCells(joinCells(cells, 'saved')).cells, cells);
});
