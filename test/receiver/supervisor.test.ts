import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Receiver, type ReceiverInfo } from '../../kernel';
import { collectBatches, receiverContext, settle, stopActive } from './helpers';

afterEach(stopActive);

class Flaky extends Receiver<string> {
  starts = 0;
  stops = 0;
  failFirst: number;
  constructor(failFirst = 0) {
    super();
    this.failFirst = failFirst;
  }
  onStart(): void {
    this.starts++;
    if (this.starts <= this.failFirst) throw new Error(`cannot connect (attempt ${this.starts})`);
    this.store(`hello from start ${this.starts}`);
  }
  onStop(): void {
    this.stops++;
  }
}

function events(ssc: ReturnType<typeof receiverContext>['ssc']) {
  const seen: Array<[string, ReceiverInfo]> = [];
  ssc.addStreamingListener({
    onReceiverStarted: ({ receiverInfo }) => seen.push(['started', receiverInfo]),
    onReceiverError: ({ receiverInfo }) => seen.push(['error', receiverInfo]),
    onReceiverStopped: ({ receiverInfo }) => seen.push(['stopped', receiverInfo]),
  });
  return seen;
}

test('an onStart that throws is reported and retried after spark.streaming.receiverRestartDelay on the clock', async () => {
  const { ssc, err } = receiverContext({ 'spark.streaming.receiverRestartDelay': '1500ms' });
  const r = new Flaky(1);
  const seen = events(ssc);
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  assert.equal(r.starts, 1);
  assert.deepEqual(seen.map(([k]) => k), ['started', 'error', 'stopped']);
  assert.match(seen[1][1].lastErrorMessage, /onStart\(\) of Flaky failed/);
  assert.match(seen[1][1].lastError, /cannot connect \(attempt 1\)/);
  assert.ok(err.some((t) => t.includes('Restarting receiver Flaky') && t.includes('1500 ms')));
  await ssc.advance(1); // t=1000: the retry is due at 1500
  assert.equal(r.starts, 1);
  await ssc.advance(1); // t=2000: retried at 1500
  assert.equal(r.starts, 2);
  assert.equal(r.isStarted(), true);
  assert.deepEqual(seen.map(([k]) => k), ['started', 'error', 'stopped', 'started']);
  await ssc.advance(1);
  assert.deepEqual(batches.flatMap((b) => b.partitions.flat()), ['hello from start 2']);
});

test('restart(message, error, delay) stops, keeps what was stored, and starts again after the delay', async () => {
  const { ssc, clock } = receiverContext();
  const r = new Flaky();
  const seen = events(ssc);
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  r.store('before');
  r.restart('connection lost', new Error('ECONNRESET'), 300);
  assert.equal(r.isStopped(), true);
  await settle();
  assert.equal(r.stops, 1);
  clock.advance(299);
  assert.equal(r.starts, 1);
  clock.advance(1);
  assert.equal(r.starts, 2);
  await ssc.advance(1);
  assert.deepEqual(batches[0].partitions.flat(), ['hello from start 1', 'before', 'hello from start 2']);
  assert.deepEqual(seen.map(([k]) => k), ['started', 'error', 'stopped', 'started']);
  assert.equal(seen[1][1].lastErrorMessage, 'connection lost');
  assert.equal(seen[2][1].active, false);
  assert.equal(seen[3][1].active, true);
});

test('data stored after the receiver stopped is dropped with a warning', async () => {
  const { ssc, err } = receiverContext();
  const r = new Flaky();
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  r.stop('done');
  await settle();
  r.store('too late');
  r.store('also late');
  await ssc.advance(1);
  assert.deepEqual(batches[0].partitions.flat(), ['hello from start 1']);
  assert.equal(err.filter((t) => t.includes('stored data after it stopped')).length, 1);
  assert.equal(ssc.getState(), 'ACTIVE');
});

test('reportError tells listeners and keeps the receiver running', async () => {
  const { ssc } = receiverContext();
  const r = new Flaky();
  const seen = events(ssc);
  ssc.receiverStream(r).count().print();
  ssc.start();
  await settle();
  r.reportError('bad record skipped', new Error('parse error'));
  assert.deepEqual(seen.map(([k]) => k), ['started', 'error']);
  assert.equal(seen[1][1].lastErrorMessage, 'bad record skipped');
  assert.equal(r.isStarted(), true);
});

test('calling store before start, or passing a non-receiver, says what to do', () => {
  const { ssc } = receiverContext();
  const r = new Flaky();
  assert.throws(() => r.store('x'), /store\(\) was called before the receiver started.*receiverStream/);
  assert.throws(() => ssc.receiverStream({} as unknown as Receiver<string>), /receiverStream needs a Receiver/);
});

test('graceful stop returns only after every stored record was processed', async () => {
  const { ssc } = receiverContext();
  const r = new Flaky();
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  await ssc.advance(1);
  r.store(['a', 'b', 'c']);
  const clockBefore = ssc.clock.now();
  await ssc.stop(false, true);
  assert.deepEqual(batches.flatMap((b) => b.partitions.flat()), ['hello from start 1', 'a', 'b', 'c']);
  assert.equal(ssc.clock.now(), clockBefore, 'a graceful stop leaves the manual clock where the user left it');
  assert.deepEqual(batches.map((b) => b.time), [1000, 2000], 'the drain batch keeps its own batch time');
  assert.equal(r.stops, 1);
  assert.equal(ssc.getState(), 'STOPPED');
});

test('a stop without grace does not wait for stored records', async () => {
  const { ssc } = receiverContext();
  const r = new Flaky();
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  r.store(['a']);
  await ssc.stop(false, false);
  assert.equal(batches.length, 0);
  assert.equal(r.stops, 1);
});
