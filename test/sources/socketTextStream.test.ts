import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import type { ReceiverInfo } from '../../kernel';
import { collectBatches, receiverContext, stopActive, waitFor } from '../receiver/helpers';

afterEach(stopActive);

/** A real TCP server on a free port; `clients` are the accepted connections. */
async function lineServer(): Promise<{ server: net.Server; port: number; clients: net.Socket[]; close: () => Promise<void> }> {
  const clients: net.Socket[] = [];
  const server = net.createServer((c) => clients.push(c));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const close = async (): Promise<void> => {
    clients.forEach((c) => c.destroy());
    await new Promise<void>((r) => server.close(() => r()));
  };
  return { server, port, clients, close };
}

test('lines split on \\n with one trailing \\r removed, nothing else trimmed', async () => {
  const srv = await lineServer();
  try {
    const { ssc } = receiverContext();
    const stream = ssc.socketTextStream('127.0.0.1', srv.port);
    const batches = collectBatches(stream);
    ssc.start();
    await waitFor(() => srv.clients.length === 1, 'the receiver to connect');
    srv.clients[0].write('  hello world \r\nsecond\r\r\n\nthird');
    srv.clients[0].write(' part\nüñí©ødé 🎉\n');
    await waitFor(() => (stream.supervisor?.received ?? 0) === 5, 'five lines');
    await ssc.advance(1);
    assert.deepEqual(batches[0].partitions.flat(), ['  hello world ', 'second\r', '', 'third part', 'üñí©ødé 🎉']);
  } finally {
    await srv.close();
  }
});

test('when the server closes the connection the receiver reconnects after the restart delay', async () => {
  const srv = await lineServer();
  try {
    const { ssc } = receiverContext({ 'spark.streaming.receiverRestartDelay': '500ms' });
    const stream = ssc.socketTextStream('127.0.0.1', srv.port);
    const batches = collectBatches(stream);
    const stopped: ReceiverInfo[] = [];
    ssc.addStreamingListener({ onReceiverStopped: ({ receiverInfo }) => stopped.push(receiverInfo) });
    ssc.start();
    await waitFor(() => srv.clients.length === 1, 'the first connection');
    srv.clients[0].end('one\ntwo\n');
    await waitFor(() => stopped.length === 1, 'the receiver to notice the close');
    await ssc.advance(1); // the restart is due 500 ms after the close, on the manual clock
    await waitFor(() => srv.clients.length === 2, 'the second connection');
    srv.clients[1].write('three\n');
    await waitFor(() => (stream.supervisor?.received ?? 0) === 3, 'the third line');
    await ssc.advance(1);
    assert.deepEqual(batches.flatMap((b) => b.partitions.flat()), ['one', 'two', 'three']);
  } finally {
    await srv.close();
  }
});

test('a server that is not there yet: the receiver reports the error and keeps retrying', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const { ssc, err } = receiverContext({ 'spark.streaming.receiverRestartDelay': '1000ms' });
  const errors: ReceiverInfo[] = [];
  ssc.addStreamingListener({ onReceiverError: ({ receiverInfo }) => errors.push(receiverInfo) });
  const stream = ssc.socketTextStream('127.0.0.1', port);
  const batches = collectBatches(stream);
  ssc.start();
  await waitFor(() => errors.length === 1, 'the connection error');
  assert.match(errors[0].lastErrorMessage, new RegExp(`Error connecting to 127.0.0.1:${port}`));
  assert.match(errors[0].lastError, /ECONNREFUSED/);
  assert.ok(err.some((t) => t.includes('Restarting receiver SocketReceiver')));
  const clients: net.Socket[] = [];
  const server = net.createServer((c) => clients.push(c));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    await ssc.advance(1);
    await waitFor(() => clients.length === 1, 'the retry to connect');
    clients[0].write('finally\n');
    await waitFor(() => (stream.supervisor?.received ?? 0) === 1, 'the line');
    await ssc.advance(1);
    assert.deepEqual(batches.flatMap((b) => b.partitions.flat()), ['finally']);
  } finally {
    clients.forEach((c) => c.destroy());
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('invalid UTF-8 is decoded with U+FFFD and reported once; later lines still arrive', async () => {
  const srv = await lineServer();
  try {
    const { ssc } = receiverContext();
    const errors: ReceiverInfo[] = [];
    ssc.addStreamingListener({ onReceiverError: ({ receiverInfo }) => errors.push(receiverInfo) });
    const stream = ssc.socketTextStream('127.0.0.1', srv.port);
    const batches = collectBatches(stream);
    ssc.start();
    await waitFor(() => srv.clients.length === 1, 'the connection');
    srv.clients[0].write(Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from(' bytes\nagain '), Buffer.from([0xc3]), Buffer.from('\nfine\n')]));
    await waitFor(() => (stream.supervisor?.received ?? 0) === 4, 'four lines');
    await ssc.advance(1);
    assert.deepEqual(batches[0].partitions.flat(), ['ok', 'bad \uFFFD\uFFFD bytes', 'again \uFFFD', 'fine']);
    assert.equal(errors.length, 1);
    assert.match(errors[0].lastErrorMessage, /not UTF-8; they were decoded as U\+FFFD/);
  } finally {
    await srv.close();
  }
});

test('an endless line is cut into records of at most eddy.receiver.maxLineBytes, with a warning', async () => {
  const srv = await lineServer();
  try {
    const { ssc } = receiverContext({ 'eddy.receiver.maxLineBytes': '1000' });
    const errors: ReceiverInfo[] = [];
    ssc.addStreamingListener({ onReceiverError: ({ receiverInfo }) => errors.push(receiverInfo) });
    const stream = ssc.socketTextStream('127.0.0.1', srv.port);
    const batches = collectBatches(stream);
    ssc.start();
    await waitFor(() => srv.clients.length === 1, 'the connection');
    const endless = 'x'.repeat(2500);
    for (let i = 0; i < 5; i++) srv.clients[0].write(endless.slice(i * 500, (i + 1) * 500));
    srv.clients[0].write('\nshort\n');
    await waitFor(() => (stream.supervisor?.received ?? 0) === 4, 'the pieces and the next line');
    await ssc.advance(1);
    const records = batches[0].partitions.flat();
    assert.deepEqual(records.map((r) => r.length), [1000, 1000, 500, 5]);
    assert.equal(records.slice(0, 3).join(''), endless);
    assert.equal(records[3], 'short');
    assert.ok(errors.some((e) => /longer than 1000 bytes/.test(e.lastErrorMessage)));
  } finally {
    await srv.close();
  }
});

test('socketTextStream rejects a bad port, saying the range', () => {
  const { ssc } = receiverContext();
  assert.throws(() => ssc.socketTextStream('localhost', 70000), /TCP port from 1 to 65535, got 70000/);
});
