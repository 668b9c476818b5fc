import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Milliseconds, SparkConf, SparkContext, StreamingContext, type BatchInfo, type RateInfo } from '../../kernel';
import { startProducer } from '../../bench/cases/backpressureScenario';
import { waitFor } from './helpers';

// Issue 13 item 6: backpressure converges without spark.streaming.backpressure.initialRate.
// A TCP producer offers 10× what a slow sink takes (it awaits 0.5 ms per record, as a
// database would: the event loop stays free, so batches queue in the scheduler), on the
// real clock, whose figures the PID estimator reads. Before the fix every batch generated
// while the first ran took unbounded input, and the backlog grew for good (27 batches
// pending and the delay still rising after 30 s).

const BATCH_MS = 500;
const SINK_MS_PER_RECORD = 0.5;
const OFFERED = 20_000; // lines/s: 10× the sink's 2,000 records/s
const SETTLED = 5;

/** Index of the first of SETTLED batches in a row with records that each started within an interval of its time. */
function settledAt(batches: BatchInfo[]): number {
  let run = 0;
  for (let i = 0; i < batches.length; i++) {
    const b = batches[i];
    run = b.numRecords > 0 && (b.schedulingDelay ?? Infinity) < BATCH_MS ? run + 1 : 0;
    if (run === SETTLED) return i - SETTLED + 1;
  }
  return -1;
}

test('backpressure without initialRate: a 10× producer into a slow sink leaves few batches pending and the delay falls back', { timeout: 170_000 }, async () => {
  const { child, port } = await startProducer(OFFERED);
  const conf = new SparkConf()
    .setAppName('backpressure-convergence')
    .setMaster('local[2]')
    .set('spark.streaming.backpressure.enabled', 'true')
    .set('spark.streaming.blockInterval', '100ms');
  const ssc = new StreamingContext(new SparkContext(conf), Milliseconds(BATCH_MS), { err: () => undefined });
  const batches: BatchInfo[] = [];
  const rates: RateInfo[] = [];
  let maxPending = 0;
  ssc.bus.on('rate.updated', (e) => rates.push(e.payload));
  ssc.addStreamingListener({
    onBatchSubmitted: () => (maxPending = Math.max(maxPending, ssc.scheduler.pendingBatches().length)),
    onBatchCompleted: ({ batchInfo }) => batches.push(batchInfo),
  });
  ssc.socketTextStream('127.0.0.1', port).foreachRDD(async (rdd) => {
    const n = await rdd.count();
    await new Promise((r) => setTimeout(r, n * SINK_MS_PER_RECORD));
  });
  // Start just after a batch boundary, so the first batch receives for most of an interval
  // (batch times are multiples of the interval): its backlog is what the test is about.
  await waitFor(() => Date.now() % BATCH_MS < 50, 'the start of a batch interval', 5000);
  ssc.start();
  try {
    await waitFor(() => settledAt(batches) >= 0, `${SETTLED} batches in a row within an interval of their time`, 150_000);
  } finally {
    await ssc.stop(true, false);
    child.kill();
  }
  const first = batches.findIndex((b) => b.numRecords > 0);
  const firstWork = batches[first].processingDelay ?? 0;
  const delays = batches.map((b) => b.schedulingDelay ?? 0);
  const summary = `first batch ${batches[first].numRecords} records in ${firstWork} ms; max pending ${maxPending}; records ${batches.map((b) => b.numRecords).join(',')}; delays ${delays.join(',')}`;
  // While the first batch with records ran, later batches were generated and queued behind
  // it (the scheduling delay shows that backlog), but the input was held: they took nothing.
  assert.ok(maxPending <= Math.ceil(firstWork / BATCH_MS) + 5, `pending batches bounded by the first batch's work: ${summary}`);
  const during = batches.slice(first + 1).filter((b) => b.batchTime.milliseconds < (batches[first].processingEndTime ?? 0));
  assert.ok(firstWork > BATCH_MS, `the first batch took more than an interval of work: ${summary}`);
  assert.ok(during.length > 0 && during.every((b) => b.numRecords === 0), `batches generated while the first was measured take nothing: ${summary}`);
  assert.ok(rates.some((r) => r.rate === 0), 'the hold is visible as a rate of 0');
  const measured = rates.find((r) => r.rate !== undefined && r.rate > 0);
  const measuredRate = (batches[first].numRecords / firstWork) * 1000;
  assert.ok(measured !== undefined && Math.abs((measured.rate as number) - measuredRate) <= 1, `the first rate is the first batch's processing rate (${measuredRate.toFixed(0)}/s): ${JSON.stringify(measured)}`);
  // The delay rose with that backlog, then fell back under one interval and stayed there.
  const at = settledAt(batches);
  assert.ok(Math.max(...delays.slice(0, at)) > BATCH_MS, `the backlog showed in the scheduling delay first: ${summary}`);
});
