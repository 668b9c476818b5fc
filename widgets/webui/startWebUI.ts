import type { StreamingContext } from '../../kernel';
import { feedOf } from '../DashboardFeed';
import { WebUIModel } from './WebUIModel';
import { listenWebUI, type WebUIServerOptions } from './WebUIServer';

export interface WebUIHandle {
  /** The page's address; it carries `?token=` when one is needed (binding off loopback). */
  url: string;
  /** Show another context (the REPL's `:new` and `:restart`): open pages drop what they drew and follow it. */
  follow(ssc: StreamingContext): void;
  /** Number of pages connected. */
  clients(): number;
  close(): Promise<void>;
}

/**
 * Serves the live web UI of `ssc`: what Spark's Streaming tab shows (input rate, scheduling,
 * processing and total delay with histograms, active and completed batches with their
 * output operations and inputs, receivers) plus the DStream graph, streams published with
 * `toUI(name)`, and backpressure's rate estimate against the actual rate.
 *
 * Binds 127.0.0.1 by default (port 4040, or the next free of 16 after it, as Spark's UI;
 * `port: 0` for any free one). Binding any other address needs a token: the one given, or
 * a generated one, carried by the returned `url` (print it once; it is the key to the UI).
 *
 * The page shows the context's history from the moment its dashboard feed started (the
 * REPL starts it with the context; otherwise now).
 *
 * @throws EddyError `io` when the port is taken or the address is not this machine's;
 *   `invalid-argument` for a malformed token.
 */
export async function startWebUI(ssc: StreamingContext, options: WebUIServerOptions = {}): Promise<WebUIHandle> {
  const model = new WebUIModel();
  const server = await listenWebUI(model, options);
  let unsubscribe: () => void = () => undefined;
  const show = (next: StreamingContext): void => {
    unsubscribe();
    model.reset();
    unsubscribe = feedOf(next).subscribe((event) => {
      if (model.apply(event)) server.changed();
    });
    server.changed();
  };
  show(ssc);
  return {
    url: server.url,
    follow: show,
    clients: () => server.clients(),
    async close() {
      unsubscribe();
      await server.close();
    },
  };
}
