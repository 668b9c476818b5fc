import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as net from 'node:net';
import { Milliseconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';
import { listSessions } from '../../kernel';
import { DashboardState, attachDashboard, connectDashboard, findDashboard, parseDashboardAddress, startDashboardServer, type DashboardEvent } from '../../widgets';
import { readEventLines } from '../../widgets/readEventLines';

function context(app: string): StreamingContext {
  const sc = new SparkContext(new SparkConf().setAppName(app).setMaster('local[2]'));
  return new StreamingContext(sc, Milliseconds(1000), { clock: 'manual', out: () => undefined });
}

/** Collects a socket's events into a state; `until` resolves once `ready(state)` holds. */
function listen(socket: net.Socket): { state: DashboardState; events: DashboardEvent[]; until(ready: (s: DashboardState) => boolean): Promise<void> } {
  const state = new DashboardState();
  const events: DashboardEvent[] = [];
  const waiters: Array<() => void> = [];
  socket.on(
    'data',
    readEventLines(
      (e) => {
        events.push(e);
        state.apply(e);
        for (const w of waiters.splice(0)) w();
      },
      (line) => assert.fail(`bad line ${line}`),
    ),
  );
  return {
    state,
    events,
    until: async (ready) => {
      while (!ready(state)) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-dash-'));

for (const transport of ['unix', 'tcp'] as const) {
  test(`clients attach over a ${transport} socket, get the history, then live batches`, { timeout: 10_000 }, async () => {
    const dir = tmp();
    const ssc = context(`served-${transport}`);
    ssc.queueStream<number>([[1, 2], [3], [4, 5, 6]]).count().print();
    const server = await startDashboardServer(ssc, { transport, dir });
    const [entry] = listSessions({ dir });
    assert.equal(entry.pid, process.pid);
    assert.equal(entry.appName, `served-${transport}`);
    assert.deepEqual(entry.endpoints.dashboard, server.address);
    assert.equal(server.sessionFile, entry.file);
    if (transport === 'unix') assert.equal((fs.statSync(dir).mode & 0o777).toString(8), '700');

    ssc.start();
    await ssc.advance(2);
    const late = listen(await connectDashboard(server.address));
    await late.until((s) => s.completedBatches === 2);
    assert.equal(late.events[0].type, 'dash.hello');
    assert.equal(late.state.batchIntervalMs, 1000);
    assert.equal(server.clients(), 1);

    await ssc.advance(1);
    await late.until((s) => s.completedBatches === 3);
    assert.deepEqual(late.state.completed().map((b) => b.batchTime), [1000, 2000, 3000]);
    assert.ok(late.state.log.toArray().some((l) => l.text === 'Time: 3000 ms'));

    await server.close();
    await late.until((s) => s.status === 'detached');
    assert.equal(fs.existsSync(entry.file), false);
    assert.deepEqual(listSessions({ dir }), []);
    if (server.address.kind === 'unix') assert.equal(fs.existsSync(server.address.path), false);
    await ssc.stop(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

test('follow() moves attached clients to the next context', { timeout: 10_000 }, async () => {
  const dir = tmp();
  const first = context('first');
  first.queueStream<number>([[1]]).print();
  const server = await startDashboardServer(first, { dir, announce: false });
  assert.equal(server.sessionFile, undefined);
  const client = listen(await connectDashboard(server.address));
  await client.until((s) => s.appName === 'first');
  await first.stop(false);
  const second = new StreamingContext(first.sparkContext, Milliseconds(250), { clock: 'manual', out: () => undefined });
  second.queueStream<number>([[1]]).print();
  server.follow(second);
  await client.until((s) => s.batchIntervalMs === 250);
  second.start();
  await second.advance(1);
  await client.until((s) => s.completedBatches === 1);
  assert.equal(client.state.completed()[0].batchTime, 250);
  await server.close();
  await second.stop(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('addresses parse, and attaching where nobody listens explains what to do', async () => {
  assert.deepEqual(parseDashboardAddress('unix:/tmp/x.sock'), { kind: 'unix', path: '/tmp/x.sock' });
  assert.deepEqual(parseDashboardAddress('/tmp/y.sock'), { kind: 'unix', path: '/tmp/y.sock' });
  assert.deepEqual(parseDashboardAddress('4040'), { kind: 'tcp', host: '127.0.0.1', port: 4040 });
  assert.deepEqual(parseDashboardAddress('localhost:4041'), { kind: 'tcp', host: 'localhost', port: 4041 });
  assert.throws(() => parseDashboardAddress('nowhere'), /not a dashboard address.*eddy dash with no argument/);
  assert.throws(() => findDashboard({ dir: tmp() }), /No Eddy session is serving a dashboard.*npm start/);
  const dead = path.join(tmp(), 'dead.sock');
  await assert.rejects(attachDashboard(`unix:${dead}`), /Cannot attach to the dashboard at unix:.*dead\.sock: ENOENT.*run eddy dash again/);
});
