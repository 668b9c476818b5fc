import { parentPort, workerData } from 'node:worker_threads';
import * as zmq from 'zeromq';
import { endpoint, type ConnectionInfo } from './connectionFile';
import type { FromControl, ToControl } from './socketMessages';
import { makeMessage, MessageSigner, type JupyterMessage } from './wire';

/**
 * The control and heartbeat sockets, in a worker thread of their own. why: a cell that
 * loops forever blocks the main thread, and the heartbeat and interrupt_request must still
 * be answered. An interrupt is answered here: SIGINT to this process stops a synchronous
 * cell (vm's breakOnSigint) and reaches the main thread's handler otherwise, exactly as
 * an interrupt sent as a signal does. Other control requests go to the main thread.
 *
 *   control: ROUTER    hb: REP (echoes every message)
 */
const { connection, session } = workerData as { connection: ConnectionInfo; session: string };
const port = parentPort;
if (port === null) throw new Error('controlThread runs as a worker thread');
const signer = new MessageSigner(connection.key, connection.signature_scheme);
const control = new zmq.Router();
const heartbeat = new zmq.Reply();

// zeromq allows one send at a time per socket
let sending: Promise<void> = Promise.resolve();
function send(frames: Buffer[]): void {
  sending = sending.then(() => control.send(frames)).catch((error: unknown) => post({ kind: 'log', text: `eddy kernel: sending on control failed: ${String(error)}\n` }));
}

function post(message: FromControl): void {
  port?.postMessage(message);
}

async function serve(): Promise<void> {
  for await (const frames of control) {
    let decoded;
    try {
      decoded = signer.decode(frames as Buffer[]);
    } catch (error) {
      post({ kind: 'log', text: `eddy kernel: dropped a message on control: ${(error as Error).message}\n` });
      continue;
    }
    const { identities, message } = decoded;
    if (message.header.msg_type === 'interrupt_request') {
      process.kill(process.pid, 'SIGINT');
      send(signer.encode(makeMessage(session, 'interrupt_reply', { status: 'ok' }, message.header), identities));
      post({ kind: 'interrupted', message });
    } else post({ kind: 'request', identities, message });
  }
}

async function echo(): Promise<void> {
  for await (const frames of heartbeat) await heartbeat.send(frames);
}

async function start(): Promise<void> {
  await Promise.all([control.bind(endpoint(connection, connection.control_port)), heartbeat.bind(endpoint(connection, connection.hb_port))]);
  void serve().catch(() => undefined);
  void echo().catch(() => undefined);
  post({ kind: 'ready' });
}

port.on('message', (m: ToControl) => {
  if (m.kind === 'send') {
    const message: JupyterMessage = { ...m.message, buffers: m.message.buffers.map((b) => Buffer.from(b)) };
    send(signer.encode(message, m.identities.map((i) => Buffer.from(i))));
  } else if (m.kind === 'close') {
    void sending.finally(() => {
      control.close();
      heartbeat.close();
      post({ kind: 'closed' });
    });
  }
});

start().catch((error: unknown) => post({ kind: 'fatal', text: `eddy kernel: cannot bind the control and heartbeat ports: ${String(error)}\n` }));
