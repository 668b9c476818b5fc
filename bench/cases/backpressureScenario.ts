/**
 * The backpressure scenario shared by `npm run bench -- backpressure` and
 * test/receiver/backpressure.test.ts: a TCP producer (a child process, so it keeps
 * offering data while this process is busy) offers lines at ~10× what the pipeline can
 * process; socketTextStream with backpressure on feeds a CPU-bound pipeline. Real clock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Seconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';

export interface BackpressureResult {
  /** Records/s the pipeline processed over the second half of the run. */
  processedRate: number;
  /** Records/s the same work sustains in a plain loop (the pipeline's capacity). */
  capacity: number;
  /** Lines/s the producer tried to send. */
  offeredRate: number;
  peakHeapMiB: number;
  /** Scheduling delay (ms) of each batch, in order. */
  schedulingDelays: number[];
  /** Records of each batch, in order. */
  batchSizes: number[];
  /** Rate limits published by the estimator, in order. */
  rates: number[];
  /**
   * Max scheduling delay of the last 5 batches is no more than in the middle third (or one
   * second). Not the whole last third: a burst of other work on the machine delays a few batches
   * there, and what counts is that the estimator brings the delay back down.
   */
  delayStoppedGrowing: boolean;
  /** Most batches submitted and not finished at once. */
  maxPendingBatches: number;
}

/** Per-record CPU work; returns a number so it cannot be optimized away. */
export function work(line: string): number {
  let h = 7;
  for (let i = 0; i < 4000; i++) h = (h * 31 + line.charCodeAt(i % line.length)) | 0;
  return h;
}

/**
 * Records/s the pipeline's own processing sustains with no receiver and no limit: the
 * same foreachRDD body over lines cut from bytes as a socket delivers them, best of 3.
 */
export async function measureCapacity(): Promise<number> {
  const sc = new SparkContext(new SparkConf().setAppName('capacity').setMaster('local[2]'));
  const lines = Buffer.from(LINE.repeat(100_000)).toString('utf8').split('\n');
  lines.pop();
  let best = 0;
  let sink = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    await sc.parallelize(lines, 5).foreachPartition((part) => {
      for (const l of part) sink ^= work(l);
    });
    best = Math.max(best, (lines.length / (performance.now() - start)) * 1000);
  }
  await sc.stop();
  if (sink === 42) console.log('');
  return best;
}

const LINE = 'sensor-17,21.5,1700000000000,some payload text\n';

const PRODUCER = `
const net = require('node:net');
const rate = Number(process.argv[1]);
const line = ${JSON.stringify(LINE)};
const server = net.createServer((socket) => {
  let blocked = false;
  socket.on('drain', () => { blocked = false; });
  socket.on('error', () => {});
  const perTick = Math.max(1, Math.round(rate / 100));
  const chunk = line.repeat(perTick);
  setInterval(() => { if (!blocked && !socket.destroyed) blocked = !socket.write(chunk); }, 10);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** Starts the TCP producer (a child process) offering `rate` lines/s; resolves with its port. */
export function startProducer(rate: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-e', PRODUCER, String(rate)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve({ child, port: Number(d.toString().trim()) }));
    child.once('error', reject);
  });
}

/**
 * `withInitialRate`: set spark.streaming.backpressure.initialRate to a quarter of the capacity
 * (true) or leave it unset, so the first batch takes what arrived unbounded (false).
 */
export async function runBackpressureScenario(durationMs = 30_000, withInitialRate = true): Promise<BackpressureResult> {
  const capacity = await measureCapacity();
  const offeredRate = Math.round(capacity * 10);
  const { child, port } = await startProducer(offeredRate);
  const conf = new SparkConf()
    .setAppName('backpressure')
    .setMaster('local[2]')
    .set('spark.streaming.backpressure.enabled', 'true')
    .set('spark.streaming.receiver.bufferSize', '100000');
  if (withInitialRate) conf.set('spark.streaming.backpressure.initialRate', String(Math.round(capacity / 4)));
  const errors: string[] = [];
  const ssc = new StreamingContext(new SparkContext(conf), Seconds(1), { err: (t) => errors.push(t) });
  const batches: Array<{ end: number; n: number; delay: number }> = [];
  const rates: number[] = [];
  ssc.bus.on('rate.updated', (e) => {
    if (e.payload.integral !== undefined && e.payload.rate !== undefined) rates.push(e.payload.rate);
  });
  let maxPendingBatches = 0;
  ssc.addStreamingListener({
    onBatchSubmitted: () => (maxPendingBatches = Math.max(maxPendingBatches, ssc.scheduler.pendingBatches().length)),
    onBatchCompleted: ({ batchInfo }) =>
      batches.push({ end: batchInfo.processingEndTime ?? 0, n: batchInfo.numRecords, delay: batchInfo.schedulingDelay ?? 0 }),
  });
  let sink = 0;
  ssc.socketTextStream('127.0.0.1', port).foreachRDD(async (rdd) => {
    await rdd.foreachPartition((lines) => {
      for (const l of lines) sink ^= work(l);
    });
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  const start = Date.now();
  ssc.start();
  await new Promise((r) => setTimeout(r, durationMs));
  clearInterval(sampler);
  await ssc.stop(true, false);
  child.kill();
  if (sink === 42) console.log('');
  const half = start + durationMs / 2;
  const late = batches.filter((b) => b.end >= half);
  const processed = late.reduce((a, b) => a + b.n, 0);
  const span = late.length > 1 ? (late[late.length - 1].end - half) / 1000 : 1;
  const third = Math.floor(batches.length / 3);
  const maxDelay = (xs: typeof batches): number => Math.max(0, ...xs.map((b) => b.delay));
  return {
    processedRate: processed / span,
    capacity,
    offeredRate,
    peakHeapMiB: peak / 1024 / 1024,
    schedulingDelays: batches.map((b) => b.delay),
    batchSizes: batches.map((b) => b.n),
    rates,
    delayStoppedGrowing: maxDelay(batches.slice(-5)) <= Math.max(maxDelay(batches.slice(third, 2 * third)), 1000),
    maxPendingBatches,
  };
}
