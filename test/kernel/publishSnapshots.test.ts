import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Milliseconds, publishSnapshots, snapshotOf, SparkConf, SparkContext, StreamingContext, type StreamSnapshotInfo } from '../../kernel';

function context(): StreamingContext {
  const sc = new SparkContext(new SparkConf().setMaster('local[3]'));
  return new StreamingContext(sc, Milliseconds(1000), { clock: 'manual', out: () => undefined });
}

test('toUI posts one stream.snapshot per batch: top keys for numeric pairs, across partitions', async () => {
  const ssc = context();
  const words = ssc.queueStream<string>([['a', 'b', 'a', 'c', 'a', 'b', 'd', 'e'], []]);
  const counts = words.map((w): [string, number] => [w, 1]).reduceByKey((x, y) => x + y, 3);
  counts.toUI('word counts');
  const seen: StreamSnapshotInfo[] = [];
  ssc.bus.on('stream.snapshot', (e) => seen.push(e.payload));
  ssc.start();
  await ssc.advance(2);
  assert.equal(seen.length, 2);
  assert.equal(seen[0].name, 'word counts');
  assert.equal(seen[0].streamId, counts.id);
  assert.equal(seen[0].batchTime, 1000);
  assert.deepEqual(seen[0].snapshot, { kind: 'bars', total: 5, rows: [['a', 3], ['b', 2], ['c', 1], ['d', 1], ['e', 1]] });
  assert.deepEqual(seen[1].snapshot, { kind: 'table', total: 0, rows: [] });
  await ssc.stop(true);
});

test('publishSnapshots keeps the first k of a plain stream, in order, and cuts long rows', async () => {
  const ssc = context();
  const long = 'x'.repeat(50);
  const stream = ssc.queueStream<unknown>([[1, long, { a: '<b>' }, [1, 2, 3], 5, 6]]);
  const op = publishSnapshots(stream, { name: 'raw', k: 4, maxChars: 10 });
  const seen: StreamSnapshotInfo[] = [];
  ssc.bus.on('stream.snapshot', (e) => seen.push(e.payload));
  ssc.start();
  await ssc.advance(1);
  assert.equal(seen[0].outputOpId, op.outputOpId);
  assert.deepEqual(seen[0].snapshot, { kind: 'table', total: 6, rows: ['1', 'xxxxxxxxx…', '{"a":"<b>…', '[1,2,3]'] });
  await ssc.stop(true);
});

test('top k by value with ties by key, more elements than 2k in one partition', () => {
  const pairs = Array.from({ length: 100 }, (_, i): [string, number] => [`k${String(i).padStart(3, '0')}`, i % 7]);
  const s = snapshotOf(pairs, { k: 3 });
  assert.deepEqual(s, { kind: 'bars', total: 100, rows: [['k006', 6], ['k013', 6], ['k020', 6]] });
  assert.equal(snapshotOf([['a', 1], ['b', 'x']]).kind, 'table');
});

test('a published stream needs a name and a positive k, and must be set up before start', async () => {
  const ssc = context();
  const stream = ssc.queueStream<number>([]);
  assert.throws(() => stream.toUI(''), /needs a name/);
  assert.throws(() => publishSnapshots(stream, { name: 'n', k: 0 }), /k must be a positive integer, got 0/);
  stream.print();
  ssc.start();
  assert.throws(() => stream.toUI('late'), /must be defined before start\(\)/);
  await ssc.stop(true);
});
