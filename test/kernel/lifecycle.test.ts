import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { EddyError, StreamingContext, Seconds } from '../../kernel';
import { manualContext, newSc, stopActive } from './helpers';

afterEach(stopActive);

function throwsWithFix(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof EddyError && pattern.test(e.message) && (e.hint ?? '').length > 0);
}

test('rule 1: no new streams, transformations or outputs after start', () => {
  const { ssc } = manualContext(newSc());
  const s = ssc.queueStream<number>([[1]]);
  s.foreachRDD(() => {});
  ssc.start();
  throwsWithFix(() => s.map((x) => x), /before start\(\)/);
  throwsWithFix(() => ssc.queueStream([[2]]), /has started/);
  throwsWithFix(() => s.print(), /has started/);
  assert.equal(ssc.getState(), 'ACTIVE');
});

test('rule 2: a stopped context never starts again, even one stopped before starting', async () => {
  const sc = newSc();
  const { ssc } = manualContext(sc);
  ssc.queueStream([[1]]).foreachRDD(() => {});
  ssc.start();
  await ssc.stop(false);
  throwsWithFix(() => ssc.start(), /stopped and cannot start again/);
  const never = manualContext(sc).ssc;
  never.queueStream([[1]]).foreachRDD(() => {});
  await never.stop(false);
  throwsWithFix(() => never.start(), /cannot start again/);
  assert.equal(never.getState(), 'STOPPED');
});

test('rule 3: only one active context per process', () => {
  const sc = newSc();
  const a = manualContext(sc).ssc;
  const b = manualContext(sc).ssc;
  a.queueStream([[1]]).foreachRDD(() => {});
  b.queueStream([[1]]).foreachRDD(() => {});
  a.start();
  throwsWithFix(() => b.start(), /Only one StreamingContext/);
  assert.equal(StreamingContext.getActive(), a);
  assert.equal(b.getState(), 'INITIALIZED');
});

test('rule 4: stop() stops the SparkContext, stop(false) does not', async () => {
  const sc = newSc();
  const keep = manualContext(sc).ssc;
  keep.queueStream([[1]]).foreachRDD(() => {});
  keep.start();
  await keep.stop(false);
  assert.equal(sc.isStopped, false);
  const all = manualContext(sc).ssc;
  all.queueStream([[1]]).foreachRDD(() => {});
  all.start();
  await all.stop();
  assert.equal(sc.isStopped, true);
  assert.throws(() => sc.parallelize([1]), /has been stopped/);
});

test('rule 5: one SparkContext serves contexts made one after another', async () => {
  const sc = newSc();
  for (let round = 0; round < 3; round++) {
    const { ssc } = manualContext(sc);
    const seen: number[][] = [];
    ssc.queueStream([[round]]).foreachRDD(async (rdd) => {
      seen.push(await rdd.collect());
    });
    ssc.start();
    await ssc.advance(1);
    await ssc.stop(false);
    assert.deepEqual(seen, [[round]]);
    assert.equal(StreamingContext.getActive(), undefined);
  }
});

test('rule 6: start() without an output operation throws and, as in Spark, marks the context STOPPED', () => {
  const { ssc } = manualContext(newSc());
  ssc.queueStream([[1]]);
  throwsWithFix(() => ssc.start(), /No output operations/);
  assert.equal(ssc.getState(), 'STOPPED');
  throwsWithFix(() => ssc.start(), /cannot start again/);
});

test('rule 7: no StreamingContext on a stopped SparkContext', async () => {
  const sc = newSc();
  await sc.stop();
  throwsWithFix(() => new StreamingContext(sc, Seconds(1)), /stopped SparkContext/);
});

test('awaitTermination resolves on stop; awaitTerminationOrTimeout tells which happened', async () => {
  const { ssc } = manualContext(newSc());
  ssc.queueStream([[1]]).foreachRDD(() => {});
  ssc.start();
  assert.equal(await ssc.awaitTerminationOrTimeout(10), false);
  const done = ssc.awaitTermination();
  await ssc.stop(false);
  await done;
  assert.equal(await ssc.awaitTerminationOrTimeout(10), true);
});

test('advance() refuses a real clock and an unstarted context', async () => {
  const sc = newSc();
  const real = new StreamingContext(sc, Seconds(1));
  real.queueStream([[1]]).foreachRDD(() => {});
  await assert.rejects(real.advance(1), /manual clock/);
  const { ssc } = manualContext(sc);
  ssc.queueStream([[1]]).foreachRDD(() => {});
  await assert.rejects(ssc.advance(1), /ssc.start\(\) first/);
});
