import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConnectionInfo } from './connectionFile';
import type { Channel, FromSockets, ToSockets } from './socketMessages';
import { makeMessage, type Envelope, type JupyterMessage, type MessageHeader } from './wire';

/** A request as the main thread receives it: the message, its channel, and whom to answer. */
export interface KernelRequest extends Envelope {
  channel: 'shell' | 'control' | 'stdin';
}

const TS_CACHE = path.resolve(__dirname, '..', 'bin', 'tsCache.js');
const SOCKET_THREAD = path.join(__dirname, 'socketThread.ts');

/**
 * The main thread's side of the kernel's sockets: starts the socket thread, hands each
 * request to `onRequest`, and sends replies and iopub messages through it.
 */
export class KernelChannels {
  readonly session: string;
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private closed: Promise<void> | undefined;

  constructor(connection: ConnectionInfo, session: string, onRequest: (request: KernelRequest) => void, log: (text: string) => void) {
    this.session = session;
    // why: the worker loads TypeScript the way the bin does (the cache), or through ts-node when that is already registered (tests)
    const boot = `require(${JSON.stringify(TS_CACHE)}).install(); require(${JSON.stringify(SOCKET_THREAD)});`;
    this.worker = new Worker(boot, { eval: true, workerData: { connection, session } });
    let resolveReady: () => void = () => undefined;
    let rejectReady: (e: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    this.worker.on('message', (m: FromSockets) => {
      if (m.kind === 'ready') resolveReady();
      else if (m.kind === 'fatal') rejectReady(new Error(m.text));
      else if (m.kind === 'log') log(m.text);
      else if (m.kind === 'request') {
        const message: JupyterMessage = { ...m.message, buffers: m.message.buffers.map((b) => Buffer.from(b)) };
        onRequest({ channel: m.channel, identities: m.identities.map((i) => Buffer.from(i)), message });
      }
    });
    this.worker.on('error', (error) => {
      rejectReady(error);
      log(`eddy kernel: the socket thread failed: ${error.message}\n`);
    });
  }

  /** Resolves once every socket is bound. */
  started(): Promise<void> {
    return this.ready;
  }

  /** Sends `msgType` on `channel` in reply to `request`. */
  reply(request: KernelRequest, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    this.post({ kind: 'send', channel: request.channel, identities: request.identities, message: makeMessage(this.session, msgType, content, request.message.header, metadata) });
  }

  /** Publishes on iopub, caused by `parent` (an empty header when nothing caused it). */
  publish(msgType: string, content: Record<string, unknown>, parent: MessageHeader | Record<string, never> = {}, metadata: Record<string, unknown> = {}): void {
    this.post({ kind: 'send', channel: 'iopub', identities: [], message: makeMessage(this.session, msgType, content, parent, metadata) });
  }

  /** Flushes what was sent, closes the sockets and ends the thread. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      const done = (): void => {
        void this.worker.terminate().finally(resolve);
      };
      this.worker.on('message', (m: FromSockets) => m.kind === 'closed' && done());
      this.worker.on('exit', () => resolve());
      this.post({ kind: 'close' });
      setTimeout(done, 2000).unref();
    });
    return this.closed;
  }

  private post(message: ToSockets): void {
    this.worker.postMessage(message);
  }
}

export type { Channel };
