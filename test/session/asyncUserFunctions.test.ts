import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparkConf, SparkContext, StateSpec, StreamingContext, Seconds, type DStream, type OutputOperationInfo } from '../../kernel';

/** A manual-clock context over one batch of lines; returns what print wrote, errors, and failure reasons. */
async function oneBatch(build: (lines: DStream<string>) => void): Promise<{ out: string; err: string; failures: string[] }> {
  const sc = new SparkContext(new SparkConf().setMaster('local[2]').setAppName('async-fns'));
  let out = '';
  let err = '';
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', out: (t) => void (out += t), err: (t) => void (err += t) });
  ssc.checkpoint(`/tmp/eddy-async-fns-${process.pid}`);
  const failures: string[] = [];
  ssc.addStreamingListener({
    onOutputOperationCompleted: ({ outputOperationInfo }: { outputOperationInfo: OutputOperationInfo }) => {
      if (outputOperationInfo.failureReason) failures.push(outputOperationInfo.failureReason);
    },
  });
  build(ssc.queueStream([['a b', 'c']]));
  ssc.start();
  await ssc.advance(1);
  assert.equal(ssc.getState(), 'ACTIVE', 'the context keeps running');
  await ssc.stop(true);
  return { out, err, failures };
}

const RULE = /returned a Promise; transformations run synchronously, as in Spark: do the async work in foreachRDD or a Receiver/;

test("an async map that throws fails the batch with map's rule, and no rejection escapes", async () => {
  const { failures } = await oneBatch((lines) =>
    lines
      .map(async (l) => {
        throw new Error(`boom ${l}`);
      })
      .print(),
  );
  assert.equal(failures.length, 1);
  assert.match(failures[0], /map's function returned a Promise/);
  assert.match(failures[0], RULE);
  // an unhandled rejection would fail this test file; give any stray one a turn to surface
  await new Promise((resolve) => setImmediate(resolve));
});

test('async map, filter, flatMap, reduceByKey, updateStateByKey, mapWithState and transform each name their operation', async () => {
  const cases: Array<[string, (lines: DStream<string>) => void]> = [
    ['map', (l) => l.map(async (x) => x.length).print()],
    ['filter', (l) => l.filter((async () => false) as never).print()],
    ['flatMap', (l) => l.flatMap((async (x: string) => x.split(' ')) as never).print()],
    ['reduceByKey', (l) => l.map((): [string, number] => ['k', 1]).reduceByKey((async (a: number, b: number) => a + b) as unknown as (a: number, b: number) => number).print()],
    ['updateStateByKey', (l) => l.map((x): [string, number] => [x, 1]).updateStateByKey((async (vs: number[], s: number | undefined) => (s ?? 0) + vs.length) as unknown as (vs: number[], s: number | undefined) => number).print()],
    ['mapWithState', (l) => l.map((x): [string, number] => [x, 1]).mapWithState(StateSpec.function(async (k: string) => k)).print()],
    ['transform', (l) => l.transform((async (rdd: unknown) => rdd) as never).print()],
  ];
  for (const [op, build] of cases) {
    const { failures, out } = await oneBatch(build);
    assert.equal(failures.length, 1, `${op}: one failed output`);
    assert.match(failures[0], new RegExp(`${op}'s function returned a Promise`), op);
    assert.doesNotMatch(out, /\{\}|Promise/, `${op}: no promise printed as data`);
  }
});

test('synchronous functions are untouched: values, this-less calls and extra arguments', async () => {
  const { out, failures } = await oneBatch((lines) => lines.flatMap((l) => l.split(' ')).filter((w) => w !== 'c').map((w) => w.toUpperCase()).print());
  assert.deepEqual(failures, []);
  assert.match(out, /\nA\nB\n/);
});
