import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import WebSocket from 'ws';
import { Milliseconds, SparkConf, SparkContext, StreamingContext, startWebUI } from '../../../kernel';
import type { ServerMessage } from '../../../widgets/webui';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function context(): Promise<StreamingContext> {
  const sc = new SparkContext(new SparkConf().setAppName('webui-access').setMaster('local[2]'));
  const ssc = new StreamingContext(sc, Milliseconds(1000), { clock: 'manual', out: () => undefined });
  ssc.queueStream<string>([['<script>alert(1)</script>']]).toUI('markup');
  cleanups.push(() => ssc.stop(true));
  return ssc;
}

/** A plain HTTP GET with the headers given; resolves to the status, headers and body. */
function get(port: number, pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathAndQuery, headers }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

/** Opens a WebSocket; resolves to the first message, or rejects with the HTTP status it was refused with. */
function firstMessage(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; message: ServerMessage }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('message', (data) => resolve({ ws, message: JSON.parse(data.toString()) as ServerMessage }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const portOf = (url: string): number => Number(new URL(url).port);

test('off loopback the page and the WebSocket need the token that the URL carries', async () => {
  const ssc = await context();
  const ui = await startWebUI(ssc, { host: '0.0.0.0', port: 0 });
  cleanups.push(() => ui.close());
  const url = new URL(ui.url);
  const token = url.searchParams.get('token') ?? '';
  assert.ok(token.length >= 16, `a token was generated: ${ui.url}`);
  const port = portOf(ui.url);

  const without = await get(port, '/');
  assert.equal(without.status, 403);
  assert.match(without.body, /needs the token/);
  assert.equal((await get(port, '/app.js')).status, 403, 'the page\'s files too');
  assert.equal((await get(port, `/?token=${token}x`)).status, 403, 'a wrong token');
  const page = await get(port, `/?token=${token}`);
  assert.equal(page.status, 200);
  assert.match(page.body, new RegExp(`app\\.js\\?token=${token}`), 'the page loads its files with the token');
  assert.equal((await get(port, `/uPlot.iife.min.js?token=${token}`)).status, 200, 'uPlot is served from node_modules');

  await assert.rejects(firstMessage(`ws://127.0.0.1:${port}/ws`), /refused 403/);
  const { ws, message } = await firstMessage(`ws://127.0.0.1:${port}/ws?token=${token}`);
  assert.equal(message.type, 'view');
  ws.close();
});

test('a given token is checked on loopback too, and a malformed one is refused up front', async () => {
  const ssc = await context();
  await assert.rejects(startWebUI(ssc, { port: 0, token: 'short' }), /16 to 256 URL-safe characters/);
  const ui = await startWebUI(ssc, { port: 0, token: 'a-token-of-our-own-0123' });
  cleanups.push(() => ui.close());
  assert.match(ui.url, /\?token=a-token-of-our-own-0123$/);
  assert.equal((await get(portOf(ui.url), '/')).status, 403);
  assert.equal((await get(portOf(ui.url), '/?token=a-token-of-our-own-0123')).status, 200);
});

test('a cross-origin WebSocket is refused; the same origin and non-browser clients are served', async () => {
  const ssc = await context();
  const ui = await startWebUI(ssc, { port: 0 });
  cleanups.push(() => ui.close());
  const port = portOf(ui.url);
  await assert.rejects(firstMessage(`ws://127.0.0.1:${port}/ws`, { Origin: 'http://evil.example' }), /refused 403/);
  await assert.rejects(firstMessage(`ws://127.0.0.1:${port}/ws`, { Origin: `http://localhost:${port + 1}` }), /refused 403/);
  const same = await firstMessage(`ws://127.0.0.1:${port}/ws`, { Origin: `http://127.0.0.1:${port}` });
  same.ws.close();
  const cli = await firstMessage(`ws://127.0.0.1:${port}/ws`);
  cli.ws.close();
  // DNS rebinding: another site's name resolving to 127.0.0.1 is not this machine's loopback name.
  assert.equal((await get(port, '/', { Host: `evil.example:${port}` })).status, 403);
  await assert.rejects(firstMessage(`ws://127.0.0.1:${port}/ws`, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` }), /refused 403/);
});

test('the page is served with a strict content security policy, and page messages are only data', async () => {
  const ssc = await context();
  const ui = await startWebUI(ssc, { port: 0 });
  cleanups.push(() => ui.close());
  const port = portOf(ui.url);
  const page = await get(port, '/');
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal((await get(port, '/../package.json')).status, 404, 'only the page\'s own files are served');

  ssc.start();
  await ssc.advance(1);
  const { ws, message } = await firstMessage(`ws://127.0.0.1:${port}/ws`);
  // Stream values reach the page as JSON strings, for the page to set as text (the browser test checks it does).
  assert.ok(message.type === 'view');
  assert.deepEqual(message.view.streams[0]?.snapshot.rows, ['<script>alert(1)</script>']);
  const replies: ServerMessage[] = [];
  ws.on('message', (d) => replies.push(JSON.parse(d.toString()) as ServerMessage));
  ws.send('this is not JSON');
  ws.send(JSON.stringify({ type: 'eval', code: 'process.exit(1)' }));
  ws.send(JSON.stringify({ type: 'batch', batchTime: '1000' }));
  ws.send(JSON.stringify({ type: 'batch', batchTime: 1000 }));
  while (!replies.some((r) => r.type === 'batch')) await new Promise((r) => ws.once('message', r));
  const detail = replies.find((r) => r.type === 'batch');
  assert.equal(detail?.type === 'batch' && detail.detail?.outputs[0].name, 'toUI', 'only the well-formed request was answered');
  assert.equal(replies.filter((r) => r.type === 'batch').length, 1);
  ws.close();
});
