import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Time, type StreamingContext } from '../kernel';
import { type DashboardAddress, sessionDir, sessionFilePath, type SessionFile } from './DashboardAddress';
import type { DashboardEvent } from './DashboardEvent';
import { feedOf } from './DashboardFeed';

/** A client this far behind (bytes not yet sent) is dropped rather than buffered without bound. */
const MAX_CLIENT_BACKLOG = 4 * 1024 * 1024;

export interface DashboardServer {
  readonly address: DashboardAddress;
  /** Where the address was written for `eddy dash` (undefined when `announce: false`). */
  readonly sessionFile: string | undefined;
  /** Number of attached clients. */
  clients(): number;
  /** Follow another context (the REPL's `:new`): clients get its hello and history, then its events. */
  follow(ssc: StreamingContext): void;
  close(): Promise<void>;
}

export interface DashboardServerOptions {
  /** `'unix'` (default, except on Windows) or `'tcp'` (127.0.0.1, a free port). */
  transport?: 'unix' | 'tcp';
  /** Directory for the socket and session.json (default `os.tmpdir()/eddy-<uid>`). */
  dir?: string;
  /** Write session.json so `eddy dash` finds this server (default true). */
  announce?: boolean;
}

/** One JSON line per event; each `Time` is sent as its milliseconds. */
export function encodeEvent(event: DashboardEvent): string {
  return JSON.stringify(event, (_key, value: unknown) => (value instanceof Time ? value.milliseconds : value)) + '\n';
}

/**
 * Serves a context's dashboard events to `eddy dash` in other terminals: each client gets
 * a hello, the recent history, then every event as a JSON line. Local only: a Unix
 * socket in a directory private to the user, or a TCP port on 127.0.0.1.
 */
export async function startDashboardServer(ssc: StreamingContext, options: DashboardServerOptions = {}): Promise<DashboardServer> {
  const dir = options.dir ?? sessionDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const transport = options.transport ?? (process.platform === 'win32' ? 'tcp' : 'unix');
  const socketPath = path.join(dir, `dash-${process.pid}.sock`);
  const sockets = new Set<net.Socket>();
  const unsubscribers = new Map<net.Socket, () => void>();
  let current = ssc;
  // Record from now on, so clients that attach later see the batches run since.
  feedOf(current);

  const attach = (socket: net.Socket): void => {
    unsubscribers.get(socket)?.();
    unsubscribers.set(
      socket,
      feedOf(current).subscribe((event) => {
        if (socket.writableLength > MAX_CLIENT_BACKLOG) {
          socket.destroy();
          return;
        }
        socket.write(encodeEvent(event));
      }),
    );
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      unsubscribers.get(socket)?.();
      unsubscribers.delete(socket);
      sockets.delete(socket);
    });
    // Clients only listen; anything they send is ignored.
    socket.resume();
    attach(socket);
  });

  if (transport === 'unix') fs.rmSync(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (transport === 'unix') server.listen(socketPath, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const address: DashboardAddress =
    transport === 'unix' ? { kind: 'unix', path: socketPath } : { kind: 'tcp', host: '127.0.0.1', port: (server.address() as net.AddressInfo).port };

  const sessionFile = options.announce === false ? undefined : sessionFilePath(dir);
  if (sessionFile) {
    const content: SessionFile = { pid: process.pid, appName: ssc.sparkContext.appName, address };
    fs.writeFileSync(sessionFile, JSON.stringify(content) + '\n', { mode: 0o600 });
  }

  return {
    address,
    sessionFile,
    clients: () => sockets.size,
    follow(next) {
      current = next;
      for (const socket of sockets) attach(socket);
    },
    async close() {
      for (const unsubscribe of unsubscribers.values()) unsubscribe();
      unsubscribers.clear();
      for (const socket of sockets) socket.end(encodeEvent({ type: 'dash.closed', payload: { reason: 'the session closed its dashboard server' } }), () => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (transport === 'unix') fs.rmSync(socketPath, { force: true });
      if (sessionFile && ownsSessionFile(sessionFile)) fs.rmSync(sessionFile, { force: true });
    },
  };
}

function ownsSessionFile(file: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as SessionFile).pid === process.pid;
  } catch {
    return false;
  }
}
