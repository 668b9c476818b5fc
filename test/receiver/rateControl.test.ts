import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { PIDRateEstimator, Receiver, type RateInfo } from '../../kernel';
import { collectBatches, receiverContext, settle, stopActive } from './helpers';

afterEach(stopActive);

class Manual<T> extends Receiver<T> {
  onStart(): void {}
  onStop(): void {}
}

const sizes = (batches: Array<{ partitions: unknown[][] }>) => batches.map((b) => b.partitions.flat().length);

test('spark.streaming.receiver.maxRate caps records per second and loses none', async () => {
  const { ssc } = receiverContext({ 'spark.streaming.receiver.maxRate': '100' });
  const r = new Manual<number>();
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  r.store(Array.from({ length: 350 }, (_, i) => i));
  await ssc.advance(5);
  assert.deepEqual(sizes(batches), [100, 100, 100, 50, 0]);
  assert.deepEqual(batches.flatMap((b) => b.partitions.flat()), Array.from({ length: 350 }, (_, i) => i));
  assert.equal(batches[0].partitions.length, 5, 'one block per 200 ms interval');
});

test('storeAsync resolves as the rate limit lets the records through', async () => {
  const { ssc, clock } = receiverContext({ 'spark.streaming.receiver.maxRate': '50' });
  const r = new Manual<string>();
  ssc.receiverStream(r).count().print();
  ssc.start();
  await settle();
  let done = false;
  void r.storeAsync(Array.from({ length: 20 }, () => 'x')).then(() => (done = true));
  await settle();
  assert.equal(done, false, '20 records at 50/s need 400 ms');
  clock.advance(200);
  await settle();
  assert.equal(done, false);
  clock.advance(200);
  await settle();
  assert.equal(done, true);
});

