// Spark's WindowOperationsSuite "window - ..." cases, plus window boundaries and duration errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EddyError, Seconds, StreamingContext, type Duration } from '../../kernel';
import { runStream, sortedBatches, sparkContext } from './harness';

const input = [[0], [1], [2], [3], [4], [5]];

async function windowed(window: Duration, slide: Duration, batches: number): Promise<number[][]> {
  return sortedBatches(await runStream(input, (s) => s.window(window, slide), { numBatches: batches }));
}

test('window - basic window (2 s window, 1 s slide)', async () => {
  assert.deepEqual(await windowed(Seconds(2), Seconds(1), 6), [[0], [0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
});

test('window - tumbling window: window == slide gives each batch once', async () => {
  assert.deepEqual(await windowed(Seconds(2), Seconds(2), 6), [[0, 1], [2, 3], [4, 5]]);
});

test('window - larger window: computed at slide boundaries only', async () => {
  assert.deepEqual(await windowed(Seconds(4), Seconds(2), 8), [[0, 1], [0, 1, 2, 3], [2, 3, 4, 5], [4, 5]]);
});

test('window - non-overlapping window: batches between windows are skipped', async () => {
  assert.deepEqual(await windowed(Seconds(2), Seconds(3), 6), [[1, 2], [4, 5]]);
});

test('window - empty batches inside a window contribute nothing', async () => {
  const out = await runStream([[1], [], [], [2], []], (s) => s.window(Seconds(3)), { numBatches: 7 });
  assert.deepEqual(sortedBatches(out), [[1], [1], [1], [2], [2], [2], []]);
});

test('window without a slide uses the parent slide', async () => {
  const out = await runStream([[1], [2], [3]], (s) => s.window(Seconds(2)));
  assert.deepEqual(sortedBatches(out), [[1], [1, 2], [2, 3]]);
});

test('window of a windowed stream: durations are checked against the parent window\'s slide', async () => {
  const out = await runStream(input, (s) => s.window(Seconds(2), Seconds(2)).window(Seconds(4), Seconds(4)), { numBatches: 8 });
  assert.deepEqual(sortedBatches(out), [[0, 1, 2, 3], [4, 5]]);
});

test('a window or slide that is not a multiple of the parent slide throws at the call, naming both durations', () => {
  const ssc = new StreamingContext(sparkContext(), Seconds(2), { clock: 'manual' });
  const s = ssc.queueStream<number>([]);
  const bad = (f: () => unknown, value: string): void => {
    assert.throws(f, (e: unknown) => {
      assert.ok(e instanceof EddyError, 'an EddyError');
      assert.equal(e.code, 'invalid-duration');
      assert.match(e.message, new RegExp(value));
      assert.match(e.message, /2000 ms/, 'names the parent slide');
      assert.ok(e.hint && /Use a/.test(e.hint), 'says what to use instead');
      return true;
    });
  };
  bad(() => s.window(Seconds(3), Seconds(2)), '3000 ms');
  bad(() => s.window(Seconds(4), Seconds(3)), '3000 ms');
  bad(() => s.countByWindow(Seconds(5), Seconds(2)), '5000 ms');
  bad(() => s.reduceByWindow((a, b) => a + b, Seconds(4), Seconds(1)), '1000 ms');
  bad(() => s.reduceByWindow((a, b) => a + b, (a, b) => a - b, Seconds(3), Seconds(2)), '3000 ms');
  bad(() => s.countByValueAndWindow(Seconds(7), Seconds(2)), '7000 ms');
  const pairs = s.map((x): [number, number] => [x, 1]);
  bad(() => pairs.groupByKeyAndWindow(Seconds(1)), '1000 ms');
  bad(() => pairs.reduceByKeyAndWindow((a, b) => a + b, Seconds(3)), '3000 ms');
  bad(() => pairs.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(4), Seconds(5)), '5000 ms');
});

test('describe() names the window and slide, and toDebugString() shows the graph', () => {
  const ssc = new StreamingContext(sparkContext(), Seconds(1), { clock: 'manual' });
  const w = ssc.queueStream<number>([]).window(Seconds(30), Seconds(10));
  assert.match(w.describe(), /window 30s/);
  assert.match(w.describe(), /slide 10s/);
  const pairs = ssc.queueStream<string>([]).map((x): [string, number] => [x, 1]);
  const inv = pairs.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(30), Seconds(2), 3);
  const graph = inv.toDebugString();
  assert.match(graph, /ReducedWindowedDStream.*slide 2s, window 30s, inverse reduce, 3 partitions/);
  assert.equal(w.describe().match(/slide/g)?.length, 1, "the slide is named once");
  assert.match(graph, /reduceByKey/);
  assert.match(graph, /queueStream/);
});
