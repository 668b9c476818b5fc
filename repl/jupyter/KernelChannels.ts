import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as zmq from 'zeromq';
import { endpoint, type ConnectionInfo } from './connectionFile';
import type { FromControl, ToControl } from './socketMessages';
import { makeMessage, MessageSigner, type Envelope, type JupyterMessage, type MessageHeader } from './wire';

/** A request as the kernel receives it: the message, its channel, and whom to answer. */
export interface KernelRequest extends Envelope {
  channel: 'shell' | 'control' | 'stdin';
}

const TS_CACHE = path.resolve(__dirname, '..', 'bin', 'tsCache.js');
const CONTROL_THREAD = path.join(__dirname, 'controlThread.ts');

type Sendable = zmq.Router | zmq.Publisher;

/**
 * The kernel's five sockets. Shell, stdin (ROUTER) and iopub (PUB) live on the main
 * thread, so an execute round trip crosses no thread; control and heartbeat live in the
 * control thread, which answers while a cell blocks this one.
 */
export class KernelChannels {
  readonly session: string;
  private readonly signer: MessageSigner;
  private readonly shell = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly control: Worker;
  private readonly controlReady: Promise<void>;
  private readonly sending = new Map<Sendable, Promise<void>>();
  private closed: Promise<void> | undefined;

  constructor(
    private readonly connection: ConnectionInfo,
    session: string,
    private readonly onRequest: (request: KernelRequest) => void,
    private readonly log: (text: string) => void,
  ) {
    this.session = session;
    this.signer = new MessageSigner(connection.key, connection.signature_scheme);
    // why: the thread loads TypeScript the way the bin does (the cache), or through ts-node when that is already registered (tests)
    const boot = `require(${JSON.stringify(TS_CACHE)}).install(); require(${JSON.stringify(CONTROL_THREAD)});`;
    this.control = new Worker(boot, { eval: true, workerData: { connection, session } });
    this.controlReady = new Promise<void>((resolve, reject) => {
      this.control.on('message', (m: FromControl) => {
        if (m.kind === 'ready') resolve();
        else if (m.kind === 'fatal') reject(new Error(m.text));
        else if (m.kind === 'log') log(m.text);
        else if (m.kind === 'interrupted') {
          this.publish('status', { execution_state: 'busy' }, m.message.header);
          this.publish('status', { execution_state: 'idle' }, m.message.header);
        } else if (m.kind === 'request') {
          const message: JupyterMessage = { ...m.message, buffers: m.message.buffers.map((b) => Buffer.from(b)) };
          onRequest({ channel: 'control', identities: m.identities.map((i) => Buffer.from(i)), message });
        }
      });
      this.control.on('error', (error) => {
        reject(error);
        log(`eddy kernel: the control thread failed: ${error.message}\n`);
      });
    });
  }

  /** Binds every socket; resolves when all five are listening. */
  async start(): Promise<void> {
    const c = this.connection;
    await Promise.all([this.shell.bind(endpoint(c, c.shell_port)), this.stdin.bind(endpoint(c, c.stdin_port)), this.iopub.bind(endpoint(c, c.iopub_port)), this.controlReady]);
    void this.serve(this.shell, 'shell').catch(() => undefined);
    void this.serve(this.stdin, 'stdin').catch(() => undefined);
  }

  /** Sends `msgType` on the request's channel in reply to it. */
  reply(request: KernelRequest, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    const message = makeMessage(this.session, msgType, content, request.message.header, metadata);
    if (request.channel === 'control') this.toControl({ kind: 'send', identities: request.identities, message });
    else this.send(request.channel === 'shell' ? this.shell : this.stdin, this.signer.encode(message, request.identities));
  }

  /** Publishes on iopub, caused by `parent` (an empty header when nothing caused it). */
  publish(msgType: string, content: Record<string, unknown>, parent: MessageHeader | Record<string, never> = {}, metadata: Record<string, unknown> = {}): void {
    const message = makeMessage(this.session, msgType, content, parent, metadata);
    this.send(this.iopub, this.signer.encode(message, [Buffer.from(`kernel.${this.session}.${msgType}`)]));
  }

  /**
   * Resolves once everything sent so far is in libzmq's hands; its own I/O thread then
   * delivers it even while a cell blocks this thread.
   */
  async flushed(): Promise<void> {
    await Promise.all([...this.sending.values()]);
  }

  /** Flushes what was sent, closes the sockets and ends the control thread. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.all([...this.sending.values()]);
      await new Promise<void>((resolve) => {
        this.control.on('message', (m: FromControl) => m.kind === 'closed' && resolve());
        this.control.on('exit', () => resolve());
        this.toControl({ kind: 'close' });
        setTimeout(resolve, 2000).unref();
      });
      await this.control.terminate();
      for (const s of [this.shell, this.stdin, this.iopub]) s.close();
    })();
    return this.closed;
  }

  private async serve(socket: zmq.Router, channel: 'shell' | 'stdin'): Promise<void> {
    for await (const frames of socket) {
      try {
        const { identities, message } = this.signer.decode(frames as Buffer[]);
        this.onRequest({ channel, identities, message });
      } catch (error) {
        this.log(`eddy kernel: dropped a message on ${channel}: ${(error as Error).message}\n`);
      }
    }
  }

  // zeromq allows one send at a time per socket, so each socket's sends are chained
  private send(socket: Sendable, frames: Buffer[]): void {
    const next = (this.sending.get(socket) ?? Promise.resolve()).then(() => socket.send(frames)).catch((error: unknown) => this.log(`eddy kernel: a send failed: ${String(error)}\n`));
    this.sending.set(socket, next);
  }

  private toControl(message: ToControl): void {
    this.control.postMessage(message);
  }
}
