import * as net from 'node:net';
import { EddyError, type Clock } from '../kernel';
import { type DashboardAddress, findDashboard, formatDashboardAddress, parseDashboardAddress } from './DashboardAddress';
import type { DashboardEvent } from './DashboardEvent';
import { readEventLines } from './readEventLines';
import { runDashboard, type DashboardTerminal } from './runDashboard';

export interface AttachOptions extends Partial<DashboardTerminal> {
  clock?: Clock;
}

/** Connects to a dashboard server; rejects with a clear error when nobody listens there. */
export function connectDashboard(address: DashboardAddress): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = address.kind === 'unix' ? net.createConnection(address.path) : net.createConnection(address.port, address.host);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new EddyError('io', `Cannot attach to the dashboard at ${formatDashboardAddress(address)}: ${error.code ?? error.message}.`, {
          hint: 'The session may have ended; start the REPL (npm start) and run eddy dash again.',
          cause: error,
        }),
      );
    });
  });
}

/**
 * `eddy dash`: attaches to a running session's dashboard server (the newest live one in the
 * session registry when no address is given) and shows its dashboard on this terminal
 * until q, Esc or Ctrl-C. When the session ends the last figures stay on screen.
 */
export async function attachDashboard(address?: DashboardAddress | string, options: AttachOptions = {}): Promise<void> {
  const target = address === undefined ? findDashboard().address : typeof address === 'string' ? parseDashboardAddress(address) : address;
  const socket = await connectDashboard(target);
  const handle = runDashboard({
    input: options.input ?? process.stdin,
    output: options.output ?? process.stdout,
    clock: options.clock,
    subscribe(apply) {
      const bad = (line: string): void => apply({ type: 'dash.log', payload: { level: 'err', text: `not a dashboard event: ${line.slice(0, 80)}` } });
      socket.on('data', readEventLines((event: DashboardEvent) => apply(event), bad));
      let ended = false;
      const end = (reason: string): void => {
        if (ended) return;
        ended = true;
        apply({ type: 'dash.closed', payload: { reason } });
      };
      socket.on('error', (error) => end(error.message));
      socket.on('close', () => end('the session ended'));
      return () => {
        ended = true;
        socket.destroy();
      };
    },
  });
  await handle.closed;
}
