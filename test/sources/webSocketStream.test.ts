import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer, type WebSocket } from 'ws';
import { collectBatches, receiverContext, stopActive, waitFor } from '../receiver/helpers';

afterEach(stopActive);

async function wsServer(): Promise<{ wss: WebSocketServer; url: string; clients: WebSocket[] }> {
  const clients: WebSocket[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (c) => clients.push(c));
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  return { wss, url: `ws://127.0.0.1:${port}/feed`, clients };
}

test('text frames become records; binary frames are reported and skipped; a closed socket reconnects', async () => {
  const { wss, url, clients } = await wsServer();
  try {
    const { ssc } = receiverContext({ 'spark.streaming.receiverRestartDelay': '300ms' });
    const errors: string[] = [];
    ssc.addStreamingListener({ onReceiverError: ({ receiverInfo }) => errors.push(receiverInfo.lastErrorMessage) });
    const stream = ssc.webSocketStream(url);
    const batches = collectBatches(stream);
    ssc.start();
    await waitFor(() => clients.length === 1, 'the receiver to connect');
    clients[0].send('first frame');
    clients[0].send(Buffer.from([1, 2, 3]), { binary: true });
    clients[0].send('second\nframe ');
    await waitFor(() => (stream.supervisor?.received ?? 0) === 2, 'two text frames');
    clients[0].close();
    await waitFor(() => stream.supervisor?.state === 'restarting', 'the receiver to see the close');
    await ssc.advance(1);
    await waitFor(() => clients.length === 2, 'the reconnection');
    clients[1].send('after reconnect');
    await waitFor(() => (stream.supervisor?.received ?? 0) === 3, 'the third frame');
    await ssc.advance(1);
    assert.deepEqual(batches.flatMap((b) => b.partitions.flat()), ['first frame', 'second\nframe ', 'after reconnect']);
    assert.ok(errors.some((e) => e.includes('binary frame')));
  } finally {
    clients.forEach((c) => c.terminate());
    await new Promise<void>((r) => wss.close(() => r()));
  }
});

test('webSocketStream rejects a URL that is not ws:// or wss://', () => {
  const { ssc } = receiverContext();
  assert.throws(() => ssc.webSocketStream('http://example.com'), /ws:\/\/ or wss:\/\/ URL, got "http:\/\/example.com"/);
});
