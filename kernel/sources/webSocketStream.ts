import { ReceiverInputDStream } from '../dstream/ReceiverInputDStream';
import { invalidArgument } from '../errors/EddyError';
import type { Receiver } from '../receiver/Receiver';
import { StreamingContext } from '../streaming/StreamingContext';
import { WebSocketReceiver } from './WebSocketReceiver';

/** Text frames from a WebSocket server, one record per frame. */
export class WebSocketInputDStream extends ReceiverInputDStream<string> {
  constructor(ssc: StreamingContext, readonly url: string) {
    super(ssc, 'webSocketStream');
  }

  getReceiver(): Receiver<string> {
    return new WebSocketReceiver(this.url);
  }
}

declare module '../streaming/StreamingContext' {
  interface StreamingContext {
    /** Text frames from a `ws://` or `wss://` URL; reconnects when the connection closes. */
    webSocketStream(url: string): ReceiverInputDStream<string>;
  }
}

StreamingContext.prototype.webSocketStream = function webSocketStream(this: StreamingContext, url: string): ReceiverInputDStream<string> {
  if (typeof url !== 'string' || !/^wss?:\/\//.test(url)) {
    throw invalidArgument(`webSocketStream needs a ws:// or wss:// URL, got ${JSON.stringify(url)}.`, "For example ssc.webSocketStream('ws://localhost:8080/feed').");
  }
  return new WebSocketInputDStream(this, url);
};
