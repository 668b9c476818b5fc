import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardState } from '../../widgets';
import { batchTableRows, chartLabels, chartSeries, formatBatchTime, formatMs, receiverTableRows, statusLine, tapLines } from '../../widgets/render/formatPanels';
import { textTable } from '../../widgets/render/textTable';

function stateWithBatches(): DashboardState {
  const s = new DashboardState();
  s.apply({ type: 'dash.hello', payload: { appName: 'app', batchIntervalMs: 1000, state: 'ACTIVE', pid: 1 } });
  for (const [t, n, p] of [[1000, 10, 120], [2000, 30, 1500], [3000, 20, 80]]) {
    const batchInfo = { batchTime: t, submissionTime: t, processingStartTime: t, processingEndTime: t + p, numRecords: n, streamIdToInputInfo: {}, outputOperationInfos: {}, schedulingDelay: 0, processingDelay: p, totalDelay: p };
    s.apply({ type: 'batch.completed', id: t, timestamp: t + p, payload: { batchInfo } } as never);
  }
  return s;
}

test('charts get one point per completed batch, with the batch interval as the processing reference line', () => {
  const s = stateWithBatches();
  const series = chartSeries(s);
  assert.deepEqual(series.x, ['1000 ms', '2000 ms', '3000 ms']);
  assert.deepEqual(series.records, [10, 30, 20]);
  assert.deepEqual(series.processing, [120, 1500, 80]);
  assert.deepEqual(series.interval, [1000, 1000, 1000]);
  assert.deepEqual(chartLabels(s), { records: ' records/batch 20 ', processing: ' processing 80 ms (interval 1000 ms) ', delays: ' delay: sched 0 ms, total 80 ms ' });
});

test('the batch table lists the newest first and the status line sums up', () => {
  const s = stateWithBatches();
  assert.deepEqual(batchTableRows(s, 2), [
    ['3000 ms', '20', '0 ms', '80 ms', '80 ms', 'done'],
    ['2000 ms', '30', '0 ms', '1500 ms', '1500 ms', 'done'],
  ]);
  assert.equal(statusLine(s, 'q: back'), ' app | running | batch interval 1000 ms | 3 batches, 60 records | q: back');
});

test('a top-k tap draws bars proportional to the values', () => {
  const lines = tapLines({ kind: 'bars', label: 'w', batchTime: 1000, total: 5, rows: [['the', 40], ['a', 20], ['zero', 0]] }, 30);
  assert.equal(lines[0], 'batch 1000 ms: 5 elements');
  const bar = (l: string): number => (l.match(/█/g) ?? []).length;
  assert.ok(Math.abs(bar(lines[1]) - 2 * bar(lines[2])) <= 1, lines.join('\n'));
  assert.equal(bar(lines[3]), 0);
  assert.ok(lines.every((l) => l.length <= 30), lines.join('\n'));
  assert.match(lines[1], /^the  █+ 40$/);
  const table = tapLines({ kind: 'table', label: 't', batchTime: 2000, total: 3, rows: ['x', 'y'] }, 30);
  assert.deepEqual(table, ['batch 2000 ms: 3 elements', 'x', 'y', '...']);
  assert.match(tapLines(undefined, 40).join('\n'), /BEFORE ssc\.start\(\)/);
});

test('times, durations, tables and receivers format for reading', () => {
  assert.equal(formatBatchTime(1500), '1500 ms');
  assert.match(formatBatchTime(new Date(2024, 0, 1, 13, 4, 5).getTime()), /^13:04:05$/);
  assert.match(formatBatchTime(new Date(2024, 0, 1, 13, 4, 5, 250).getTime()), /^13:04:05\.250$/);
  assert.equal(formatMs(undefined), '-');
  assert.equal(formatMs(12_345), '12.3 s');
  assert.deepEqual(textTable(['k', 'n'], [['ab', '1'], ['c', '100']], 80), ['k     n', 'ab    1', 'c   100']);
  const s = new DashboardState();
  s.apply({ type: 'rate.updated', id: 1, timestamp: 0, payload: { streamId: 2, rate: undefined } });
  assert.deepEqual(receiverTableRows(s), [['2', 'stream 2', '-', 'unlimited', '-', '-']]);
});

test('on an 80-column screen: short chart titles, a status line that keeps its keys, tables that drop columns rather than wrap', () => {
  const s = new DashboardState();
  s.apply({ type: 'dash.hello', payload: { appName: 'eddy-repl', batchIntervalMs: 1000, state: 'ACTIVE', pid: 1 } } as never);
  s.apply({ type: 'batch.completed', payload: { batchInfo: { batchTime: 3000, numRecords: 1234, schedulingDelay: 2, processingDelay: 118, totalDelay: 120, outputOperationInfos: {}, streamIdToInputInfo: {} } } } as never);
  assert.deepEqual(chartLabels(s, 23), { records: ' records/batch 1234 ', processing: ' proc 118 ms / 1000 ms ', delays: ' total 120, sched 2 ms ' });
  const status = statusLine(s, 'q/Esc: back', 80);
  assert.equal(status, ' eddy-repl | running | interval 1000 ms | 1 batches, 1234 records | q/Esc: back');
  assert.ok(statusLine(s, 'q/Esc: back', 50).endsWith('… | q/Esc: back'));
  assert.equal(statusLine(s, 'q/Esc: back', 50).length, 50);
  const headers = ['batch time', 'records', 'sched', 'process', 'total', 'status'];
  const rows = [['04:37:54.500', '62', '0 ms', '5 ms', '5 ms', 'processing']];
  for (const line of textTable(headers, rows, 44, ['total', 'sched'])) assert.ok(line.length <= 44, line);
  // 46 columns: one space apart, without total (sched + process); 44: without sched too, two spaces apart again.
  assert.deepEqual(textTable(headers, rows, 46, ['total', 'sched']), ['batch time   records sched process     status', '04:37:54.500      62  0 ms    5 ms processing']);
  assert.deepEqual(textTable(headers, rows, 44, ['total', 'sched']), ['batch time    records  process      status', '04:37:54.500       62     5 ms  processing']);
});
