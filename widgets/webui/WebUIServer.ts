import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { EddyError } from '../../kernel';
import { WebUIAccess, isLoopback, tokenFor } from './webUIAccess';
import type { WebUIModel } from './WebUIModel';
import { parsePageMessage, type ServerMessage } from './WebUIView';

export interface WebUIServerOptions {
  /** Address to bind (default 127.0.0.1). Anything but loopback needs a token. */
  host?: string;
  /** Port (default 4040, then the next 16 if taken, as Spark's UI; 0: any free port). An explicit busy port fails. */
  port?: number;
  /** The token the URL must carry; generated when binding off loopback without one. */
  token?: string;
}

export interface WebUIServer {
  /** The page's address, with `?token=` when one is needed. */
  readonly url: string;
  readonly port: number;
  /** Clients connected now. */
  clients(): number;
  /** Tells the pages the model changed; views are sent at most every `PUSH_MS`. */
  changed(): void;
  close(): Promise<void>;
}

/** How often pages get a new view at most, ms: fast batches cost one view per this. */
const PUSH_MS = 250;
/** A page this far behind (bytes queued) skips views until it catches up. */
const MAX_BACKLOG = 4 * 1024 * 1024;
const DEFAULT_PORT = 4040;
const PORT_RETRIES = 16;

const STATIC = path.join(__dirname, 'static');
const UPLOT = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));

/** The only files served: the page, its script and style, and uPlot from node_modules (no CDN). */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(STATIC, 'index.html'), type: 'text/html; charset=utf-8' },
  '/app.js': { file: path.join(STATIC, 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: path.join(STATIC, 'app.css'), type: 'text/css; charset=utf-8' },
  '/uPlot.iife.min.js': { file: path.join(UPLOT, 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  '/uPlot.min.css': { file: path.join(UPLOT, 'uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

/** The page may load only its own files and talk only to its own server. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * Serves a {@link WebUIModel} to browsers: the page over HTTP and the model's views over a
 * WebSocket (`/ws`), pushed at most every 250 ms while something changes; a page asks for a
 * batch's details with `{type: 'batch', batchTime}`, the only message it may send.
 * Access rules: {@link WebUIAccess}.
 */
export async function listenWebUI(model: WebUIModel, options: WebUIServerOptions = {}): Promise<WebUIServer> {
  const host = options.host ?? '127.0.0.1';
  const access = new WebUIAccess(host, tokenFor(host, options.token));
  const query = access.token === undefined ? '' : `?token=${encodeURIComponent(access.token)}`;
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [route, { file, type }] of Object.entries(FILES)) {
    const text = fs.readFileSync(file, 'utf8');
    files.set(route, { body: Buffer.from(route === '/' ? text.replaceAll('__QUERY__', query) : text), type });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const server = http.createServer((req, res) => {
    const refused = access.check(req, false);
    if (refused !== undefined) return refuse(res, refused);
    const route = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files.get(route === '/index.html' ? '/' : route);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Only GET is served here.\n');
    } else if (route === '/favicon.ico') {
      res.writeHead(204, SECURITY_HEADERS).end();
    } else if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain', ...SECURITY_HEADERS }).end('Not found.\n');
    } else {
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    }
  });
  server.on('upgrade', (req, socket: net.Socket, head) => {
    const refused = new URL(req.url ?? '/', 'http://x').pathname !== '/ws' ? 'not a WebSocket endpoint' : access.check(req, true);
    if (refused !== undefined) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nRefused: ${refused}.\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, message: ServerMessage | string): void => {
    if (ws.readyState !== ws.OPEN || ws.bufferedAmount > MAX_BACKLOG) return;
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  };
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      const request = isBinary ? undefined : parsePageMessage(data.toString());
      if (request?.type === 'batch') send(ws, { type: 'batch', batchTime: request.batchTime, detail: model.detail(request.batchTime) ?? null });
    });
    send(ws, { type: 'view', view: model.view() });
  });

  let timer: NodeJS.Timeout | undefined;
  const push = (): void => {
    timer = undefined;
    if (wss.clients.size === 0) return;
    const text = JSON.stringify({ type: 'view', view: model.view() } satisfies ServerMessage);
    for (const ws of wss.clients) send(ws, text);
  };

  const port = await listen(server, host, options.port);
  const urlHost = host === '0.0.0.0' || host === '::' ? os.hostname() : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/${query}`,
    port,
    clients: () => wss.clients.size,
    changed() {
      timer ??= setTimeout(push, PUSH_MS);
    },
    async close() {
      if (timer) clearTimeout(timer);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refuse(res: http.ServerResponse, why: string): void {
  res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end(`Forbidden: ${why}.\n`);
}

/** Binds `port`, or 4040 and up to 16 ports after it when none is given, as Spark's UI does. */
async function listen(server: http.Server, host: string, port: number | undefined): Promise<number> {
  const tries = port === undefined ? PORT_RETRIES + 1 : 1;
  const first = port ?? DEFAULT_PORT;
  for (let i = 0; ; i++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(first + (first === 0 ? 0 : i), host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return (server.address() as net.AddressInfo).port;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && i + 1 < tries) continue;
      throw new EddyError('io', `The web UI cannot listen on ${host}:${first + i}: ${code ?? (error as Error).message}.`, {
        hint: code === 'EADDRINUSE' ? 'Pick another port (:ui 4050, eddy ui --port 4050), or 0 for any free one.' : isLoopback(host) ? 'Check the port.' : 'Check that this machine has that address.',
        cause: error,
      });
    }
  }
}
