import * as net from 'node:net';
import { Milliseconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';
import type { BenchCase } from '../BenchCase';

/**
 * Lines/s through socketTextStream → count, against a raw `net` line reader, both
 * reading the same bytes from a local TCP server in the same run.
 */
const LINES = 3_000_000;
const LINE = 'the quick brown fox jumps over the lazy dog 0123456789\n';

async function serve(): Promise<{ port: number; close: () => Promise<void> }> {
  const payload = Buffer.from(LINE.repeat(100_000));
  const server = net.createServer((socket) => {
    let sent = 0;
    const pump = (): void => {
      while (sent < LINES / 100_000) {
        sent++;
        if (!socket.write(payload)) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.end();
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

async function baseline(port: number): Promise<number> {
  const start = performance.now();
  let count = 0;
  let rest = '';
  await new Promise<void>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() as string;
      count += parts.length;
    });
    socket.on('end', resolve);
  });
  if (count !== LINES) throw new Error(`baseline read ${count} lines`);
  return (count / (performance.now() - start)) * 1000;
}

/** `bufferSize` undefined: the default (500,000 records), which caps a receiver at that many records per batch interval. */
async function eddy(port: number, bufferSize?: number): Promise<number> {
  const conf = new SparkConf().setAppName('socket-bench').setMaster('local[2]').set('spark.streaming.receiverRestartDelay', '60s');
  if (bufferSize !== undefined) conf.set('spark.streaming.receiver.bufferSize', bufferSize);
  const ssc = new StreamingContext(new SparkContext(conf), Milliseconds(100), { err: () => undefined });
  let total = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const start = performance.now();
  let end = start;
  ssc.socketTextStream('127.0.0.1', port).count().foreachRDD(async (rdd) => {
    for (const n of await rdd.collect()) total += n;
    if (total >= LINES) {
      end = performance.now();
      done();
    }
  });
  ssc.start();
  await finished;
  await ssc.stop(true, false);
  return (total / (end - start)) * 1000;
}

const socketReceiver: BenchCase = {
  name: 'socket-receiver',
  unit: 'lines/s',
  higherIsBetter: true,
  target: 0.5,
  async run() {
    const server = await serve();
    try {
      const b = await baseline(server.port);
      const e = await eddy(server.port);
      // The figure at the default settings is the result; a larger buffer shows what the bound costs.
      const big = await eddy(server.port, 3_000_000);
      return { eddy: e, baseline: b, notes: { lines: LINES, batch: '100ms', 'lines/s with bufferSize=3000000': Math.round(big) } };
    } finally {
      await server.close();
    }
  },
};

export default socketReceiver;
