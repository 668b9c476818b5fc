import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Time, announceEndpoint, ensurePrivateDirectory, type StreamingContext } from '../kernel';
import { type DashboardAddress, sessionDir } from './DashboardAddress';
import type { DashboardEvent } from './DashboardEvent';
import { feedOf } from './DashboardFeed';

let serverCount = 0;

/** A client this far behind (bytes not yet sent) is dropped rather than buffered without bound. */
const MAX_CLIENT_BACKLOG = 4 * 1024 * 1024;

export interface DashboardServer {
  readonly address: DashboardAddress;
  /** This session's entry in the session registry, where `eddy dash` finds the address (undefined when `announce: false`). */
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
  /**
   * Directory for the socket and the session registry (default `$XDG_RUNTIME_DIR/eddy`, else
   * `<tmp>/eddy-<uid>`). It is created with mode 0700, or checked to be this user's own with
   * mode 0700; anything else is refused (EddyError 'io').
   */
  dir?: string;
  /** Announce the server in the session registry so `eddy dash` finds it (default true). */
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
  // why: never a folder another user made first (they could swap the socket for their own).
  ensurePrivateDirectory(dir);
  const transport = options.transport ?? (process.platform === 'win32' ? 'tcp' : 'unix');
  const socketPath = path.join(dir, `dash-${process.pid}-${++serverCount}.sock`);
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

  const announcement = options.announce === false ? undefined : announceEndpoint('dashboard', address, { dir, appName: ssc.sparkContext.appName });
  const sessionFile = announcement?.file;

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
      announcement?.withdraw();
    },
  };
}
