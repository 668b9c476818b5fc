import * as zmq from 'zeromq';
import { Receiver } from '../receiver/Receiver';

/** A ZeroMQ message without its topic frame: one frame as a string, any other number of frames as an array of strings. */
export type ZeroMQRecord = string | string[];

/**
 * Subscribes to a ZeroMQ PUB socket (Spark's ZeroMQReceiver, from the old
 * spark-streaming-zeromq). The first frame of each message is its topic; the frames
 * after it become one record: a string when there is exactly one, else a string[]
 * (UTF-8). An empty topic list subscribes to everything. ZeroMQ reconnects by itself;
 * a socket error restarts the receiver. While the receiver's buffer is full, it stops
 * reading, and ZeroMQ's high-water mark drops further messages at the publisher, as PUB
 * sockets do.
 */
export class ZeroMQReceiver extends Receiver<ZeroMQRecord> {
  private socket: zmq.Subscriber | undefined;

  constructor(
    readonly url: string,
    readonly topics: readonly string[],
  ) {
    super();
  }

  onStart(): void {
    const socket = new zmq.Subscriber({ linger: 0 });
    this.socket = socket;
    socket.connect(this.url);
    if (this.topics.length === 0) socket.subscribe();
    else socket.subscribe(...this.topics);
    void this.read(socket);
  }

  onStop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  private async read(socket: zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket) {
        const rest = frames.slice(1).map((f) => f.toString('utf8'));
        // store() takes an array as several records: wrap it to keep it one.
        this.store(rest.length === 1 ? rest[0] : [rest]);
        if (!this.isWritable()) await this.whenWritable();
      }
    } catch (error) {
      if (this.socket === socket) this.restart(`ZeroMQ socket ${this.url} failed`, error instanceof Error ? error : new Error(String(error)));
    }
  }
}
