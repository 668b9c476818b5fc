import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Milliseconds, SparkConf, SparkContext, StreamingContext, type BatchInfo } from '../../kernel';
import { manualContext, newSc } from './helpers';

// Issue 13 items 6 and 7: what a batch is stamped with.

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

test('CPU-bound batches on the real clock: submission is the batch time, so the scheduling delay shows the backlog', { timeout: 60_000 }, async () => {
  const sc = new SparkContext(new SparkConf().setAppName('backlog').setMaster('local[1]'));
  const ssc = new StreamingContext(sc, Milliseconds(100), { out: () => undefined, err: () => undefined });
  const infos: BatchInfo[] = [];
  let enough: () => void = () => undefined;
  const done = new Promise<void>((r) => (enough = r));
  ssc.addStreamingListener({
    onBatchCompleted: ({ batchInfo }) => {
      infos.push(batchInfo);
      if (infos.length === 8) enough();
    },
  });
  // 250 ms of synchronous work per 100 ms batch: the timer's ticks fire late behind it.
  ssc.queueStream<number>([], true, sc.parallelize([1], 1)).foreachRDD(() => busy(250));
  ssc.start();
  await done;
  await ssc.stop(true);
  for (const b of infos) assert.equal(b.submissionTime, b.batchTime.milliseconds, 'a batch is submitted at its due time');
  // Every missed batch is generated: consecutive batch times.
  infos.forEach((b, i) => assert.equal(b.batchTime.milliseconds, infos[0].batchTime.milliseconds + 100 * i));
  // Spark's figure: each batch waits ~150 ms longer than the one before.
  const delays = infos.map((b) => b.schedulingDelay ?? 0);
  assert.ok(delays[7] >= 6 * 150 * 0.8, `scheduling delays ${delays.join(', ')} should show the backlog`);
  for (let i = 2; i < delays.length; i++) assert.ok(delays[i] > delays[i - 1], `delays grow: ${delays.join(', ')}`);
});

test('on a manual clock, processing start and end are wall time, so processingDelay is real', async () => {
  const { ssc } = manualContext(newSc());
  const infos: BatchInfo[] = [];
  ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => infos.push(batchInfo) });
  ssc.queueStream<number>([[1], [2]]).foreachRDD(() => busy(60));
  ssc.start();
  const before = Date.now();
  await ssc.advance(2);
  assert.deepEqual(infos.map((b) => b.batchTime.milliseconds), [1000, 2000]);
  for (const b of infos) {
    assert.ok((b.processingDelay ?? 0) >= 55, `processingDelay ${b.processingDelay} ms for 60 ms of work`);
    assert.ok((b.processingStartTime ?? 0) >= before - 5, 'stamped with wall time');
    assert.equal(b.totalDelay, (b.schedulingDelay ?? NaN) + (b.processingDelay ?? NaN));
  }
  await ssc.stop(true);
});
