import { ReceiverInputDStream } from '../dstream/ReceiverInputDStream';
import { invalidArgument } from '../errors/EddyError';
import type { Receiver } from '../receiver/Receiver';
import { StreamingContext } from '../streaming/StreamingContext';
import { SocketReceiver } from './SocketReceiver';

/** Lines from a TCP server, one record per line (Spark's SocketInputDStream). */
export class SocketInputDStream extends ReceiverInputDStream<string> {
  constructor(ssc: StreamingContext, readonly host: string, readonly port: number) {
    super(ssc, 'socketTextStream');
  }

  getReceiver(): Receiver<string> {
    return new SocketReceiver(this.host, this.port, this.ssc.conf.getNumber('eddy.receiver.maxLineBytes', 1024 * 1024));
  }
}

declare module '../streaming/StreamingContext' {
  interface StreamingContext {
    /** `\n`-separated UTF-8 lines from host:port; reconnects when the server goes away. */
    socketTextStream(host: string, port: number): ReceiverInputDStream<string>;
  }
}

StreamingContext.prototype.socketTextStream = function socketTextStream(this: StreamingContext, host: string, port: number): ReceiverInputDStream<string> {
  if (typeof host !== 'string' || host.length === 0) {
    throw invalidArgument(`socketTextStream needs a host name, got ${JSON.stringify(host)}.`, "For example ssc.socketTextStream('localhost', 9999).");
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidArgument(`socketTextStream needs a TCP port from 1 to 65535, got ${port}.`, "For example ssc.socketTextStream('localhost', 9999).");
  }
  return new SocketInputDStream(this, host, port);
};
