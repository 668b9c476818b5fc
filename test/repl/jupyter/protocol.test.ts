import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { drive, installedKernel, missing, type JupyterHome, ROOT } from './jupyterHarness';
import { requireOrSkip } from '../../support/requireOrSkip';

let home: JupyterHome | undefined;
before(() => {
  if (!missing) home = installedKernel();
});
after(() => home?.close());

test('protocol: kernel_info, complete, is_complete, inspect, silent, errors, stop_on_error, history', async (t) => {
  if (!requireOrSkip(t, missing)) return;
  const f = await drive('protocol', home!.env);
  assert.deepEqual(f.kernel_info, { protocol_version: '5.3', language: 'typescript' });
  assert.ok(f.complete_member.matches.includes('queueStream'));
  assert.deepEqual([f.complete_member.cursor_start, f.complete_member.cursor_end], [4, 7]);
  assert.ok(f.complete_magic.matches.includes('%step'));
  assert.deepEqual(f.is_complete, { 'function f() {': 'incomplete', 'const a = [1,': 'incomplete', 'const a = 1': 'complete', '%step 3': 'complete', 'const = ;': 'invalid' });
  assert.equal(f.inspect.found, true);
  assert.match(f.inspect.data['text/plain'], /StreamingContext\.advance\(batches\?: number\): Promise<void>/);
  assert.match(f.inspect.data['text/plain'], /Manual clock only/);
  assert.deepEqual(f.comm_info.comms, {});
  assert.deepEqual(f.execute, { status: 'ok', count: 1, result: '42', states: ['busy', 'idle'] });
  assert.deepEqual(f.user_expressions.double, { status: 'ok', data: { 'text/plain': '82' }, metadata: {} });
  assert.equal(f.user_expressions.bad.status, 'error');
  assert.equal(f.user_expressions.bad.ename, 'ReferenceError');
  assert.deepEqual(f.silent, { count: 2, inputs: 0, results: 0 });
  assert.equal(f.throwing_cell.status, 'error');
  assert.equal(f.throwing_cell.ename, 'TypeError');
  // a user function throwing inside batches: error outputs in that cell, with the user's frame; the cell and kernel go on
  assert.equal(f.throwing_function.status, 'ok');
  assert.ok(f.throwing_function.errors.length >= 1);
  assert.match(f.throwing_function.errors[0].evalue, /boom in map/);
  assert.ok(f.throwing_function.errors[0].traceback.some((l: string) => /at eddy-cell:\d+:\d+/.test(l)), 'the user frame is shown');
  assert.ok(!f.throwing_function.errors[0].traceback.some((l: string) => l.includes(`${ROOT}/kernel/`)), "Eddy's own frames are left out");
  assert.deepEqual(f.throwing_function.result, ["'survived'"]);
  assert.equal(f.after_errors, '41');
  assert.deepEqual(f.stop_on_error, ['error', 'aborted']);
  assert.equal(f.history.status, 'ok');
  // the aborted cell never ran, so it is not in the history
  assert.deepEqual(f.history.history.map((h: unknown[]) => h[2]), ['kept + sc.defaultParallelism * 0', "await new Promise((r) => setTimeout(r, 500)); throw new Error('first fails')"]);
});
