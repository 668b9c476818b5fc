import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { Seconds, type DStream } from '../../kernel';
import { manualContext, newSc, stopActive } from './helpers';

afterEach(stopActive);

function collectInto<T>(stream: DStream<T>): T[][] {
  const out: T[][] = [];
  stream.foreachRDD(async (rdd) => {
    out.push(await rdd.collect());
  });
  return out;
}

test('queueStream: one batch at a time, arrays pushed later are seen, the caller array is consumed', async () => {
  const sc = newSc();
  const { ssc } = manualContext(sc);
  const queue: number[][] = [[1], [2]];
  const out = collectInto(ssc.queueStream(queue));
  ssc.start();
  await ssc.advance(1);
  queue.push([3]);
  await ssc.advance(3);
  assert.deepEqual(out, [[1], [2], [3], []]);
  assert.equal(queue.length, 0);
});

test('queueStream: all at once, and the default RDD for empty batches', async () => {
  const sc = newSc();
  const { ssc } = manualContext(sc);
  const all = collectInto(ssc.queueStream([[1], [2, 3]], false));
  const withDefault = collectInto(ssc.queueStream<number>([[7]], true, sc.parallelize([0])));
  ssc.start();
  await ssc.advance(2);
  assert.deepEqual(all, [[1, 2, 3], []]);
  assert.deepEqual(withDefault, [[7], [0]]);
});

test('batch times start at zero + batch duration and step by it', async () => {
  const { ssc } = manualContext(newSc(), Seconds(2));
  const times: number[] = [];
  ssc.queueStream([[1]]).foreachRDD((_rdd, time) => {
    times.push(time.milliseconds);
  });
  ssc.start();
  await ssc.advance(3);
  assert.deepEqual(times, [2000, 4000, 6000]);
});

test('joins and transformWith across two streams, batch by batch', async () => {
  const { ssc } = manualContext(newSc());
  const a = ssc.queueStream<[string, number]>([[['k', 1]], [['j', 2]]]);
  const b = ssc.queueStream<[string, string]>([[['k', 'x']], [['z', 'y']]]);
  const joined = collectInto(a.join(b));
  const outer = collectInto(a.fullOuterJoin(b));
  const zipped = collectInto(a.transformWith(b, (r1, r2) => r1.map((kv) => kv[0]).union(r2.map((kv) => kv[1]))));
  ssc.start();
  await ssc.advance(2);
  assert.deepEqual(joined, [[['k', [1, 'x']]], []]);
  assert.deepEqual(outer[1].map((x) => JSON.stringify(x)).sort(), ['["j",[2,null]]', '["z",[null,"y"]]']);
  assert.deepEqual(zipped, [['k', 'x'], ['j', 'y']]);
});

test('union needs streams of the same slide, and says so', () => {
  const { ssc } = manualContext(newSc());
  const a = ssc.queueStream<number>([]);
  assert.throws(() => ssc.union([]), /at least one stream/);
  assert.equal(ssc.union([a, a.map((x) => x)]).slideDuration.milliseconds, 1000);
});

test('slice returns the remembered RDDs of a time range, aligned to the slide', async () => {
  const { ssc } = manualContext(newSc());
  const s = ssc.queueStream([[1], [2], [3], [4]]);
  s.foreachRDD(() => {});
  ssc.remember(Seconds(10));
  ssc.start();
  await ssc.advance(4);
  // As in Spark, both ends are floored to the slide: 1500 → 1000, 3999 → 3000.
  const rdds = s.slice(1500, 3999);
  assert.deepEqual(await Promise.all(rdds.map((r) => r.collect())), [[1], [2], [3]]);
  assert.equal(s.slice(5000, 9000).length, 0);
});

test('each stream keeps only the RDDs it must remember', async () => {
  const { ssc } = manualContext(newSc());
  const s = ssc.queueStream<number>([]);
  const m = s.map((x) => x);
  m.foreachRDD(() => {});
  ssc.start();
  await ssc.advance(50);
  assert.ok(s.rememberedRDDCount <= 2, `input remembers ${s.rememberedRDDCount}`);
  assert.ok(m.rememberedRDDCount <= 2, `map remembers ${m.rememberedRDDCount}`);
});

test('count, reduce and countByValue per batch', async () => {
  const { ssc } = manualContext(newSc());
  const s = ssc.queueStream([['a', 'b', 'a'], []]);
  const counts = collectInto(s.count());
  const reduced = collectInto(s.reduce((x, y) => x + y));
  const byValue = collectInto(s.countByValue());
  ssc.start();
  await ssc.advance(2);
  assert.deepEqual(counts, [[3], [0]]);
  assert.deepEqual(reduced.map((b) => b.map((x) => x.length)), [[3], []]);
  assert.deepEqual(byValue[0].sort(), [['a', 2], ['b', 1]]);
  assert.deepEqual(byValue[1], []);
});

test('the graph describes each stream with its slide', () => {
  const { ssc } = manualContext(newSc());
  ssc.queueStream<string>([]).map((l) => l.length).print();
  ssc.start();
  const text = ssc.graph.toDebugString();
  assert.match(text, /ForEachDStream\[\d+\] print \(slide 1s/);
  assert.match(text, /└─ RDDFunctionDStream\[\d+\] map \(slide 1s/);
  assert.match(text, /QueueInputDStream\[\d+\] queueStream/);
});

test('ssc.transform over several streams, and a transform that returns no RDD fails with a fix', async () => {
  const sc = newSc();
  const { ssc, err } = manualContext(sc);
  const a = ssc.queueStream([[1, 2]]);
  const b = ssc.queueStream([[3]]);
  const both = collectInto(ssc.transform<number>([a, b], (rdds) => sc.union(rdds as Array<import('../../kernel').RDD<number>>)));
  a.transform(() => null as unknown as import('../../kernel').RDD<number>).foreachRDD(() => {});
  ssc.start();
  await ssc.advance(1);
  assert.deepEqual(both, [[1, 2, 3]]);
  assert.match(err.join(''), /returned null, not an RDD[\s\S]*emptyRDD/);
});
