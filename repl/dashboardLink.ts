import * as path from 'node:path';
import type { DStream, StreamingContext } from '../kernel';
import type { Session } from '../kernel/session/Session';

const WIDGETS = path.resolve(__dirname, '..', 'widgets');

interface ServerModule {
  startDashboardServer(ssc: StreamingContext): Promise<{ follow(ssc: StreamingContext): void; close(): Promise<void>; clients(): number }>;
}

/** The session's dashboard server, once started: one per REPL process. */
let linked: { clients(): number } | undefined;

/** How many viewers (`eddy dash`, `eddy ui`) are attached from other terminals; undefined when no server runs. */
export function attachedViewers(): number | undefined {
  return linked?.clients();
}

interface TapModule {
  outputTap(stream: DStream<unknown>, options?: { k?: number; label?: string }): unknown;
}

/**
 * Links the session to widgets/ without loading blessed at start: a dashboard server so that
 * `eddy dash` in another terminal can attach (it follows each new `ssc`), and its event feed,
 * so `:dash` opens with the batches already run. Returns a function that closes the server.
 */
export function linkDashboard(session: Session, warn: (text: string) => void): () => Promise<void> {
  let close: () => Promise<void> = async () => {};
  try {
    const { startDashboardServer } = require(path.join(WIDGETS, 'startDashboardServer')) as ServerModule;
    const started = startDashboardServer(session.ssc).then((server) => {
      session.onChange(() => server.follow(session.ssc));
      linked = server;
      close = () => {
        linked = undefined;
        return server.close();
      };
      return server;
    });
    started.catch((error: Error) => warn(`The dashboard server did not start (eddy dash cannot attach): ${error.message}\n`));
  } catch (error) {
    warn(`The dashboard server could not be loaded: ${(error as Error).message}\n`);
  }
  return () => close();
}

/** `outputTap(stream, { k })` at the prompt: the dashboard's view of a stream's latest batch (set it up before ssc.start()). */
export function outputTap(stream: DStream<unknown>, options?: { k?: number; label?: string }): unknown {
  return (require(path.join(WIDGETS, 'outputTap')) as TapModule).outputTap(stream, options);
}