test('overflow=drop keeps bufferSize records and counts the rest', async () => {
  const { ssc } = receiverContext({ 'spark.streaming.receiver.bufferSize': '10', 'spark.streaming.receiver.overflow': 'drop' });
  const r = new Manual<number>();
  const stream = ssc.receiverStream(r);
  const batches = collectBatches(stream);
  ssc.start();
  await settle();
  r.store(Array.from({ length: 25 }, (_, i) => i));
  assert.equal(stream.supervisor?.dropped, 15);
  await ssc.advance(1);
  assert.deepEqual(batches[0].partitions.flat(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('overflow=block keeps everything and holds storeAsync until a batch frees the buffer', async () => {
  const { ssc } = receiverContext({ 'spark.streaming.receiver.bufferSize': '10' });
  const r = new Manual<number>();
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  let done = false;
  void r.storeAsync(Array.from({ length: 12 }, (_, i) => i)).then(() => (done = true));
  await settle();
  assert.equal(done, false);
  await ssc.advance(1);
  await settle();
  assert.equal(done, true);
  assert.equal(batches[0].partitions.flat().length, 12);
});

test('bad receiver settings fail when the stream is created, saying the rule', () => {
  assert.throws(() => receiverContext({ 'spark.streaming.receiver.overflow': 'spill' }).ssc.receiverStream(new Manual<number>()), /must be "block" or "drop"/);
});

test('PIDRateEstimator matches Spark\'s formula, figures computed by hand', () => {
  const pid = new PIDRateEstimator(1000, { proportional: 1, integral: 0.2, derivative: 0, minRate: 100 });
  // first batch only records processingRate = 1000 / 500 ms = 2000/s
  assert.equal(pid.compute(1000, 1000, 500, 0), undefined);
  // rate 1000/s; error 2000-1000 = 1000; historical = 500*1000/1000 = 500 → 2000 - 1000 - 0.2*500 = 900
  assert.equal(pid.compute(2000, 1000, 1000, 500), 900);
  assert.deepEqual(pid.lastTerms, { proportional: 1000, integral: 100, derivative: 0 });
  // rate 1000/s; error 900-1000 = -100; no delay → 900 + 100 = 1000
  assert.equal(pid.compute(3000, 900, 900, 0), 1000);
  // rate 10/s; error 990; historical 2000*10/1000 = 20 → 1000-990-4 = 6, floored at minRate
  assert.equal(pid.compute(4000, 10, 1000, 2000), 100);
  // no records, no processing time, or time not moving: no estimate
  assert.equal(pid.compute(5000, 0, 1000, 0), undefined);
  assert.equal(pid.compute(5000, 10, 0, 0), undefined);
  assert.equal(pid.compute(4000, 10, 10, 0), undefined);
});

test('PIDRateEstimator derivative term uses the change of error per second', () => {
  const pid = new PIDRateEstimator(1000, { proportional: 1, integral: 0.2, derivative: 0.5, minRate: 100 });
  pid.compute(1000, 1000, 500, 0);
  // dError = (1000 - 0) / 2 s = 500 → 2000 - 1000 - 100 - 250 = 650
  assert.equal(pid.compute(3000, 1000, 1000, 500), 650);
  assert.throws(() => new PIDRateEstimator(1000, { proportional: -1, integral: 0, derivative: 0, minRate: 1 }), /proportional is -1; it must be >= 0/);
});

test('backpressure brings the ingestion rate down to what the pipeline processes (manual clock)', async () => {
  const { ssc, clock } = receiverContext({
    'spark.streaming.backpressure.enabled': 'true',
    'spark.streaming.backpressure.initialRate': '5000',
  });
  // Stores 500 records every 100 ms of clock: 5000/s, five times what the pipeline takes.
  class Producer extends Receiver<number> {
    private cancel: (() => void) | undefined;
    onStart(): void {
      const tick = (at: number): void => {
        this.cancel = clock.schedule(at, () => {
          this.store(Array.from({ length: 500 }, () => at));
          tick(at + 100);
        });
      };
      tick(clock.now() + 100);
    }
    onStop(): void {
      this.cancel?.();
    }
  }
  const stream = ssc.receiverStream(new Producer());
  const rates: RateInfo[] = [];
  ssc.bus.on('rate.updated', (e) => rates.push(e.payload));
  // The pipeline costs 1 ms of clock per record: it processes 1000 records/s.
  stream.foreachRDD(async (rdd) => {
    const n = await rdd.count();
    await new Promise<void>((done) => clock.schedule(clock.now() + n, done));
  });
  const batches: Array<{ n: number; delay: number }> = [];
  ssc.addStreamingListener({ onBatchCompleted: ({ batchInfo }) => batches.push({ n: batchInfo.numRecords, delay: batchInfo.schedulingDelay ?? -1 }) });
  ssc.start();
  await settle();
  for (let ms = 0; ms < 80_000; ms += 50) {
    clock.advance(50);
    await settle();
  }
  assert.equal(batches[0].n, 4500, 'the first batch runs at initialRate');
  const peak = Math.max(...batches.map((b) => b.delay));
  assert.ok(peak > 10_000, `the backlog of the first batches delays later ones (peak ${peak} ms)`);
  const tail = batches.slice(-20);
  assert.ok(tail.every((b) => b.n <= 1000), `the last batches stay within capacity: ${tail.map((b) => b.n)}`);
  assert.ok(tail.every((b) => b.delay === 0), `scheduling delay is back to 0: ${tail.map((b) => b.delay)}`);
  const estimated = rates.filter((x) => x.integral !== undefined);
  assert.ok(estimated.length > 50);
  assert.ok((estimated.at(-1)?.rate as number) <= 1000 && (estimated.at(-1)?.rate as number) >= 900, `converged rate ${estimated.at(-1)?.rate}`);
  assert.ok(estimated.some((x) => x.rate === 100), 'the estimator falls to minRate while the backlog drains');
  assert.ok((rates.at(-1)?.queued ?? 0) > 100_000, 'the excess waits in the receiver, not in queued batches');
  // The running job waits on the clock: keep it moving until the stop has drained it.
  let stopped = false;
  void ssc.stop(true).then(() => (stopped = true));
  while (!stopped) {
    clock.advance(1000);
    await settle();
  }
});
