import { ManualClock, Seconds, SparkConf, SparkContext, StreamingContext, type DStream, type Duration, type Time } from '../../kernel';

/** A manual-clock context on its own SparkContext, with `conf` settings, capturing output and errors. */
export function receiverContext(settings: Record<string, string> = {}, batch: Duration = Seconds(1)) {
  const conf = new SparkConf().setAppName('eddy-receiver-test').setMaster('local[2]');
  for (const [k, v] of Object.entries(settings)) conf.set(k, v);
  const out: string[] = [];
  const err: string[] = [];
  const ssc = new StreamingContext(new SparkContext(conf), batch, { clock: 'manual', out: (t) => out.push(t), err: (t) => err.push(t) });
  return { ssc, clock: ssc.clock as ManualClock, out, err };
}

export interface Batch<T> {
  time: number;
  partitions: T[][];
}

/** Records every batch of `stream` as its partitions. */
export function collectBatches<T>(stream: DStream<T>): Array<Batch<T>> {
  const batches: Array<Batch<T>> = [];
  stream.foreachRDD(async (rdd, time: Time) => {
    batches.push({ time: time.milliseconds, partitions: await rdd.glom().collect() });
  });
  return batches;
}

/** Waits for I/O (a socket, a file watcher) to bring `cond` true; fails after `timeoutMs` of real time. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Lets pending promise callbacks run (receiver start is off the caller's stack). */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

export async function stopActive(): Promise<void> {
  await StreamingContext.getActive()?.stop(true);
}
