// Lesson 1: micro-batches and RDDs.
// A receiver cuts what it receives into one block per spark.streaming.blockInterval; each
// batch is an RDD with one partition per (non-empty) block. Run it with :load, then :dash.
// %%
// :new 1s --manual
// %%
// 200 ms blocks in a 1 s batch: up to five partitions per batch.
sc.conf.set('spark.streaming.blockInterval', '200ms');
const words = ssc.sampleStream('words');
// One line per batch: how many records, in how many partitions, and how many in each.
words.foreachRDD(async (rdd, time) => {
  const sizes = await rdd.glom().map((p) => p.length).collect();
  console.log(`batch ${time}: ${sizes.reduce((a, b) => a + b, 0)} lines in ${rdd.getNumPartitions()} partitions ${JSON.stringify(sizes)}`);
});
const counts = words.flatMap((l) => l.split(' ')).map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b);
counts.print(5);
let lineage = '';
counts.foreachRDD((rdd) => void (lineage = rdd.toDebugString()));
// %%
ssc.start();
await ssc.advance(5);
// The lines above: 7, 11, 14, 7 and 12 lines in the five batches (about 10 a batch, the
// words sample's rate), each batch in 3 to 5 partitions, one per non-empty 200 ms block.
// On the dashboard (:dash): "records/batch" is that line count of each batch; the
// processing chart stays far under the 1 s interval line.
// %%
// The lineage of one batch: the shuffle of reduceByKey sits on the BlockRDD of that batch.
console.log(lineage);
// %%
await ssc.stop(false);
