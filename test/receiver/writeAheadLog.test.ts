import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FileBasedWriteAheadLog,
  ManualClock,
  Receiver,
  Seconds,
  SparkConf,
  SparkContext,
  StreamingContext,
  decodeBlockRecords,
  listSegments,
  readLog,
  receivedDataDirectory,
} from '../../kernel';
import { WebSocketServer } from 'ws';
import { activeContext } from '../../kernel/streaming/activeContext';
import { waitFor } from './helpers';

const sc = new SparkContext(new SparkConf().setAppName('wal-test').setMaster('local[2]').set('spark.streaming.receiver.writeAheadLog.enable', 'true'));
const abandoned: StreamingContext[] = [];
/** Let the output of batches that "never finish" finish, so that their abandoned contexts can stop. */
const releases: Array<() => void> = [];

afterEach(async () => {
  await StreamingContext.getActive()?.stop(false);
  for (const release of releases.splice(0)) release();
  for (const ssc of abandoned.splice(0)) await ssc.stop(false);
});

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `eddy-wal-${label}-`));
}

/** A receiver the test feeds: `storeReliably` as a reliable source would call it. */
class Pushed extends Receiver<string> {
  onStart(): void {}
  onStop(): void {}
}

/** The bytes of every segment of `dir`, concatenated in log order. */
function logBytes(dir: string): number {
  return listSegments(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

function records(dir: string): string[] {
  return [...readLog(dir, undefined, () => {})].flatMap((r) => decodeBlockRecords<string>(r.payload));
}

test('FileBasedWriteAheadLog: a write resolves once its record is on disk, in order; segments roll on the clock; a torn last record is skipped with a warning', async () => {
  const dir = path.join(tempDir('log'), 'receivedData', '0');
  const clock = new ManualClock(1000);
  const log = new FileBasedWriteAheadLog(dir, clock, 1000);
  const payloads = ['one', 'two', 'three'].map((s) => Buffer.from(s));
  const handles = [];
  for (const p of payloads) {
    const h = await log.write(p);
    // fsync ordering: when write resolves, the record is in the file, after every earlier one
    assert.equal(logBytes(dir), h.offset + h.length);
    handles.push(h);
  }
  assert.deepEqual(handles.map((h) => h.file), ['log-1000-2000', 'log-1000-2000', 'log-1000-2000']);
  assert.deepEqual(handles.map((h) => log.read(h).toString()), ['one', 'two', 'three']);
  // Writes not awaited one by one still land in call order.
  const [a, b] = await Promise.all([log.write(Buffer.from('four')), log.write(Buffer.from('five'))]);
  assert.ok(b.offset > a.offset);

  clock.advance(1000); // past the segment's end: the next write starts a new segment
  const six = await log.write(Buffer.from('six'));
  assert.equal(six.file, 'log-2000-3000');
  assert.deepEqual(listSegments(dir), ['log-1000-2000', 'log-2000-3000']);
  await log.close();

  // A kill mid-append leaves part of a record at the end of the last segment.
  fs.appendFileSync(path.join(dir, six.file), Buffer.from('EDDYCKP1\u0000\u0000\u0001\u0000torn', 'latin1'));
  const warnings: string[] = [];
  const all = [...readLog(dir, undefined, (w) => warnings.push(w))].map((r) => r.payload.toString());
  assert.deepEqual(all, ['one', 'two', 'three', 'four', 'five', 'six']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /log-2000-3000: a torn record at offset \d+ .*skipped/);
  // Reading after a position: what a recovered stream does with its last allocated block.
  assert.deepEqual([...readLog(dir, handles[2], () => {})].map((r) => r.payload.toString()), ['four', 'five', 'six']);

  // A new writer (a restarted process) never appends to an old segment, even at the same clock time.
  const again = new FileBasedWriteAheadLog(dir, new ManualClock(2000), 1000);
  const seven = await again.write(Buffer.from('seven'));
  assert.equal(seven.file, 'log-2001-3001');
  assert.deepEqual([...readLog(dir, six, () => {})].map((r) => r.payload.toString()), ['seven']);
  assert.deepEqual(await again.cleanBefore('log-2001-3001'), ['log-1000-2000', 'log-2000-3000']);
  assert.deepEqual(listSegments(dir), ['log-2001-3001']);
  await again.close();
  await assert.rejects(again.write(Buffer.from('late')), /closed/);
});

interface Run {
  ssc: StreamingContext;
  receiver: Pushed;
  batches: Array<[number, string[]]>;
  err: string[];
}

/** A manual-clock context with the write-ahead log, whose batch `hangAt` never finishes its output. */
function walContext(ckpt: string, settings: Record<string, string> = {}, hangAt?: number): { create: () => StreamingContext; run: Run } {
  const run = { batches: [], err: [] } as unknown as Run;
  const hang = new Promise<void>((r) => releases.push(r));
  const create = (): StreamingContext => {
    const conf = sc.conf;
    for (const [k, v] of Object.entries(settings)) conf.set(k, v);
    const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: (t) => run.err.push(t) });
    ssc.checkpoint(ckpt);
    run.receiver = new Pushed();
    ssc.receiverStream(run.receiver).foreachRDD(async (rdd, time) => {
      if (time.milliseconds === hangAt) await hang;
      run.batches.push([time.milliseconds, await rdd.collect()]);
    });
    run.ssc = ssc;
    return ssc;
  };
  return { create, run };
}

