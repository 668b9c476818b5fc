import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Milliseconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';
import { DashboardState, feedOf, outputTap } from '../../widgets';

function context(): StreamingContext {
  const sc = new SparkContext(new SparkConf().setAppName('state-test').setMaster('local[2]'));
  return new StreamingContext(sc, Milliseconds(1000), { clock: 'manual', out: () => undefined, err: () => undefined });
}

test('the state folds a real context’s events: batches, delays, print output, taps, failures', async () => {
  const ssc = context();
  const lines = ssc.queueStream<string>([['a b a'], ['b'], ['c c c a']]);
  const counts = lines.flatMap((l) => l.split(' ')).map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b);
  outputTap(counts, { k: 2, label: 'words' });
  lines.count().print();
  lines.foreachRDD((_rdd, time) => {
    if (time.milliseconds === 2000) throw new Error('boom in batch 2');
  });
  const state = new DashboardState();
  feedOf(ssc).subscribe((e) => state.apply(e));
  assert.equal(state.batchIntervalMs, 1000);
  assert.equal(state.appName, 'state-test');
  ssc.start();
  await ssc.advance(3);

  assert.equal(state.status, 'running');
  assert.equal(state.completedBatches, 3);
  const rows = state.completed();
  assert.deepEqual(rows.map((r) => r.batchTime), [1000, 2000, 3000]);
  assert.deepEqual(rows.map((r) => r.status), ['done', 'failed', 'done']);
  for (const r of rows) assert.equal(r.totalDelay, (r.schedulingDelay ?? 0) + (r.processingDelay ?? 0));
  const log = state.log.toArray().map((l) => l.text);
  assert.ok(log.includes('Time: 1000 ms') && log.includes('Time: 3000 ms'), log.join('\n'));
  assert.ok(state.log.toArray().some((l) => l.level === 'err' && l.text.includes('boom in batch 2')));
  assert.deepEqual(state.tap, { kind: 'bars', label: 'words', batchTime: 3000, total: 2, rows: [['c', 3], ['a', 1]] });
  await ssc.stop(true);
  assert.equal(state.status, 'stopped');
});

test('a dashboard opened late replays the recent history; buffers stay bounded', async () => {
  const ssc = context();
  feedOf(ssc);
  ssc.queueStream<number>([[1], [2, 3], [4], [5], [6], [7]]).count().print();
  ssc.start();
  await ssc.advance(6);
  const state = new DashboardState({ batchCapacity: 4, logCapacity: 5 });
  feedOf(ssc).subscribe((e) => state.apply(e));
  assert.equal(state.completedBatches, 6);
  assert.equal(state.batches.length, 4);
  assert.deepEqual(state.completed().map((r) => r.batchTime), [3000, 4000, 5000, 6000]);
  assert.equal(state.log.length, 5);
  assert.deepEqual(state.log.toArray().map((l) => l.text).slice(-3), ['Time: 6000 ms', '-------------------------------------------', '1']);
  await ssc.stop(true);
});

test('receiver and rate events make receiver rows with PID terms', () => {
  const ssc = context();
  const state = new DashboardState();
  feedOf(ssc).subscribe((e) => state.apply(e));
  const info = { streamId: 0, name: 'SocketReceiver', active: true, location: 'local', lastErrorMessage: '', lastError: '', lastErrorTime: -1 };
  ssc.bus.post({ type: 'receiver.started', payload: { receiverInfo: info } });
  ssc.bus.post({ type: 'rate.updated', payload: { streamId: 0, rate: 250, proportional: 1, integral: 0.2, derivative: 0, queued: 40 } });
  ssc.bus.post({ type: 'receiver.error', payload: { receiverInfo: { ...info, lastErrorMessage: 'connection refused' } } });
  const row = state.receivers.get(0);
  assert.equal(row?.name, 'SocketReceiver');
  assert.equal(row?.rate, 250);
  assert.equal(row?.queued, 40);
  assert.equal(row?.lastError, 'connection refused');
  assert.ok(state.log.toArray().some((l) => l.level === 'err' && l.text.includes('connection refused')));
  const before = state.version;
  ssc.bus.post({ type: 'receiver.stopped', payload: { receiverInfo: info } });
  assert.equal(state.receivers.get(0)?.active, false);
  assert.ok(state.version > before);
});

test('events that arrived as JSON (times as numbers) fold the same way', () => {
  const state = new DashboardState();
  const batchInfo = { batchTime: 5000, submissionTime: 5000, processingStartTime: 5001, processingEndTime: 5011, numRecords: 7, streamIdToInputInfo: {}, outputOperationInfos: {}, schedulingDelay: 1, processingDelay: 10, totalDelay: 11 };
  const wire = JSON.parse(JSON.stringify({ type: 'batch.completed', id: 1, timestamp: 5011, payload: { batchInfo } }));
  state.apply(wire);
  assert.deepEqual(state.completed()[0], { batchTime: 5000, numRecords: 7, schedulingDelay: 1, processingDelay: 10, totalDelay: 11, status: 'done', failedOutputs: 0 });
  assert.equal(state.totalRecords, 7);
});
