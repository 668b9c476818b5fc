// Streams that keep data across batches need a checkpoint directory; remembered RDDs stay bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EddyError, Seconds, StateSpec, StreamingContext, type DStream, type State } from '../../kernel';
import { sparkContext, tempDir } from './harness';

type KV = [string, number];

const needsCheckpoint: Array<[string, (s: DStream<string>) => DStream<unknown>]> = [
  ['reduceByKeyAndWindow with inverse', (s) => s.map((w): KV => [w, 1]).reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(3), Seconds(1))],
  ['countByWindow', (s) => s.countByWindow(Seconds(3), Seconds(1))],
  ['countByValueAndWindow', (s) => s.countByValueAndWindow(Seconds(3), Seconds(1))],
  ['updateStateByKey', (s) => s.map((w): KV => [w, 1]).updateStateByKey<string, number, number>((vs, st) => (st ?? 0) + vs.length)],
  ['mapWithState', (s) => s.map((w): KV => [w, 1]).mapWithState(StateSpec.function((_k: string, _v: number | undefined, _st) => 1))],
];

for (const [name, build] of needsCheckpoint) {
  test(`${name} without ssc.checkpoint(dir): start() throws, saying how to set it`, async () => {
    const ssc = new StreamingContext(sparkContext(), Seconds(1), { clock: 'manual' });
    try {
      build(ssc.queueStream<string>([])).foreachRDD(() => undefined);
      assert.throws(
        () => ssc.start(),
        (e: unknown) => e instanceof EddyError && e.code === 'missing-checkpoint' && /ssc\.checkpoint\(/.test(e.message),
      );
      assert.notEqual(ssc.getState(), 'ACTIVE');
    } finally {
      await ssc.stop(false);
    }
  });
}

test('plain windows need no checkpoint directory', async () => {
  const ssc = new StreamingContext(sparkContext(), Seconds(1), { clock: 'manual' });
  try {
    const out: number[][] = [];
    ssc.queueStream([[1], [2]]).window(Seconds(2)).foreachRDD(async (rdd) => {
      out.push(await rdd.collect());
    });
    ssc.start();
    await ssc.advance(2);
    assert.deepEqual(out.map((b) => b.sort()), [[1], [1, 2]]);
  } finally {
    await ssc.stop(false);
  }
});

test('10,000 batches with a 30-batch window: every stream keeps a constant number of RDDs', async () => {
  const sc = sparkContext();
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => undefined });
  ssc.checkpoint(tempDir('eddy-long-'));
  const words = ['a', 'b', 'c', 'd'];
  const queue: string[][] = [];
  const input = ssc.queueStream(queue);
  const pairs = input.map((w): KV => [w, 1]);
  const totals: number[] = [];
  pairs.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(30), Seconds(1), 1).foreachRDD(async (rdd) => {
    const kv = await rdd.collect();
    totals.push(kv.reduce((n, [, c]) => n + c, 0));
  });
  pairs.window(Seconds(30), Seconds(1)).count().foreachRDD(() => undefined);
  pairs.updateStateByKey<string, number, number>((vs, s) => (s ?? 0) + vs.length, 1).foreachRDD(() => undefined);
  pairs.mapWithState(StateSpec.function((_k: string, v: number | undefined, st: State<number>) => {
    st.update((st.getOption() ?? 0) + (v ?? 0));
  }).numPartitions(1)).stateSnapshots().foreachRDD(() => undefined);
  ssc.start();
  const counts = (): number[] => ssc.graph.allStreams().map((s) => s.rememberedRDDCount);
  try {
    let after100: number[] = [];
    for (let i = 1; i <= 10_000; i++) {
      queue.push([words[i % 4], words[(i * 7) % 4]]);
      await ssc.advance(1);
      if (i === 100) after100 = counts();
    }
    const after10000 = counts();
    assert.deepEqual(after10000, after100, 'remembered RDDs per stream must not grow with running time');
    assert.ok(Math.max(...after10000) <= 62, `no stream keeps more than about two windows of RDDs: ${after10000}`);
    assert.equal(totals[totals.length - 1], 60, 'the last window holds 30 batches of 2 words');
  } finally {
    await ssc.stop(false);
  }
});
