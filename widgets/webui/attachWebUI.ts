import type * as net from 'node:net';
import { connectDashboard } from '../attachDashboard';
import { type DashboardAddress, findDashboard, parseDashboardAddress } from '../DashboardAddress';
import { readEventLines } from '../readEventLines';
import { WebUIModel } from './WebUIModel';
import { listenWebUI, type WebUIServerOptions } from './WebUIServer';

export interface AttachWebUIOptions extends WebUIServerOptions {
  /** A session's dashboard address (default: the newest live session in the session registry). */
  address?: DashboardAddress | string;
  /** The session of this process id, from the registry. */
  pid?: number;
  /** The registry folder (default: kernel/session/SessionRegistry.ts's `userRuntimeDirectory()`). */
  dir?: string;
  /** How often to look for the session again after it ended, ms (default 1000). */
  retryMs?: number;
}

export interface AttachedWebUI {
  url: string;
  /** Resolves once the first session was reached (the page may be opened before). */
  attached: Promise<void>;
  close(): Promise<void>;
}

/**
 * `eddy ui`: the web UI of a session running in another process. Reads the session's
 * dashboard events (the same socket `eddy dash` reads) and serves them as `startWebUI` does.
 * When the session ends or restarts, the page says so and keeps what it showed; the
 * session is looked for again every `retryMs` in the session registry (a new REPL
 * announces itself there) and the page starts over with it.
 */
export async function attachWebUI(options: AttachWebUIOptions = {}): Promise<AttachedWebUI> {
  const locate = (): DashboardAddress =>
    options.address === undefined
      ? findDashboard({ pid: options.pid, dir: options.dir }).address
      : typeof options.address === 'string'
        ? parseDashboardAddress(options.address)
        : options.address;
  const first = locate(); // fails now, with what to do, when there is no session at all
  const model = new WebUIModel();
  model.detach('connecting to the session…');
  const server = await listenWebUI(model, options);
  let socket: net.Socket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  let resolveAttached: () => void = () => undefined;
  const attached = new Promise<void>((resolve) => (resolveAttached = resolve));

  const connect = (address: DashboardAddress): void => {
    connectDashboard(address).then(
      (s) => {
        if (closed) return void s.destroy();
        socket = s;
        model.reset();
        server.changed();
        resolveAttached();
        const apply = readEventLines(
          (event) => {
            if (model.apply(event)) server.changed();
          },
          () => undefined,
        );
        s.on('data', apply);
        s.on('error', () => s.destroy());
        s.on('close', () => {
          socket = undefined;
          if (closed) return;
          model.detach('the session ended; waiting for it to come back…');
          server.changed();
          later();
        });
      },
      () => later(),
    );
  };
  const later = (): void => {
    if (closed) return;
    retry = setTimeout(() => {
      let address: DashboardAddress;
      try {
        address = locate();
      } catch {
        return later();
      }
      connect(address);
    }, options.retryMs ?? 1000);
  };
  connect(first);

  return {
    url: server.url,
    attached,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.destroy();
      await server.close();
    },
  };
}
