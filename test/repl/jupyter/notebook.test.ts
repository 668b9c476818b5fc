import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { drive, installedKernel, missing, type JupyterHome, BIN } from './jupyterHarness';
import { requireOrSkip } from '../../support/requireOrSkip';

let home: JupyterHome | undefined;
before(() => {
  if (!missing) home = installedKernel();
});
after(() => home?.close());

test('eddy kernel install writes a kernelspec Jupyter finds; list shows it', (t) => {
  if (!requireOrSkip(t, missing)) return;
  const spec = JSON.parse(fs.readFileSync(path.join(home!.dataDir, 'kernels', 'eddy', 'kernel.json'), 'utf8'));
  assert.equal(spec.argv[0], process.execPath);
  assert.equal(spec.argv[spec.argv.length - 1], '{connection_file}');
  assert.equal(spec.language, 'typescript');
  assert.ok(fs.existsSync(path.join(home!.dataDir, 'kernels', 'eddy', 'logo-64x64.png')));
  const found = spawnSync('python3', ['-c', 'import json; from jupyter_client.kernelspec import KernelSpecManager as M; print(json.dumps(M().get_all_specs()["eddy"]))'], { env: home!.env, encoding: 'utf8' });
  assert.equal(found.status, 0, found.stderr);
  assert.equal(JSON.parse(found.stdout).spec.display_name, 'Eddy test');
  const list = spawnSync(process.execPath, [BIN, 'kernel', 'list'], { env: home!.env, encoding: 'utf8' });
  assert.match(list.stdout, /^eddy\s+\S+kernels\/eddy\s+Eddy test$/m);
});

test('a notebook: word count, a window, %step 3 as HTML, live displays updated in place in their own cells', async (t) => {
  if (!requireOrSkip(t, missing)) return;
  const facts = await drive('notebook', home!.env);
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

test('eddy kernel remove deletes the kernelspec', (t) => {
  if (!requireOrSkip(t, missing)) return;
  const removed = spawnSync(process.execPath, [BIN, 'kernel', 'remove'], { env: home!.env, encoding: 'utf8' });
  assert.equal(removed.status, 0, removed.stderr);
  assert.ok(!fs.existsSync(path.join(home!.dataDir, 'kernels', 'eddy')));
  const again = spawnSync(process.execPath, [BIN, 'kernel', 'remove'], { env: home!.env, encoding: 'utf8' });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /No Eddy kernelspec named "eddy"/);
});
