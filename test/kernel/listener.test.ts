import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { BatchInfo, StreamingListener } from '../../kernel';
import { manualContext, newSc, stopActive } from './helpers';

afterEach(stopActive);

test('listener events arrive in lifecycle order with batch metrics, before advance() resolves', async () => {
  const { ssc } = manualContext(newSc());
  const events: string[] = [];
  const completed: BatchInfo[] = [];
  const listener: StreamingListener = {
    onStreamingStarted: () => events.push('started'),
    onBatchSubmitted: ({ batchInfo }) => events.push(`submitted ${batchInfo.batchTime.milliseconds}`),
    onBatchStarted: ({ batchInfo }) => events.push(`batch-started ${batchInfo.batchTime.milliseconds}`),
    onOutputOperationStarted: ({ outputOperationInfo }) => events.push(`op-started ${outputOperationInfo.id}`),
    onOutputOperationCompleted: ({ outputOperationInfo }) => events.push(`op-completed ${outputOperationInfo.id}`),
    onBatchCompleted: ({ batchInfo }) => {
      events.push(`completed ${batchInfo.batchTime.milliseconds}`);
      completed.push(batchInfo);
    },
  };
  ssc.addStreamingListener(listener);
  const s = ssc.queueStream([[1, 2], [3]]);
  s.foreachRDD(() => {});
  s.map((x) => x).foreachRDD(() => {});
  ssc.start();
  await ssc.advance(2);
  assert.deepEqual(events, [
    'started',
    'submitted 1000', 'batch-started 1000', 'op-started 0', 'op-completed 0', 'op-started 1', 'op-completed 1', 'completed 1000',
    'submitted 2000', 'batch-started 2000', 'op-started 0', 'op-completed 0', 'op-started 1', 'op-completed 1', 'completed 2000',
  ]);
  for (const info of completed) {
    // Stamped with wall time even on the manual clock, as Spark does (issue 13 item 7).
    assert.ok((info.schedulingDelay ?? -1) >= 0 && (info.schedulingDelay ?? Infinity) < 60_000);
    assert.ok((info.processingDelay ?? -1) >= 0 && (info.processingDelay ?? Infinity) < 60_000);
    assert.equal(info.totalDelay, (info.schedulingDelay ?? NaN) + (info.processingDelay ?? NaN));
    assert.equal(info.numRecords, 0, 'queue streams report no records, as in Spark');
  }
});

test('scheduling delay grows when a batch waits for the one before it (real time, even on the manual clock)', async () => {
  const { ssc } = manualContext(newSc());
  const infos: BatchInfo[] = [];
  ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => infos.push(batchInfo) });
  const clock = ssc.clock as import('../../kernel').ManualClock;
  let first = true;
  ssc.queueStream([[1], [2]]).foreachRDD(async () => {
    if (first) {
      first = false;
      await Promise.resolve(); // leave the generator's turn, as real work would
      clock.advance(1000); // batch 2000 is generated while batch 1000 runs
      await new Promise((r) => setTimeout(r, 150)); // and batch 1000 takes 150 ms of real time
    }
  });
  ssc.start();
  await ssc.advance(1);
  await ssc.scheduler.whenIdle();
  assert.equal(infos.length, 2);
  assert.ok((infos[0].processingDelay ?? 0) >= 140, `processing ${infos[0].processingDelay} ms`);
  assert.equal(infos[1].batchTime.milliseconds, 2000);
  assert.ok((infos[1].schedulingDelay ?? 0) >= 140, `batch 2000 waited for batch 1000: ${infos[1].schedulingDelay} ms`);
});

test('a listener that throws is skipped and reported; batches go on', async () => {
  const { ssc, err } = manualContext(newSc());
  const seen: number[] = [];
  const reported: string[] = [];
  ssc.addStreamingListener({
    onBatchCompleted: () => {
      throw new Error('widget bug');
    },
  });
  ssc.bus.on('listener.error', (e) => reported.push(e.payload.eventType));
  ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => seen.push(batchInfo.batchTime.milliseconds) });
  ssc.queueStream([[1], [2]]).foreachRDD(() => {});
  ssc.start();
  await ssc.advance(2);
  assert.deepEqual(seen, [1000, 2000]);
  assert.deepEqual(reported, ['batch.completed', 'batch.completed']);
  assert.match(err.join(''), /widget bug/);
});
