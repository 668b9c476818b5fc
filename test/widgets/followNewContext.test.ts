import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Milliseconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';
import { DashboardState, outputTap, startDashboardServer } from '../../widgets';
import { connectDashboard } from '../../widgets/attachDashboard';
import { readEventLines } from '../../widgets/readEventLines';
import { WebUIModel } from '../../widgets/webui';

// Issue 10, item 10: after :new (the server follows the next context), an attached
// dashboard and web UI show only the new context: no old panels, totals or receivers.
test('a client attached over the socket starts over when the server follows a new context', { timeout: 30_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-follow-'));
  fs.chmodSync(dir, 0o700);
  const sc = new SparkContext(new SparkConf().setAppName('follow-test').setMaster('local[2]'));
  const quiet = { clock: 'manual' as const, out: () => undefined, err: () => undefined };
  const first = new StreamingContext(sc, Milliseconds(1000), quiet);
  const words = first.queueStream<string>([['a b'], ['c'], ['d e f']]);
  outputTap(words, { label: 'old words' });
  words.count().print();
  const server = await startDashboardServer(first, { dir, announce: false });
  const socket = await connectDashboard(server.address);
  const state = new DashboardState();
  const web = new WebUIModel();
  const hellos: number[] = [];
  socket.on('data', readEventLines((e) => {
    if (e.type === 'dash.hello') hellos.push(e.payload.batchIntervalMs);
    state.apply(e);
    web.apply(e);
  }, (line) => assert.fail(`not an event: ${line}`)));
  try {
    first.start();
    await first.advance(3);
    await until(() => state.completedBatches === 3);
    assert.equal(state.batches.toArray().length, 3);
    assert.equal(state.tap?.label, 'old words');
    assert.equal(web.view().completedBatches, 3);
    const epoch = web.view().epoch;
    await first.stop(false);

    const second = new StreamingContext(sc, Milliseconds(500), quiet);
    second.queueStream<string>([['x']]).count().print();
    server.follow(second);
    await until(() => hellos.length === 2);
    assert.deepEqual(hellos, [1000, 500]);
    // Nothing of the first context stays: totals, rows, tap, receivers, log.
    assert.equal(state.completedBatches, 0);
    assert.equal(state.totalRecords, 0);
    assert.deepEqual(state.batches.toArray(), []);
    assert.equal(state.tap, undefined);
    assert.equal(state.batchIntervalMs, 500);
    assert.deepEqual(state.log.toArray().map((l) => l.text), ['following a new context: 500 ms batches, initialized']);
    const view = web.view();
    assert.ok(view.epoch > epoch, 'the page is told to drop what it drew');
    assert.equal(view.completedBatches, 0);
    assert.deepEqual(view.completed, []);
    assert.equal(view.batchIntervalMs, 500);

    second.start();
    await second.advance(1);
    await until(() => state.completedBatches === 1);
    assert.deepEqual(state.completed().map((b) => b.batchTime), [500]);
    assert.equal(web.view().completedBatches, 1);
    await second.stop(false);
  } finally {
    socket.destroy();
    await server.close();
    sc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out waiting on the attached client');
    await new Promise((r) => setTimeout(r, 20));
  }
}
