import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import type { BenchCase } from '../BenchCase';
import { makeMessage, MessageSigner } from '../../repl/jupyter/wire';

const ROOT = path.resolve(__dirname, '..', '..');
const WARMUP = 30;
const RUNS = 300;
/** The baseline: a trivial execute round trip of 20 ms. */
const BASELINE_MS = 20;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * kernel-execute: milliseconds from sending a trivial `execute_request` (`1 + 1`) on the
 * shell socket until its `execute_reply` arrives, through the real ZeroMQ sockets of a
 * kernel started as Jupyter starts it (`eddy kernel run <connection file>`); signed
 * messages both ways. The median of 300 after 30 warm-up runs. Notes: the 90th
 * percentile, and the time until iopub's `idle` for the same request.
 */
const kernelExecute: BenchCase = {
  name: 'kernel-execute',
  unit: 'ms',
  higherIsBetter: false,
  target: 2,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-bench-kernel-'));
    const [shellPort, iopubPort, stdinPort, controlPort, hbPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const key = randomUUID();
    const connection = { transport: 'tcp', ip: '127.0.0.1', shell_port: shellPort, iopub_port: iopubPort, stdin_port: stdinPort, control_port: controlPort, hb_port: hbPort, key, signature_scheme: 'hmac-sha256' };
    const file = path.join(dir, 'kernel.json');
    fs.writeFileSync(file, JSON.stringify(connection));
    const child = spawn(process.execPath, [path.join(ROOT, 'repl', 'bin', 'eddy.js'), 'kernel', 'run', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    const signer = new MessageSigner(key);
    const session = randomUUID();
    const shell = new zmq.Dealer();
    const iopub = new zmq.Subscriber();
    const idle = new Map<string, () => void>();
    const replied = new Map<string, () => void>();
    try {
      shell.connect(`tcp://127.0.0.1:${shellPort}`);
      iopub.connect(`tcp://127.0.0.1:${iopubPort}`);
      iopub.subscribe();
      void (async () => {
        for await (const frames of iopub) {
          const { message } = signer.decode(frames as Buffer[]);
          if (message.header.msg_type === 'status' && message.content.execution_state === 'idle') idle.get((message.parent_header as { msg_id?: string }).msg_id ?? '')?.();
        }
      })().catch(() => undefined);
      void (async () => {
        for await (const frames of shell) {
          const { message } = signer.decode(frames as Buffer[]);
          replied.get((message.parent_header as { msg_id?: string }).msg_id ?? '')?.();
        }
      })().catch(() => undefined);
      const request = async (type: string, content: Record<string, unknown>): Promise<{ reply: number; idle: number }> => {
        const msg = makeMessage(session, type, content);
        const start = process.hrtime.bigint();
        const idleSeen = new Promise<number>((resolve) => idle.set(msg.header.msg_id, () => resolve(Number(process.hrtime.bigint() - start) / 1e6)));
        const replySeen = new Promise<number>((resolve) => replied.set(msg.header.msg_id, () => resolve(Number(process.hrtime.bigint() - start) / 1e6)));
        await shell.send(signer.encode(msg));
        const reply = await replySeen;
        replied.delete(msg.header.msg_id);
        const idleMs = await idleSeen;
        idle.delete(msg.header.msg_id);
        return { reply, idle: idleMs };
      };
      // the kernel is up when it answers kernel_info (the slow joiner of PUB/SUB is past by then)
      for (let i = 0; i < 600; i++) {
        const ok = await Promise.race([request('kernel_info_request', {}).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
        if (ok) break;
      }
      for (let i = 0; i < WARMUP; i++) await request('execute_request', { code: '1 + 1', silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
      const replies: number[] = [];
      const idles: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await request('execute_request', { code: '1 + 1', silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
        replies.push(r.reply);
        idles.push(r.idle);
      }
      replies.sort((a, b) => a - b);
      idles.sort((a, b) => a - b);
      return {
        eddy: replies[Math.floor(RUNS / 2)],
        baseline: BASELINE_MS,
        notes: { runs: RUNS, p90: round(replies[Math.floor(RUNS * 0.9)]), untilIdleMedian: round(idles[Math.floor(RUNS / 2)]) },
      };
    } finally {
      shell.close();
      iopub.close();
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export default kernelExecute;
