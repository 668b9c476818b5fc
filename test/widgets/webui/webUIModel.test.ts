import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchInfo } from '../../../kernel';
import type { DashboardEvent } from '../../../widgets';
import { WEBUI_LIMITS, WebUIModel } from '../../../widgets/webui';

const INTERVAL = 100;

function batch(t: number, records: number, processing: number, failed = false): BatchInfo {
  return {
    batchTime: t,
    submissionTime: t,
    processingStartTime: t,
    processingEndTime: t + processing,
    numRecords: records,
    streamIdToInputInfo: { 0: { inputStreamId: 0, numRecords: records, metadata: {} } },
    outputOperationInfos: {
      0: { batchTime: t, id: 0, name: 'print', description: 'print of map[1]', startTime: t, endTime: t + processing, duration: processing, failureReason: failed ? 'Error: boom\n    at user.ts:1' : undefined },
    },
    schedulingDelay: 0,
    processingDelay: processing,
    totalDelay: processing,
  } as unknown as BatchInfo;
}

const ev = (e: Record<string, unknown>): DashboardEvent => ({ id: 0, timestamp: 0, ...e }) as unknown as DashboardEvent;

test('after 100,000 batches the view stays bounded and still spans the whole run', () => {
  const m = new WebUIModel();
  m.apply(ev({ type: 'dash.hello', payload: { appName: 'long', batchIntervalMs: INTERVAL, state: 'ACTIVE', pid: 1 } }));
  m.apply(ev({ type: 'receiver.started', payload: { receiverInfo: { streamId: 0, name: 'R', active: true, location: '', lastErrorMessage: '', lastError: '', lastErrorTime: 0 } } }));
  const N = 100_000;
  for (let i = 1; i <= N; i++) {
    const t = i * INTERVAL;
    m.apply(ev({ type: 'batch.submitted', payload: { batchInfo: batch(t, 0, 0) } }));
    m.apply(ev({ type: 'batch.completed', payload: { batchInfo: batch(t, 10 + (i % 10), i === 5 ? 9000 : 5, i % 1000 === 0) } }));
    if (i % 10 === 0) m.apply(ev({ type: 'stream.snapshot', payload: { name: `s${i % 100}`, streamId: 3, outputOpId: 0, batchTime: t, snapshot: { kind: 'table', total: 1, rows: ['x'] } } }));
  }
  const v = m.view();
  assert.equal(v.completedBatches, N);
  assert.equal(v.failedBatches, N / 1000);
  assert.ok(v.series.t.length <= 900, `series points: ${v.series.t.length}`);
  assert.equal(v.series.t[0], INTERVAL, 'the first point is the first batch');
  assert.equal(v.series.n.reduce((a, b) => a + b, 0), N, 'every batch is in some point');
  assert.ok(v.bucketWidth > 1, 'older points were merged');
  assert.equal(Math.max(...v.series.maxTotal), 9000, 'a spike survives the averaging as its bucket\'s maximum');
  assert.equal(v.series.rate[v.series.rate.length - 1], ((10 + (N % 10)) * 1000) / INTERVAL, 'the newest points are per batch, in records/s');
  assert.equal(v.completed.length, WEBUI_LIMITS.tableBatches);
  assert.equal(v.completed[0].batchTime, N * INTERVAL, 'newest first');
  assert.equal(v.active.length, 0);
  assert.ok(v.streams.length <= WEBUI_LIMITS.publishedStreams);
  assert.ok(v.receivers[0].chart.t.length <= WEBUI_LIMITS.ratePoints);
  assert.ok(v.errors.length <= WEBUI_LIMITS.errors);
  assert.ok(JSON.stringify(v).length < 200_000, `view size ${JSON.stringify(v).length} bytes`);
  assert.equal(m.detail(N * INTERVAL)?.outputs[0].name, 'print');
  assert.equal(m.detail(INTERVAL), undefined, 'old details are forgotten');
  assert.equal(m.detail((N - WEBUI_LIMITS.detailBatches + 1) * INTERVAL)?.batchTime, (N - WEBUI_LIMITS.detailBatches + 1) * INTERVAL);
});

test('active batches carry their output operations as they run; failures and receiver errors are kept', () => {
  const m = new WebUIModel();
  m.apply(ev({ type: 'dash.hello', payload: { appName: 'a', batchIntervalMs: 1000, state: 'ACTIVE', pid: 1 } }));
  m.apply(ev({ type: 'dash.graph', payload: { streams: [{ id: 0, name: 'socketTextStream', kind: 'SocketInputDStream', slideMs: 1000, windowMs: undefined, description: '', parents: [], outputOpId: undefined }] } }));
  const b = batch(1000, 5, 7, true);
  m.apply(ev({ type: 'batch.started', payload: { batchInfo: { ...b, outputOperationInfos: {} } } }));
  m.apply(ev({ type: 'output.completed', payload: { outputOperationInfo: (b.outputOperationInfos as Record<number, unknown>)[0] } }));
  const running = m.detail(1000);
  assert.equal(running?.status, 'processing');
  assert.equal(running?.outputs[0].status, 'failed');
  assert.match(running?.outputs[0].failureReason ?? '', /boom/);
  assert.equal(m.view().active.length, 1);
  m.apply(ev({ type: 'batch.completed', payload: { batchInfo: b } }));
  const v = m.view();
  assert.equal(v.active.length, 0);
  assert.equal(v.completed[0].status, 'failed');
  assert.equal(m.detail(1000)?.inputs[0].name, 'socketTextStream [0]');
  m.apply(ev({ type: 'rate.updated', payload: { streamId: 0, rate: 4000 } }));
  m.apply(ev({ type: 'receiver.error', payload: { receiverInfo: { streamId: 0, name: 'SocketReceiver', active: true, location: '', lastErrorMessage: 'connection refused', lastError: '', lastErrorTime: 5 } } }));
  const r = m.view().receivers[0];
  assert.equal(r.limit, 4000);
  assert.equal(r.errors, 1);
  assert.equal(r.lastError, 'connection refused');
  assert.equal(r.stream, 'socketTextStream [0]');
  assert.equal(r.rate, 5, 'records of the last batch per second');
  assert.ok(m.view().errors.some((e) => /boom/.test(e)) && m.view().errors.some((e) => /connection refused/.test(e)));
  const epoch = m.view().epoch;
  m.reset();
  assert.equal(m.view().epoch, epoch + 1);
  assert.equal(m.view().completed.length, 0);
});
