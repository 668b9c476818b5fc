// Lesson 5: receivers, rate limits and backpressure.
// A receiver stores records at most at spark.streaming.receiver.maxRate per second. That is a
// rate, not a per-batch cap: like the Guava RateLimiter Spark wraps, the limiter banks up to
// one second of permits it did not use. With backpressure on, a PID estimator sets a new rate
// after each batch from how fast that batch was processed. The pageviews sample has a burst
// from 60 s to 70 s of its recording.
// %%
// Part 1, on the manual clock (the same figures every run): the pageviews sample replayed
// 10x faster, 11 batches of 1 s, once without a limit and once with maxRate 300/s.
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
async function recordsPerBatch(maxRate: number): Promise<number[]> {
  sc.conf.set('spark.streaming.receiver.maxRate', String(maxRate));
  const ctx = await session.newContext({ batchDuration: Seconds(1), manual: true });
  const counts: number[] = [];
  ctx.sampleStream('pageviews', { speed: 10 }).foreachRDD(async (rdd) => void counts.push(await rdd.count()));
  ctx.start();
  await ctx.advance(11);
  await ctx.stop(false);
  return counts;
}
const unlimited = await recordsPerBatch(0);
const limited = await recordsPerBatch(300);
console.log(`no limit:      ${unlimited.join(' ')} (total ${sum(unlimited)})`);
console.log(`maxRate 300/s: ${limited.join(' ')} (total ${sum(limited)})`);
// The burst lands in the batch of 7000 ms: 758 records without a limit. With maxRate 300/s
// that batch still holds 593: its own 300 plus 293 permits banked while the batches before
// it (about 200 records each) stayed under the limit. The 165 records held back come in the
// next two batches (300 and 282 instead of 224 and 193): both runs total 2808 records,
// nothing is lost.
// %%
// Part 2, on the system clock (5 s; the figures differ from run to run, the rules
// below hold in every run): backpressure on a stream whose work costs about 1 ms per record.
// Open :dash in another terminal (eddy dash) to watch the receiver panel while it runs.
sc.conf.set('spark.streaming.receiver.maxRate', '2000');
sc.conf.set('spark.streaming.backpressure.enabled', 'true');
sc.conf.set('spark.streaming.backpressure.initialRate', '400');
const live = await session.newContext({ batchDuration: Milliseconds(500), manual: false });
const slow = live.sampleStream('pageviews', { speed: 20 }).map((v) => {
  const until = Date.now() + 1;
  while (Date.now() < until);
  return v.split(',')[1];
});
slow.countByValue().foreachRDD(async (rdd) => void (await rdd.count()));
// One row per batch: its records, its processing time, and the rate the estimator set after it.
// why: the receiver tracker's own batch.completed listener (registered with the context, so
// before this one) publishes the new rate, so a rate.updated seen since the last row is this batch's.
const rows: Array<{ records: number; processingMs: number; rate: number | undefined }> = [];
let newRate: number | undefined;
live.bus.on('rate.updated', (e) => void (newRate = e.payload.rate));
live.bus.on('batch.completed', (e) => {
  const b = e.payload.batchInfo;
  rows.push({ records: b.numRecords, processingMs: b.processingDelay ?? 0, rate: newRate });
  newRate = undefined;
});
live.start();
await live.awaitTerminationOrTimeout(5000);
await live.stop(false);
for (const r of rows) {
  const processedAt = r.processingMs > 0 ? Math.round((r.records / r.processingMs) * 1000) : undefined;
  const overran = r.processingMs > 500 ? ' (longer than the 500 ms interval)' : '';
  console.log(`${r.records} rec in ${r.processingMs} ms${overran}, processed at ${processedAt ?? '-'} rec/s -> rate set: ${r.rate === undefined ? 'none' : `${r.rate}/s`}`);
}
// What the rows show, in every run:
// - the first batch with records sets no rate: Spark's PIDRateEstimator only records its
//   processing rate (there is no previous estimate to correct yet);
// - every rate set is at most the rate its batch was processed at (records / processing
//   time), and never under spark.streaming.backpressure.pid.minRate (100/s): with the
//   default gains the proportional term brings the estimate to that processing rate and
//   the integral term (scheduling delay, records that waited) only lowers it further.
// The rate bounds what the receiver stores in the next batches; it does not promise they
// fit: during the burst, or on a busy machine, a batch can still take longer than 500 ms,
// and the estimator corrects after it. On the dashboard: records/batch rises with the burst
// (3 s into the replay), the processing chart crosses the interval line, and the receiver
// panel shows the rate the estimator set and its p/i/d terms.
// %%
await session.stopContext();
sc.conf.set('spark.streaming.backpressure.enabled', 'false');
sc.conf.set('spark.streaming.receiver.maxRate', '0');
