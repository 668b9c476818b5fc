import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { StreamingContext } from '../../kernel';
import { manualContext, newSc, stopActive } from './helpers';

afterEach(stopActive);

test('stop(false) called from inside an output operation does not wait for itself', async () => {
  const { ssc } = manualContext(newSc());
  let stopped: Promise<void> | undefined;
  ssc.queueStream([[1], [2]]).foreachRDD(() => {
    stopped ??= ssc.stop(false);
  });
  ssc.start();
  await ssc.advance(2);
  await stopped;
  assert.equal(ssc.getState(), 'STOPPED');
  assert.equal(StreamingContext.getActive(), undefined);
});

test('graceful stop waits for submitted batches; the other kind drops batches not started', async () => {
  const sc = newSc();
  for (const graceful of [true, false]) {
    const { ssc } = manualContext(sc);
    const seen: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    ssc.queueStream([[1], [2], [3]]).foreachRDD(async (rdd, time) => {
      if (time.milliseconds === 1000) await gate;
      seen.push(...(await rdd.collect()));
    });
    ssc.start();
    const clock = ssc.clock as import('../../kernel').ManualClock;
    clock.setTime(3000); // three batches submitted; the first waits at the gate
    const stopping = ssc.stop(false, graceful);
    release();
    await stopping;
    assert.deepEqual(seen, graceful ? [1, 2, 3] : [1], graceful ? 'graceful' : 'not graceful');
  }
});
