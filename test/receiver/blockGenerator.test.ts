import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Receiver } from '../../kernel';
import { collectBatches, receiverContext, settle, stopActive } from './helpers';

class Manual<T> extends Receiver<T> {
  started = 0;
  onStart(): void {
    this.started++;
  }
  onStop(): void {}
}

afterEach(stopActive);

test('a batch has one partition per block interval in which records were stored', async () => {
  const { ssc, clock } = receiverContext({ 'spark.streaming.blockInterval': '200ms' });
  const r = new Manual<number>();
  const batches = collectBatches(ssc.receiverStream(r));
  const numRecords: number[] = [];
  ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => numRecords.push(batchInfo.numRecords) });
  ssc.start();
  await settle();
  for (let block = 0; block < 5; block++) {
    r.store([block * 10, block * 10 + 1]);
    if (block < 4) clock.advance(200);
  }
  await ssc.advance(1);
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0].partitions, [[0, 1], [10, 11], [20, 21], [30, 31], [40, 41]]);
  r.store(99);
  await ssc.advance(1);
  assert.deepEqual(batches[1].partitions, [[99]]);
  await ssc.advance(1);
  assert.deepEqual(batches[2].partitions, []);
  assert.deepEqual(numRecords, [10, 1, 0]);
});

test('records stored right at the batch time belong to that batch', async () => {
  const { ssc, clock } = receiverContext({ 'spark.streaming.blockInterval': '200ms' });
  const r = new Manual<string>();
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  clock.advance(999);
  r.store('late');
  await ssc.advance(1);
  assert.deepEqual(batches[0].partitions, [['late']]);
});

test('onStart runs after start(), off the caller stack, once', async () => {
  const { ssc } = receiverContext();
  const r = new Manual<number>();
  ssc.receiverStream(r).count().print();
  ssc.start();
  assert.equal(r.started, 0, 'onStart must not run inside start()');
  await settle();
  assert.equal(r.started, 1);
  assert.equal(r.isStarted(), true);
});
