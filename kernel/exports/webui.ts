// The package root's door to the web UI (API.md: `import { startWebUI } from 'eddy'`).
// why a lazy require: the web UI is a front (widgets/webui), listening to the kernel like
// the dashboards; nothing in the kernel uses it, and it is loaded only when called.
import * as path from 'node:path';
import type { StreamingContext } from '../streaming/StreamingContext';

export interface WebUIOptions {
  /** Address to bind (default 127.0.0.1). Any other address needs a token, generated when not given. */
  host?: string;
  /** Port (default 4040, or the next free of 16 after it, as Spark's UI; 0 for any free port). */
  port?: number;
  /** The token the page and its WebSocket must carry (16+ URL-safe characters). */
  token?: string;
}

export interface WebUI {
  /** The page's address; carries `?token=` when one is needed. */
  url: string;
  /** Show another context (after `ssc.stop(false)` and a new one): open pages follow it. */
  follow(ssc: StreamingContext): void;
  close(): Promise<void>;
}

/**
 * Serves the live web UI of `ssc` (widgets/webui/startWebUI.ts has the full description):
 * Spark's Streaming tab, the DStream graph, `toUI` streams and backpressure's rates.
 * @throws EddyError `io` when the port is taken; `invalid-argument` for a malformed token.
 */
export function startWebUI(ssc: StreamingContext, options: WebUIOptions = {}): Promise<WebUI> {
  const front = require(path.join(__dirname, '..', '..', 'widgets', 'webui', 'startWebUI')) as {
    startWebUI(ssc: StreamingContext, options: WebUIOptions): Promise<WebUI>;
  };
  return front.startWebUI(ssc, options);
}
