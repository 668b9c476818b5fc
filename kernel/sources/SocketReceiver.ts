import * as net from 'node:net';
import { Receiver } from '../receiver/Receiver';
import { isSerialized } from '../receiver/RecordRun';
import { LineSplitter, type LineWarning } from './LineSplitter';

/**
 * Reads `\n`-separated UTF-8 lines from a TCP server (Spark's SocketReceiver with
 * bytesToLines). When the server closes the connection or cannot be reached, the
 * receiver restarts (after spark.streaming.receiverRestartDelay) and connects again.
 * While its buffer is full or over the rate limit it pauses the socket, so TCP flow
 * control slows the sender down and memory stays bounded.
 */
export class SocketReceiver extends Receiver<string> {
  private socket: net.Socket | undefined;

  constructor(readonly host: string, readonly port: number, private readonly maxLineBytes = 1024 * 1024) {
    super();
  }

  onStart(): void {
    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    const reported = new Set<LineWarning['kind']>();
    const splitter = new LineSplitter(this.maxLineBytes, (w) => {
      if (reported.has(w.kind)) return; // once per connection: a bad sender must not flood the log
      reported.add(w.kind);
      this.reportError(describe(w, this.host, this.port), new Error(w.kind));
    });
    let paused = false;
    socket.on('data', (chunk: Buffer) => {
      const runs = splitter.push(chunk);
      if (runs.length === 0) return;
      for (const run of runs) {
        if (isSerialized(run)) this.storeSerialized(run);
        else this.store(run as string[]);
      }
      if (paused || this.isWritable()) return;
      const writable = this.whenWritable();
      paused = true;
      socket.pause();
      void writable.then(() => {
        paused = false;
        if (this.socket === socket) socket.resume();
      });
    });
    socket.on('error', (error) => {
      if (this.socket === socket) this.restart(`Error connecting to ${this.host}:${this.port}`, error);
    });
    socket.on('end', () => {
      const last = splitter.flush();
      if (last.length > 0) this.store(last);
    });
    socket.on('close', (hadError) => {
      if (this.socket === socket && !hadError) this.restart(`Socket data stream from ${this.host}:${this.port} had no more data`);
    });
  }

  onStop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }
}

function describe(w: LineWarning, host: string, port: number): string {
  switch (w.kind) {
    case 'invalid-utf8':
      return `${host}:${port} sent bytes that are not UTF-8; they were decoded as U+FFFD (further ones on this connection are not reported)`;
    case 'line-too-long':
      return `${host}:${port} sent a line longer than ${w.maxLineBytes} bytes; it was split into records of at most that size (raise eddy.receiver.maxLineBytes for longer lines)`;
    default: {
      const unknown: never = w;
      return String(unknown);
    }
  }
}
