// Lesson 5: receivers and backpressure.
// A receiver stores records at most at spark.streaming.receiver.maxRate per second. With
// backpressure on, a PID controller lowers that rate when batches take longer than the
// interval, so the queue stops growing. The pageviews sample has a burst from 60 s to 70 s.
// This lesson runs on the system clock, about 6 seconds; open :dash in another terminal
// (eddy dash) or right after the cells to see the receiver panel.
// %%
// :new 500ms
// %%
sc.conf.set('spark.streaming.backpressure.enabled', 'true');
sc.conf.set('spark.streaming.receiver.maxRate', '2000');
sc.conf.set('spark.streaming.backpressure.initialRate', '400');
const views = ssc.sampleStream('pageviews', { speed: 20 });
// Slow work on purpose: about 1 ms per record, so a big batch takes longer than 500 ms.
const slow = views.map((v) => {
  const until = Date.now() + 1;
  while (Date.now() < until);
  return v.split(',')[1];
});
slow.countByValue().foreachRDD(async (rdd) => void (await rdd.count()));
const rates: string[] = [];
ssc.bus.on('rate.updated', (e) => rates.push(`${e.payload.rate === undefined ? 'unlimited' : Math.round(e.payload.rate)}/s`));
const batches: string[] = [];
ssc.bus.on('batch.completed', (e) => batches.push(`${e.payload.batchInfo.numRecords} rec, ${e.payload.batchInfo.processingDelay} ms`));
// %%
ssc.start();
await ssc.awaitTerminationOrTimeout(6000);
// On the dashboard: records/batch rises with the burst (3 s into the replay), the
// processing chart crosses the interval line, and the receiver panel shows the rate the
// PID estimator set (and its p/i/d terms) coming down until batches fit again.
// %%
console.log(`batches: ${batches.join(' | ')}`);
console.log(`rates set: ${rates.join(' ') || '(no rate update yet)'}`);
// %%
await ssc.stop(false);
sc.conf.set('spark.streaming.backpressure.enabled', 'false');
sc.conf.set('spark.streaming.receiver.maxRate', '0');
