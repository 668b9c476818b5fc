import WebSocket from 'ws';
import { Receiver } from '../receiver/Receiver';

/**
 * Text frames of a WebSocket, one record per frame (binary frames are reported and
 * skipped). Reconnects, through a receiver restart, whenever the connection closes or
 * fails. Pauses the socket while the receiver's buffer is full.
 */
export class WebSocketReceiver extends Receiver<string> {
  private ws: WebSocket | undefined;
  private warnedBinary = false;

  constructor(readonly url: string) {
    super();
  }

  onStart(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    let paused = false;
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) {
        if (!this.warnedBinary) {
          this.warnedBinary = true;
          this.reportError(`${this.url} sent a binary frame; webSocketStream takes text frames only, so binary ones are skipped`, new Error('binary frame'));
        }
        return;
      }
      this.store(data.toString());
      if (paused || this.isWritable()) return;
      paused = true;
      ws.pause();
      void this.whenWritable().then(() => {
        paused = false;
        if (this.ws === ws) ws.resume();
      });
    });
    ws.on('error', (error: Error) => {
      if (this.ws === ws) this.restart(`WebSocket error on ${this.url}`, error);
    });
    ws.on('close', (code: number) => {
      if (this.ws === ws) this.restart(`WebSocket ${this.url} closed (code ${code})`);
    });
  }

  onStop(): void {
    const ws = this.ws;
    this.ws = undefined;
    ws?.terminate();
  }
}
