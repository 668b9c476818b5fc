import { ReceiverInputDStream } from '../dstream/ReceiverInputDStream';
import { invalidArgument } from '../errors/EddyError';
import { StreamingContext } from '../streaming/StreamingContext';
import { Receiver } from './Receiver';

/** The stream of a user's own receiver (Spark's PluggableInputDStream). */
export class PluggableInputDStream<T> extends ReceiverInputDStream<T> {
  constructor(ssc: StreamingContext, private readonly receiver: Receiver<T>) {
    super(ssc, 'receiverStream');
  }

  getReceiver(): Receiver<T> {
    return this.receiver;
  }
}

declare module '../streaming/StreamingContext' {
  interface StreamingContext {
    /** A stream fed by your own Receiver: see Receiver for onStart/onStop/store. */
    receiverStream<T>(receiver: Receiver<T>): ReceiverInputDStream<T>;
  }
}

StreamingContext.prototype.receiverStream = function receiverStream<T>(this: StreamingContext, receiver: Receiver<T>): ReceiverInputDStream<T> {
  if (!(receiver instanceof Receiver)) {
    throw invalidArgument(
      `receiverStream needs a Receiver, got ${receiver === null ? 'null' : typeof receiver}.`,
      'Pass an instance of a class that extends Receiver: ssc.receiverStream(new MyReceiver()).',
    );
  }
  return new PluggableInputDStream<T>(this, receiver);
};
