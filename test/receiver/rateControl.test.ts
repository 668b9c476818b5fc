import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, PIDRateEstimator, RateController, RateLimiter, Receiver, Time, type BatchInfo } from '../../kernel';
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

test('a receiver that stops itself (its source ended) still hands its rate-held records over at maxRate', async () => {
  const { ssc } = receiverContext({ 'spark.streaming.receiver.maxRate': '100' });
  const r = new Manual<number>();
  const stopped: boolean[] = [];
  ssc.addStreamingListener({ onReceiverStopped: ({ receiverInfo }) => stopped.push(receiverInfo.active) });
  const batches = collectBatches(ssc.receiverStream(r));
  ssc.start();
  await settle();
  r.store(Array.from({ length: 350 }, (_, i) => i));
  r.stop('the sample ended');
  await settle();
  assert.deepEqual(stopped, [], 'still handing over what it holds');
  await ssc.advance(5);
  // Spark's limiter holds records in the source, so a source that ends releases nothing at once.
  assert.deepEqual(sizes(batches), [100, 100, 100, 50, 0]);
  assert.deepEqual(batches.flatMap((b) => b.partitions.flat()), Array.from({ length: 350 }, (_, i) => i));
  assert.deepEqual(stopped, [false], 'stopped once its last record is in a batch');
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

/** A completed batch's figures for stream 0, as the JobScheduler reports them. */
function completedBatch(time: number, records: number, start: number, end: number): BatchInfo {
  return {
    batchTime: new Time(time),
    submissionTime: time,
    processingStartTime: start,
    processingEndTime: end,
    numRecords: records,
    streamIdToInputInfo: { 0: { inputStreamId: 0, numRecords: records, metadata: {} } },
    outputOperationInfos: {},
    schedulingDelay: start - time,
    processingDelay: end - start,
    totalDelay: end - time,
  };
}

const sparkDefaults = { proportional: 1, integral: 0.2, derivative: 0, minRate: 100 };

test('RateController feeds each completed batch to the estimator and publishes whole records/s (figures by hand)', () => {
  const published: number[] = [];
  const controller = new RateController(0, new PIDRateEstimator(1000, sparkDefaults), (r) => published.push(r));
  controller.onBatchCompleted(completedBatch(1000, 1000, 1000, 1500));
  assert.deepEqual(published, [], 'the first batch only records its processing rate, 2000/s');
  controller.onBatchCompleted({ ...completedBatch(2000, 5, 2000, 2001), streamIdToInputInfo: { 1: { inputStreamId: 1, numRecords: 5, metadata: {} } } });
  assert.deepEqual(published, [], 'another stream\'s batch is not this stream\'s figure');
  // 1000 records in 1000 ms after 500 ms waiting: 2000 - 1000 - 0.2 × 500 = 900
  controller.onBatchCompleted(completedBatch(2000, 1000, 2500, 3500));
  // 700 records in 300 ms after 600 ms waiting: rate 2333.3; 900 + 1433.3 - 0.2 × 1400 = 2053.3, truncated
  controller.onBatchCompleted(completedBatch(3000, 700, 3600, 3900));
  assert.deepEqual(published, [900, 2053]);
  assert.equal(controller.latestRate, 2053);
  assert.equal(controller.rateInfo().integral?.toFixed(6), (280).toFixed(6));
});

test('the PID estimator, fed the figures of a pipeline that takes 1 ms per record, brings a 5000/s input down to 1000/s', () => {
  // Batches every 1000 ms at time t take `rate` records (the rate in force when their second
  // of receiving began, at most the 5000/s offered); the pipeline runs one batch at a time,
  // 1 ms per record, so a batch starts at max(t, the end of the one before). Each batch's
  // figures reach the controller once it has ended: the backlog of the first batches shows
  // as scheduling delay, which the integral term reads.
  let rate = 5000; // spark.streaming.backpressure.initialRate
  const rates: number[] = [];
  const controller = new RateController(0, new PIDRateEstimator(1000, sparkDefaults), (r) => {
    rate = r;
    rates.push(r);
  });
  const running: BatchInfo[] = [];
  const done: BatchInfo[] = [];
  const completeUpTo = (now: number): void => {
    while (running.length > 0 && (running[0].processingEndTime as number) <= now) {
      const b = running.shift() as BatchInfo;
      done.push(b);
      controller.onBatchCompleted(b);
    }
  };
  let free = 0;
  for (let t = 1000; t <= 150_000; t += 1000) {
    completeUpTo(t - 1000);
    const n = Math.min(rate, 5000);
    const start = Math.max(t, free);
    free = start + n;
    running.push(completedBatch(t, n, start, free));
  }
  completeUpTo(Infinity);
  assert.deepEqual(done.slice(0, 6).map((b) => b.numRecords), [5000, 5000, 5000, 5000, 5000, 5000], 'before the second batch ends there is no estimate');
  assert.equal(rates[0], 200, 'batch 2000: rate 1000/s after waiting 4 s: 1000 - 0.2 × 4000');
  assert.ok(rates.includes(100), 'the estimator holds minRate while the backlog drains');
  const peak = Math.max(...done.map((b) => b.schedulingDelay as number));
  assert.ok(peak > 40_000, `the first batches' backlog (peak scheduling delay ${peak} ms)`);
  const tail = done.slice(-30);
  assert.ok(tail.every((b) => b.numRecords === 1000 && b.schedulingDelay === 0), `converged: ${tail.map((b) => `${b.numRecords}/${b.schedulingDelay}`)}`);
  assert.equal(rates.at(-1), 1000);
});

test('without initialRate, the first batch with records holds the input until it is measured; its processing rate is the first rate', () => {
  const published: number[] = [];
  const gate: string[] = [];
  const controller = new RateController(0, new PIDRateEstimator(1000, sparkDefaults), (r) => published.push(r), {
    hold: () => gate.push('hold'),
    release: () => gate.push('release'),
  });
  controller.onBatchSubmitted(completedBatch(1000, 0, 1000, 1000));
  assert.deepEqual(gate, [], 'a batch without records measures nothing');
  controller.onBatchSubmitted(completedBatch(2000, 4000, 2000, 2000));
  controller.onBatchSubmitted(completedBatch(3000, 0, 3000, 3000));
  assert.deepEqual(gate, ['hold']);
  controller.onBatchCompleted(completedBatch(1000, 0, 1000, 1001));
  // 4000 records in 2500 ms: 1600 records/s, what the PID estimator records on its first run
  controller.onBatchCompleted(completedBatch(2000, 4000, 2000, 4500));
  assert.deepEqual(gate, ['hold', 'release']);
  assert.deepEqual(published, [1600]);
  controller.onBatchSubmitted(completedBatch(4000, 800, 4500, 4500));
  assert.deepEqual(gate, ['hold', 'release'], 'with a rate known there is no hold');
  // then the estimator: 800 records in 500 ms after waiting 500 ms: 1600 - 0 - 0.2 × 800 = 1440
  controller.onBatchCompleted(completedBatch(3000, 0, 4500, 4501));
  controller.onBatchCompleted(completedBatch(4000, 800, 4500, 5000));
  assert.deepEqual(published, [1600, 1440]);
});

test('a held batch that took no measurable time releases the input unbounded, and the next batch with records is measured', () => {
  const published: number[] = [];
  const gate: string[] = [];
  const controller = new RateController(0, new PIDRateEstimator(1000, sparkDefaults), (r) => published.push(r), {
    hold: () => gate.push('hold'),
    release: () => gate.push('release'),
  });
  controller.onBatchSubmitted(completedBatch(1000, 5, 1000, 1000));
  controller.onBatchCompleted(completedBatch(1000, 5, 1000, 1000));
  controller.onBatchSubmitted(completedBatch(2000, 10, 2000, 2000));
  assert.deepEqual(gate, ['hold', 'release', 'hold']);
  assert.deepEqual(published, []);
});

test('RateLimiter.hold grants nothing and reports a limit of 0 until released; tokens do not build up meanwhile', () => {
  const clock = new ManualClock(0);
  const limiter = new RateLimiter(clock, Infinity);
  assert.equal(limiter.take(1000), 1000);
  limiter.hold();
  assert.equal(limiter.limit, 0);
  clock.advance(5000);
  assert.equal(limiter.take(10), 0);
  limiter.release();
  assert.equal(limiter.limit, undefined);
  assert.equal(limiter.take(10), 10, 'released without a rate: unbounded again');
  limiter.hold();
  limiter.release();
  limiter.updateRate(100);
  clock.advance(500);
  assert.equal(limiter.take(1000), 50, 'half a second at 100/s, nothing saved from the hold');
});
