// Lesson 2: windows and slides.
// window(10 s, 2 s) gives, every 2 s, the union of the last 10 s of batches. The posts
// sample starts trending #launch at 60 s; replayed 5x faster, that is batch 12.
// %%
// :new 1s --manual
// %%
const posts = ssc.sampleStream('posts', { speed: 5 });
const tags = posts.flatMap((p) => p.split(' ').filter((w) => w.startsWith('#'))).map((t): [string, number] => [t, 1]);
// Every 2 s, the hashtag counts of the last 10 s, top first.
const trending = tags.reduceByKeyAndWindow((a, b) => a + b, Seconds(10), Seconds(2));
trending.foreachRDD(async (rdd, time) => {
  const all = (await rdd.collect()).sort((a, b) => b[1] - a[1]);
  const launch = all.find(([t]) => t === '#launch')?.[1] ?? 0;
  console.log(`window ending ${time}: ${all.slice(0, 3).map(([t, n]) => `${t} ${n}`).join(', ')}; #launch ${launch}`);
});
// Posts per window, sliding every 2 s.
posts.countByWindow(Seconds(10), Seconds(2)).print();
// %%
ssc.start();
await ssc.advance(20);
// On the dashboard: a window operation only outputs every slide (2 batches), and the
// print() log shows one count per slide: 10 windows in 20 batches, the first ending at
// 2000 ms. #launch enters in the window ending 12000 ms (4 posts) and, as it fills the
// 10 s window, overtakes #coffee in the window ending 18000 ms (95 against 88).
// %%
// A slide that is not a multiple of the batch interval is refused, saying why:
try {
  tags.window(Seconds(10), Milliseconds(1500));
} catch (e) {
  console.log((e as Error).message);
}
// %%
await ssc.stop(false);
