import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { OutputOperationInfo } from '../../kernel';
import { manualContext, newSc, stopActive } from './helpers';

afterEach(stopActive);

function explodeOnThree(x: number): number {
  if (x === 3) throw new Error('user code saw 3');
  return x * 10;
}

test('a throwing user function fails only its batch job; the rest of the batch and later batches run', async () => {
  const { ssc, err } = manualContext(newSc());
  const infos: OutputOperationInfo[] = [];
  ssc.addStreamingListener({ onOutputOperationCompleted: ({ outputOperationInfo }) => infos.push(outputOperationInfo) });
  const s = ssc.queueStream([[1, 2], [3, 4], [5]]);
  const mapped: number[][] = [];
  const counts: number[] = [];
  s.map(explodeOnThree).foreachRDD(async (rdd) => {
    mapped.push(await rdd.collect());
  });
  s.count().foreachRDD(async (rdd) => {
    counts.push(...(await rdd.collect()));
  });
  const terminated = ssc.awaitTermination();
  terminated.catch(() => {}); // asserted below; mark it handled while batches run
  ssc.start();
  await ssc.advance(3);
  assert.equal(ssc.getState(), 'ACTIVE');
  assert.deepEqual(mapped, [[10, 20], [50]]);
  assert.deepEqual(counts, [2, 2, 1], "the batch's other output operation still ran");
  const failed = infos.filter((i) => i.failureReason !== undefined);
  assert.equal(failed.length, 1);
  assert.equal(failed[0].batchTime.milliseconds, 2000);
  assert.match(failed[0].failureReason ?? '', /user code saw 3/);
  assert.match(failed[0].failureReason ?? '', /explodeOnThree/, "the user's own frame is in the stack");
  assert.doesNotMatch(failed[0].failureReason ?? '', /kernel\/rdd\//, 'kernel frames are left out');
  assert.match(err.join(''), /user code saw 3[\s\S]*explodeOnThree/);
  await assert.rejects(terminated, /user code saw 3/);
});

test('a throwing transform() function fails that output operation at generation, not the context', async () => {
  const { ssc } = manualContext(newSc());
  const infos: OutputOperationInfo[] = [];
  ssc.addStreamingListener({ onOutputOperationCompleted: ({ outputOperationInfo }) => infos.push(outputOperationInfo) });
  const s = ssc.queueStream([[1], [2]]);
  s.transform((rdd, time) => {
    if (time.milliseconds === 1000) throw new TypeError('bad transform');
    return rdd;
  }).foreachRDD(() => {});
  ssc.start();
  await ssc.advance(2);
  assert.deepEqual(
    infos.map((i) => [i.batchTime.milliseconds, i.failureReason === undefined]),
    [[1000, false], [2000, true]],
  );
  assert.match(infos[0].failureReason ?? '', /TypeError: bad transform/);
});

test('an async output operation that rejects is reported the same way', async () => {
  const { ssc, err } = manualContext(newSc());
  ssc.queueStream([[1]]).foreachRDD(async () => {
    await Promise.resolve();
    throw new RangeError('async sink failed');
  });
  ssc.start();
  await ssc.advance(1);
  assert.match(err.join(''), /RangeError: async sink failed/);
  assert.equal(ssc.getState(), 'ACTIVE');
});
