import { ReceiverInputDStream } from '../dstream/ReceiverInputDStream';
import { invalidArgument } from '../errors/EddyError';
import type { Receiver } from '../receiver/Receiver';
import { StreamingContext } from '../streaming/StreamingContext';
import { ZeroMQReceiver, type ZeroMQRecord } from './ZeroMQReceiver';

/** Messages of a ZeroMQ publisher, one record per message (its frames after the topic). */
export class ZeroMQInputDStream extends ReceiverInputDStream<ZeroMQRecord> {
  constructor(
    ssc: StreamingContext,
    readonly url: string,
    readonly topics: readonly string[],
  ) {
    super(ssc, 'zeroMQStream');
  }

  getReceiver(): Receiver<ZeroMQRecord> {
    return new ZeroMQReceiver(this.url, this.topics);
  }
}

declare module '../streaming/StreamingContext' {
  interface StreamingContext {
    /**
     * Subscribes to a ZeroMQ PUB socket at `url` (e.g. `tcp://127.0.0.1:5555`) for messages
     * whose topic frame starts with one of `topics` (all messages when empty). Each record
     * is the message's frames after the topic: a string for one frame, else a string[].
     */
    zeroMQStream(url: string, topics: string | readonly string[]): ReceiverInputDStream<ZeroMQRecord>;
  }
}

StreamingContext.prototype.zeroMQStream = function zeroMQStream(
  this: StreamingContext,
  url: string,
  topics: string | readonly string[],
): ReceiverInputDStream<ZeroMQRecord> {
  if (typeof url !== 'string' || !/^(tcp|ipc|inproc|pgm|epgm):\/\//.test(url)) {
    throw invalidArgument(`zeroMQStream needs a ZeroMQ endpoint such as tcp://host:port, got ${JSON.stringify(url)}.`, "For example ssc.zeroMQStream('tcp://127.0.0.1:5555', ['prices']).");
  }
  const list = typeof topics === 'string' ? [topics] : Array.isArray(topics) ? [...topics] : undefined;
  if (list === undefined || list.some((t) => typeof t !== 'string')) {
    throw invalidArgument(`zeroMQStream: topics must be a string or an array of strings, got ${JSON.stringify(topics)}.`, "Pass [] to receive every topic.");
  }
  return new ZeroMQInputDStream(this, url, list);
};
