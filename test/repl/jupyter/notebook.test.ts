import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireOrSkip } from '../../support/requireOrSkip';

/**
 * Eddy's Jupyter kernel driven by the real Jupyter client (jupyter_client, nbclient,
 * nbformat; `.ci/run` installs them): the kernelspec is installed with `eddy kernel
 * install` into a temporary JUPYTER_DATA_DIR, and jupyter_client_driver.py starts kernels
 * from it and reports what it saw, one scenario per run.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'repl', 'bin', 'eddy.js');
const DRIVER = path.join(__dirname, 'jupyter_client_driver.py');

const missing = ((): string | undefined => {
  const r = spawnSync('python3', ['-c', 'import jupyter_client, nbclient, nbformat'], { encoding: 'utf8' });
  if (r.error) return 'python3 is not installed';
  if (r.status !== 0) return 'the Python packages jupyter_client, nbclient and nbformat are not installed (pip install -r .ci/requirements-jupyter.txt)';
  return undefined;
})();

let dataDir = '';
let env: NodeJS.ProcessEnv = {};

before(() => {
  if (missing) return;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-jupyter-'));
  env = { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PATH: '', JUPYTER_RUNTIME_DIR: path.join(dataDir, 'runtime'), JUPYTER_PLATFORM_DIRS: '1' };
  const install = spawnSync(process.execPath, [BIN, 'kernel', 'install', '--display-name', 'Eddy test'], { env, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
});

after(() => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function drive(scenario: string): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    execFile('python3', [DRIVER, scenario], { env, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${scenario} failed: ${error.message}\n${stderr.slice(-4000)}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, any>);
    });
  });
}

test('eddy kernel install writes a kernelspec Jupyter finds; list shows it', (t) => {
  if (!requireOrSkip(t, missing)) return;
  const spec = JSON.parse(fs.readFileSync(path.join(dataDir, 'kernels', 'eddy', 'kernel.json'), 'utf8'));
  assert.equal(spec.argv[0], process.execPath);
  assert.equal(spec.argv[spec.argv.length - 1], '{connection_file}');
  assert.equal(spec.language, 'typescript');
  assert.ok(fs.existsSync(path.join(dataDir, 'kernels', 'eddy', 'logo-64x64.png')));
  const found = spawnSync('python3', ['-c', 'import json; from jupyter_client.kernelspec import KernelSpecManager as M; print(json.dumps(M().get_all_specs()["eddy"]))'], { env, encoding: 'utf8' });
  assert.equal(found.status, 0, found.stderr);
  assert.equal(JSON.parse(found.stdout).spec.display_name, 'Eddy test');
  const list = spawnSync(process.execPath, [BIN, 'kernel', 'list'], { env, encoding: 'utf8' });
  assert.match(list.stdout, /^eddy\s+\S+kernels\/eddy\s+Eddy test$/m);
});

test('a notebook: word count, a window, %step 3 as HTML, live displays updated in place in their own cells', async (t) => {
  if (!requireOrSkip(t, missing)) return;
  const facts = await drive('notebook');
  const cells = facts.cells as Array<Array<{ output_type: string; text: string; data: Record<string, string> }>>;
  // cell 1: counts.print(5) -> one live display, final state after %stop, Spark's print format inside
  const printView = cells[1];
  assert.equal(printView.length, 1, 'print() has exactly one output in its cell');
  assert.equal(printView[0].output_type, 'display_data');
  assert.match(printView[0].data['text/plain'], /reduceByKey\[\d+\]\.print\(\) · batch \d+ ms/);
  assert.match(printView[0].data['text/plain'], /Time: \d+ ms\n-+\n\(\w+,\d+\)/);
  assert.match(printView[0].data['text/plain'], /context stopped: final state/);
  // cell 2: the window's .display(): table, top keys, Vega-Lite and SVG charts
  const display = cells[2];
  assert.equal(display.length, 1, 'display() has exactly one output in its cell');
  assert.match(display[0].data['text/html'], /<table/);
  assert.match(display[0].data['text/plain'], /top keys: the=\d+/);
  assert.match(display[0].data['application/vnd.vegalite.v5+json'], /vega-lite\/v5\.json/);
  assert.match(display[0].data['image/svg+xml'], /^<svg/);
  assert.match(display[0].data['text/plain'], /context stopped: final state/);
  // each live display was updated >= 3 times while later cells ran, and only ever shown in its own cell
  const views = facts.displays as Array<{ cell: number; updated_while_running: number[] }>;
  for (const cell of [1, 2]) {
    const view = views.find((v) => v.cell === cell);
    assert.ok(view, `a display first shown in cell ${cell}`);
    const later = view.updated_while_running.filter((c) => c > cell);
    assert.ok(later.length >= 3, `display of cell ${cell} updated while later cells ran: ${JSON.stringify(view.updated_while_running)}`);
  }
  for (const later of [3, 4, 5]) {
    assert.deepEqual(cells[later].map((o) => o.output_type), ['execute_result'], `cell ${later} holds only its own result`);
  }
  // the manual-clock window and %step 3
  assert.match(cells[7].map((o) => o.data['text/plain'] ?? '').join(''), /count\[\d+\]\.print\(\) · batch 3000 ms · 3 batches|count\[\d+\]\.print\(\) · batch 3000 ms \(00:00:03\.000\) · 3 batches/);
  const step = cells[8].find((o) => o.output_type === 'display_data');
  assert.ok(step, '%step 3 shows a display');
  assert.match(step.data['text/html'], /<table class="eddy-timeline"/);
  assert.equal((step.data['text/html'].match(/<th style="[^"]*">\d+ ms<\/th>/g) ?? []).length, 3, 'one column per batch');
  assert.match(step.data['text/html'], /window 2000 ms/);
  assert.match(step.data['text/html'], /@3000 covers/);
  assert.match(step.data['text/plain'], /window\[\d+\] 2s/);
});

test('protocol: kernel_info, complete, is_complete, inspect, silent, errors, stop_on_error, history', async (t) => {
  if (!requireOrSkip(t, missing)) return;
  const f = await drive('protocol');
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

test('interrupt (message and signal) stops a runaway or waiting cell and a runaway batch function; variables stay; restart gives a fresh session', async (t) => {
  if (!requireOrSkip(t, missing)) return;
  const f = await drive('interrupt');
  for (const key of ['message_mode_loop', 'message_mode_await', 'signal_mode_loop', 'stream_interrupt']) {
    assert.equal(f[key].status, 'error', key);
    assert.equal(f[key].ename, 'KeyboardInterrupt', key);
    assert.equal(f[key].heartbeat_while_busy, true, `${key}: the heartbeat answers while the cell runs`);
  }
  for (const key of ['message_mode_loop', 'message_mode_await', 'signal_mode_loop']) assert.equal(f[key].presses, 1, `${key}: one Interrupt`);
  // Known: an await on a running real-clock stream sometimes needs a second Interrupt (a SIGINT
  // that lands while a batch task runs fails that batch; the race is not understood yet)
  assert.ok(f.stream_interrupt.presses <= 2, `stream_interrupt took ${f.stream_interrupt.presses} Interrupts`);
  assert.equal(f.after_loop, "'still here true'");
  assert.equal(f.after_signal, "'still here'");
  assert.match(f.stream_interrupt.evalue, /stopped with stop\(false\)/);
  assert.equal(f.state_after, "'STOPPED false'");
  assert.deepEqual(f.batch_runaway, { started_while_stuck: false, status: 'ok' }, 'the next cell waited for the runaway batch, and ran after the Interrupt');
  assert.equal(f.state_after_batch, "'STOPPED false still here'");
  assert.equal(f.after_restart, "'undefined INITIALIZED false'");
});

test('eddy kernel remove deletes the kernelspec', (t) => {
  if (!requireOrSkip(t, missing)) return;
  const removed = spawnSync(process.execPath, [BIN, 'kernel', 'remove'], { env, encoding: 'utf8' });
  assert.equal(removed.status, 0, removed.stderr);
  assert.ok(!fs.existsSync(path.join(dataDir, 'kernels', 'eddy')));
  const again = spawnSync(process.execPath, [BIN, 'kernel', 'remove'], { env, encoding: 'utf8' });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /No Eddy kernelspec named "eddy"/);
});