test('storeReliably resolves once the block is in the log; after a crash, the pending batch re-runs with its logged blocks and unallocated blocks go to the next batch', async () => {
  const ckpt = tempDir('ckpt');
  const logDir = receivedDataDirectory(ckpt, 0);
  const first = walContext(ckpt, {}, 2000);
  const ssc1 = StreamingContext.getOrCreate(ckpt, first.create);
  ssc1.start();
  await waitFor(() => first.run.receiver.isStarted(), 'the receiver to start');
  await first.run.receiver.storeReliably(['a', 'b']);
  assert.deepEqual(records(logDir), ['a', 'b'], 'the records are in the log when storeReliably resolves');
  await ssc1.advance(1);
  assert.deepEqual(first.run.batches, [[1000, ['a', 'b']]]);
  await first.run.receiver.storeReliably(['c']);
  void ssc1.advance(1); // batch 2000 takes [c] and never finishes
  await first.run.receiver.storeReliably(['d', 'e']); // logged, given to no batch yet
  await waitFor(() => ssc1.checkpointing.lastWrite?.timeMs === 2000, 'the checkpoint of batch 2000', 20_000);
  await ssc1.checkpointing.flush();
  // The process "dies" here: the old context is abandoned, not stopped.
  activeContext.clear(ssc1);
  abandoned.push(ssc1);

  const second = walContext(ckpt);
  const ssc2 = StreamingContext.getOrCreate(ckpt, second.create);
  ssc2.start();
  await ssc2.advance(1);
  assert.deepEqual(second.run.batches, [
    [2000, ['c']],
    [3000, ['d', 'e']],
  ]);
  assert.match(second.run.err.join(''), /Recovered 1 logged block\(s\) \(2 records\)/);
  // New data after recovery goes on as usual.
  await waitFor(() => second.run.receiver.isStarted(), 'the receiver to start again');
  await second.run.receiver.storeReliably(['f']);
  await ssc2.advance(1);
  assert.deepEqual(second.run.batches[2], [4000, ['f']]);
  await ssc2.stop(false);
});

