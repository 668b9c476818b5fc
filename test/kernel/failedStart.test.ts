import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Seconds, StreamingContext } from '../../kernel';
import { manualContext, newSc } from './helpers';

// Issue 13 item 9: Spark's StreamingContext.start() marks the context STOPPED when starting
// fails ("Error starting the context, marking it as stopped").

test('start() with no output operation throws and leaves the context STOPPED', async () => {
  const sc = newSc();
  const { ssc, err } = manualContext(sc);
  ssc.queueStream<number>([[1]]);
  assert.throws(() => ssc.start(), /No output operations registered/);
  assert.equal(ssc.getState(), 'STOPPED');
  assert.match(err.join(''), /Error starting the context, marking it as stopped/);
  assert.throws(() => ssc.start(), /has been stopped and cannot start again/);
  assert.equal(await ssc.awaitTerminationOrTimeout(10), true, 'awaitTermination does not wait on a context that failed to start');
  assert.equal(StreamingContext.getActive(), undefined);
  // The SparkContext is untouched: a new context starts.
  const next = manualContext(sc).ssc;
  next.queueStream<number>([[1]]).print();
  next.start();
  assert.equal(next.getState(), 'ACTIVE');
  await next.stop(true);
});

test('start() of a state stream without a checkpoint directory throws and leaves the context STOPPED', async () => {
  const { ssc } = manualContext(newSc());
  ssc.queueStream<[string, number]>([]).updateStateByKey<string, number, number>((vs, s) => (s ?? 0) + vs.length).print();
  assert.throws(() => ssc.start(), /needs a checkpoint directory/);
  assert.equal(ssc.getState(), 'STOPPED');
  assert.throws(() => ssc.queueStream<number>([]), /stopped/i, 'a stopped context takes no new streams');
  await ssc.stop(true);
});

test('a second active context is refused without stopping the one that asked (Spark checks this before trying)', async () => {
  const sc = newSc();
  const first = manualContext(sc).ssc;
  first.queueStream<number>([]).print();
  first.start();
  const second = new StreamingContext(sc, Seconds(1), { clock: 'manual', out: () => undefined, err: () => undefined });
  second.queueStream<number>([]).print();
  assert.throws(() => second.start(), /Only one StreamingContext may be active/);
  assert.equal(second.getState(), 'INITIALIZED');
  await first.stop(false);
  second.start();
  assert.equal(second.getState(), 'ACTIVE');
  await second.stop(true);
});
