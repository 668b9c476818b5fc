// Lesson 3: inverse-reduce windows.
// reduceByKeyAndWindow(f, invF, ...) keeps the previous window's result and, each slide,
// adds the batches that entered and subtracts (invF) those that left, instead of
// re-reducing the whole window. It needs a checkpoint directory (the REPL sets one).
// %%
// :new 1s --manual
// %%
// Views per user: 200 users, most of them rare, so users keep entering and leaving the window.
const pairs = ssc.sampleStream('pageviews').map((v): [string, number] => [v.split(',')[0], 1]);
const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
const plain = pairs.reduceByKeyAndWindow(add, Seconds(4), Seconds(2));
const inverse = pairs.reduceByKeyAndWindow(add, sub, Seconds(4), Seconds(2));
// The same, dropping keys whose count fell to 0 (without filterF they stay, as 0).
const filtered = pairs.reduceByKeyAndWindow(add, sub, Seconds(4), Seconds(2), undefined, ([, n]) => n > 0);
const results = new Map<number, { plain: Map<string, number>; inverse: Map<string, number>; zeros: number; filteredZeros: number }>();
const slot = (t: number) => results.get(t) ?? results.set(t, { plain: new Map(), inverse: new Map(), zeros: 0, filteredZeros: 0 }).get(t)!;
plain.foreachRDD(async (rdd, t) => void (slot(t.milliseconds).plain = new Map(await rdd.collect())));
inverse.foreachRDD(async (rdd, t) => {
  const all = await rdd.collect();
  slot(t.milliseconds).inverse = new Map(all.filter(([, n]) => n > 0));
  slot(t.milliseconds).zeros = all.filter(([, n]) => n === 0).length;
});
filtered.foreachRDD(async (rdd, t) => void (slot(t.milliseconds).filteredZeros = (await rdd.collect()).filter(([, n]) => n === 0).length));
// %%
ssc.start();
await ssc.advance(16);
// On the dashboard: the processing time of the inverse form does not grow with the
// window length, because each slide touches only 2 batches in and 2 batches out.
// %%
for (const [t, r] of results) {
  const same = r.plain.size === r.inverse.size && [...r.plain].every(([k, v]) => r.inverse.get(k) === v);
  console.log(`${t} ms: ${r.plain.size} users, inverse form ${same ? 'agrees' : 'DIFFERS'}; zero-count keys kept: ${r.zeros}, with filterF: ${r.filteredZeros}`);
}
// "zero-count keys kept" grows: a user who left the window stays in the inverse result with
// count 0 (as in Spark) until filterF drops it; with filterF the count is always 0.
// %%
await ssc.stop(false);
