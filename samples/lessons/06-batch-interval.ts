// Lesson 6: the batch-interval trade-off.
// A micro-batch system pays a fixed cost per batch (scheduling, a job, a shuffle) and a
// small cost per record. Longer batches spread the fixed cost over more records (more
// throughput) but a record waits, on average, half a batch plus the processing time
// (more latency). A record-at-a-time system pays its cost per record: low latency, but
// the per-record overhead caps throughput. This lesson sweeps the interval on the system
// clock (about 8 s) and prints latency against the throughput each interval could sustain.
// %%
const perBatchCostMs = 40;
const sweep: Array<{ interval: number; batches: number; records: number; busyMs: number; totalDelayMs: number }> = [];
async function measure(intervalMs: number): Promise<void> {
  const ctx = await session.newContext({ batchDuration: Milliseconds(intervalMs), manual: false });
  const views = ctx.sampleStream('pageviews', { speed: 10 });
  views.map((v) => [v.split(',')[1], 1] as [string, number]).reduceByKey((a, b) => a + b).foreachRDD(async (rdd) => {
    await rdd.count();
    // The fixed per-batch cost of a real cluster (task launch, shuffle, commit), made visible.
    const until = Date.now() + perBatchCostMs;
    while (Date.now() < until);
  });
  const row = { interval: intervalMs, batches: 0, records: 0, busyMs: 0, totalDelayMs: 0 };
  ctx.bus.on('batch.completed', (e) => {
    const b = e.payload.batchInfo;
    row.batches++;
    row.records += b.numRecords;
    row.busyMs += b.processingDelay ?? 0;
    row.totalDelayMs += b.totalDelay ?? 0;
  });
  ctx.start();
  await ctx.awaitTerminationOrTimeout(2000);
  await ctx.stop(false);
  sweep.push(row);
}
// %%
for (const interval of [100, 250, 500, 1000]) await measure(interval);
// %%
// latency ≈ half an interval of waiting + the batch's total delay; capacity = records per busy second.
for (const r of sweep) {
  const latency = r.interval / 2 + r.totalDelayMs / Math.max(1, r.batches);
  const capacity = r.busyMs > 0 ? Math.round((r.records / r.busyMs) * 1000) : Infinity;
  console.log(`interval ${String(r.interval).padStart(4)} ms: ${r.batches} batches, ~${Math.round(latency)} ms latency, can sustain ~${capacity} records/s`);
}
// The figures differ from run to run (system clock); what holds in every run: the 1 s
// interval can sustain at least twice the records/s of the 100 ms one, since each batch pays
// the 40 ms fixed cost once for ten times the records, and its latency is at least 500 ms
// (half an interval of waiting). A short interval has the lower latency only while it keeps
// up: on a busy machine the 100 ms batches take longer than 100 ms, queue, and its latency
// can exceed that of the longer intervals.
// On the dashboard (each interval is a new context; :dash shows the current one):
// with a 100 ms interval the processing chart sits near the interval line (the 40 ms
// fixed cost is a big share), with 1 s it is far below.
// %%
// Record at a time: the same fixed cost paid per record would allow only 1000 / 40 = 25
// records/s, with ~40 ms latency each. Micro-batching trades latency for throughput.
console.log(`record-at-a-time with a ${perBatchCostMs} ms cost per record: ~${Math.round(1000 / perBatchCostMs)} records/s`);
// %%
await session.stopContext();
