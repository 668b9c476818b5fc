import { parentPort, workerData } from 'node:worker_threads';
import * as zmq from 'zeromq';
import type { ConnectionInfo } from './connectionFile';
import { endpoint } from './connectionFile';
import { makeMessage, MessageSigner, type JupyterMessage } from './wire';
import type { FromSockets, ToSockets, Channel } from './socketMessages';

/**
 * The kernel's ZeroMQ sockets, in a worker thread of their own. why: a cell that loops
 * forever blocks the main thread; heartbeat and the control channel's interrupt_request must
 * still be answered, so they never wait for it. Everything else is passed to the main thread.
 *
 *   shell, control, stdin: ROUTER    iopub: PUB    hb: REP (echo)
 */
const { connection, session } = workerData as { connection: ConnectionInfo; session: string };
const port = parentPort;
if (port === null) throw new Error('socketThread runs as a worker thread');
const signer = new MessageSigner(connection.key, connection.signature_scheme);

const sockets = {
  shell: new zmq.Router(),
  control: new zmq.Router(),
  stdin: new zmq.Router(),
  iopub: new zmq.Publisher(),
};
const heartbeat = new zmq.Reply();

// zeromq allows one send at a time per socket, so each socket's sends are chained.
const sending = new Map<Channel, Promise<void>>();
function send(channel: Channel, frames: Buffer[]): void {
  const previous = sending.get(channel) ?? Promise.resolve();
  const next = previous.then(() => sockets[channel].send(frames)).catch((error: unknown) => post({ kind: 'log', text: `eddy kernel: sending on ${channel} failed: ${String(error)}\n` }));
  sending.set(channel, next);
}

function post(message: FromSockets): void {
  port?.postMessage(message);
}

function publishStatus(state: 'busy' | 'idle', parent: JupyterMessage): void {
  const status = makeMessage(session, 'status', { execution_state: state }, parent.header);
  send('iopub', signer.encode(status, [Buffer.from('kernel.status')]));
}

async function serve(channel: 'shell' | 'control' | 'stdin'): Promise<void> {
  for await (const frames of sockets[channel]) {
    let decoded;
    try {
      decoded = signer.decode(frames as Buffer[]);
    } catch (error) {
      post({ kind: 'log', text: `eddy kernel: dropped a message on ${channel}: ${(error as Error).message}\n` });
      continue;
    }
    const { identities, message } = decoded;
    if (channel === 'control' && message.header.msg_type === 'interrupt_request') {
      // Answered here, even while the main thread runs a cell: SIGINT to this process stops
      // a synchronous cell (vm breakOnSigint) and reaches the main thread's handler otherwise.
      publishStatus('busy', message);
      process.kill(process.pid, 'SIGINT');
      send('control', signer.encode(makeMessage(session, 'interrupt_reply', { status: 'ok' }, message.header), identities));
      publishStatus('idle', message);
      continue;
    }
    post({ kind: 'request', channel, identities, message });
  }
}

async function echo(): Promise<void> {
  for await (const frames of heartbeat) await heartbeat.send(frames);
}

async function start(): Promise<void> {
  await Promise.all([
    sockets.shell.bind(endpoint(connection, connection.shell_port)),
    sockets.control.bind(endpoint(connection, connection.control_port)),
    sockets.stdin.bind(endpoint(connection, connection.stdin_port)),
    sockets.iopub.bind(endpoint(connection, connection.iopub_port)),
    heartbeat.bind(endpoint(connection, connection.hb_port)),
  ]);
  for (const channel of ['shell', 'control', 'stdin'] as const) void serve(channel).catch(() => undefined);
  void echo().catch(() => undefined);
  post({ kind: 'ready' });
}

port.on('message', (m: ToSockets) => {
  if (m.kind === 'send') {
    const identities = m.identities.map((i) => Buffer.from(i));
    const message: JupyterMessage = { ...m.message, buffers: m.message.buffers.map((b) => Buffer.from(b)) };
    send(m.channel, signer.encode(message, m.channel === 'iopub' ? [Buffer.from(`kernel.${message.header.msg_type}`)] : identities));
  } else if (m.kind === 'close') {
    void Promise.all([...sending.values()]).finally(() => {
      for (const s of [...Object.values(sockets), heartbeat]) s.close();
      post({ kind: 'closed' });
    });
  }
});

start().catch((error: unknown) => post({ kind: 'fatal', text: `eddy kernel: cannot bind the sockets of the connection file: ${String(error)}\n` }));
