import * as path from 'node:path';
import { EddyError, announceEndpoint, type StreamingContext } from '../kernel';
import type { Session } from '../kernel/session/Session';
import type { CommandHost } from './commands';

/** What `:ui` needs of widgets/webui (loaded only when used). */
interface WebUIModule {
  startWebUI(ssc: StreamingContext, options: { port?: number }): Promise<{ url: string; follow(ssc: StreamingContext): void; close(): Promise<void> }>;
}

const WEBUI = path.resolve(__dirname, '..', 'widgets', 'webui', 'startWebUI');

interface Running {
  url: string;
  port: string | undefined;
  stop(): Promise<void>;
}

const running = new WeakMap<Session, Running>();

/**
 * `:ui [port]` serves the session's web UI on 127.0.0.1 (port 4040 or the next free one by
 * default) and prints its URL; it follows `:new` and `:restart`, and the session registry
 * lists it (`eddy dash --list`). Again with no port, it prints the URL; with another port it
 * moves there; `:ui off` stops it.
 */
export async function ui(args: string[], r: CommandHost): Promise<void> {
  const session = r.session;
  const current = running.get(session);
  const arg = args[0];
  if (arg === 'off') {
    if (current === undefined) return r.print('The web UI is not running (:ui starts it).');
    running.delete(session);
    await current.stop();
    return r.print('Web UI stopped.');
  }
  if (arg !== undefined && !/^\d{1,5}$/.test(arg)) {
    throw new EddyError('invalid-argument', `:ui takes a port number or off, got "${arg}".`, { hint: 'For example :ui, :ui 4050, or :ui off.' });
  }
  if (current !== undefined && (arg === undefined || arg === current.port)) return r.print(`Web UI: ${current.url}`);
  if (current !== undefined) {
    running.delete(session);
    await current.stop();
  }
  const { startWebUI } = require(WEBUI) as WebUIModule;
  const handle = await startWebUI(session.ssc, { port: arg === undefined ? undefined : Number(arg) });
  const unfollow = session.onChange(() => handle.follow(session.ssc));
  const announcement = announceEndpoint('ui', { kind: 'url', url: handle.url }, { appName: session.sc.appName });
  running.set(session, {
    url: handle.url,
    port: arg,
    async stop() {
      unfollow();
      announcement.withdraw();
      await handle.close();
    },
  });
  r.print(`Web UI: ${handle.url}  (it follows :new and :restart; :ui off stops it)`);
}