test('old log segments are deleted once no kept checkpoint needs them (the remember window), the current ones stay', async () => {
  const ckpt = tempDir('ckpt');
  const logDir = receivedDataDirectory(ckpt, 0);
  const { create, run } = walContext(ckpt, { 'spark.streaming.receiver.writeAheadLog.rollingIntervalSecs': '1' });
  const ssc = create();
  ssc.start();
  await waitFor(() => run.receiver.isStarted(), 'the receiver to start');
  const seen: string[] = [];
  for (let i = 0; i < 12; i++) {
    await run.receiver.storeReliably([`r${i}`]);
    for (const s of listSegments(logDir)) if (!seen.includes(s)) seen.push(s);
    await ssc.advance(1);
    await waitFor(() => ssc.checkpointing.lastWrite?.timeMs === (i + 1) * 1000, `the checkpoint of batch ${i + 1}`, 20_000);
    await ssc.checkpointing.flush();
  }
  assert.equal(seen.length, 12, `one segment per second: ${seen.join(' ')}`);
  const left = listSegments(logDir);
  assert.ok(left.length <= 5, `segments left: ${left.join(' ')}`);
  assert.deepEqual(left, seen.slice(seen.length - left.length), 'the newest segments stay');
  assert.deepEqual(run.batches.flatMap(([, r]) => r), Array.from({ length: 12 }, (_, i) => `r${i}`));
  await ssc.stop(false);
  sc.conf.set('spark.streaming.receiver.writeAheadLog.rollingIntervalSecs', '60');
});

test('the write-ahead log needs a checkpoint directory; storeReliably after stop rejects', async () => {
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => {} });
  ssc.receiverStream(new Pushed()).print();
  assert.throws(() => ssc.start(), /spark\.streaming\.receiver\.writeAheadLog\.enable is true.*none is set/);

  const { create, run } = walContext(tempDir('ckpt'));
  const ssc2 = create();
  ssc2.start();
  await waitFor(() => run.receiver.isStarted(), 'the receiver to start');
  await ssc2.stop(false);
  await assert.rejects(run.receiver.storeReliably(['x']), /has stopped; the 1 records were not stored/);
});

test('a fresh start deletes the log of an earlier run that no checkpoint recovers', async () => {
  const ckpt = tempDir('ckpt');
  const logDir = receivedDataDirectory(ckpt, 0);
  const stale = new FileBasedWriteAheadLog(logDir, new ManualClock(0), 1000);
  await stale.write(Buffer.from('stale'));
  await stale.close();
  const { create, run } = walContext(ckpt);
  const ssc = create();
  ssc.start();
  await waitFor(() => run.receiver.isStarted(), 'the receiver to start');
  assert.deepEqual(listSegments(logDir), []);
  assert.match(run.err.join(''), /Deleted 1 write-ahead log segment/);
  await ssc.stop(false);
});

test('socketTextStream and webSocketStream log their blocks when the write-ahead log is on', async () => {
  const tcp = net.createServer((s) => s.write('x\ny\n')); // kept open: a close would restart the receiver
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', r));
  wss.on('connection', (ws) => {
    ws.send('p');
    ws.send('q');
  });
  const ckpt = tempDir('ckpt');
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: () => {} });
  ssc.checkpoint(ckpt);
  const batches: string[][] = [];
  const socket = ssc.socketTextStream('127.0.0.1', (tcp.address() as net.AddressInfo).port);
  const web = ssc.webSocketStream(`ws://127.0.0.1:${(wss.address() as net.AddressInfo).port}`);
  socket.union(web).foreachRDD(async (rdd) => {
    batches.push((await rdd.collect()).sort());
  });
  ssc.start();
  await waitFor(() => (socket.supervisor?.received ?? 0) === 2 && (web.supervisor?.received ?? 0) === 2, 'both receivers to store their records', 20_000);
  // Blocks are cut on the block interval (the manual clock) and join a batch once logged.
  await ssc.advance(1);
  await Promise.all([socket.supervisor?.whenBlocksStored(), web.supervisor?.whenBlocksStored()]);
  assert.deepEqual(records(receivedDataDirectory(ckpt, socket.id)), ['x', 'y']);
  assert.deepEqual(records(receivedDataDirectory(ckpt, web.id)), ['p', 'q']);
  await ssc.advance(1);
  assert.deepEqual(batches.flat().sort(), ['p', 'q', 'x', 'y']);
  await ssc.stop(false);
  tcp.close();
  wss.close();
});
