import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamingContext, type OutputOperationInfo } from '../../kernel';
import { manualContext, newSc } from './helpers';

// Issue 13 item 1: an input's RDD for time t is computed once (Spark's DStream.getOrCompute).
// A bad queueStream element fails its own batch, visibly, and shifts nothing.

test('a queueStream element that is not an array or an RDD fails its batch and shifts no later batch', async () => {
  const sc = newSc();
  const { ssc, err } = manualContext(sc);
  const queue: unknown[] = [[1], [2], 'oops', [3], [4]];
  const seen: Array<[number, number[]]> = [];
  const infos: OutputOperationInfo[] = [];
  const input = ssc.queueStream<number>(queue as number[][]);
  input.foreachRDD(async (rdd, time) => {
    seen.push([time.milliseconds, await rdd.collect()]);
  });
  input.map((x) => x * 10).print();
  ssc.addStreamingListener({ onOutputOperationCompleted: ({ outputOperationInfo }) => void infos.push(outputOperationInfo) });
  const terminated = ssc.awaitTermination();
  terminated.catch(() => undefined); // asserted below
  ssc.start();
  await ssc.advance(5);

  // Spark's values: batch k holds element k; the third batch fails in both output operations.
  assert.deepEqual(seen, [[1000, [1]], [2000, [2]], [4000, [3]], [5000, [4]]]);
  const failed = infos.filter((i) => i.failureReason !== undefined);
  assert.deepEqual(failed.map((i) => [i.batchTime.milliseconds, i.id]), [[3000, 0], [3000, 1]]);
  assert.match(failed[0].failureReason ?? '', /queueStream's element for batch 3000 ms is a string \("oops"\), not an array or an RDD/);
  assert.ok(err.join('').includes('not an array or an RDD'), 'the error is written to stderr');
  await assert.rejects(terminated, /not an array or an RDD/);
  assert.equal(ssc.getState(), 'ACTIVE');
  await ssc.stop(false);
});

test('a transform that throws at generation fails only its batch, and its parent is read once per batch', async () => {
  const sc = newSc();
  await StreamingContext.getActive()?.stop(false);
  const { ssc } = manualContext(sc);
  let computed = 0;
  const input = ssc.queueStream<number>([[1], [2], [3]]);
  const out: number[][] = [];
  input
    .transform((rdd, time) => {
      computed += 1;
      if (time.milliseconds === 2000) throw new Error('no batch two');
      return rdd;
    })
    .foreachRDD(async (rdd) => void out.push(await rdd.collect()));
  ssc.start();
  await ssc.advance(3);
  assert.deepEqual(out, [[1], [3]]);
  assert.equal(computed, 3, 'the failed time is not computed again');
  await ssc.stop(true);
});
