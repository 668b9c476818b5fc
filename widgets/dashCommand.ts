import { EddyError, describeSession, listSessions } from '../kernel';
import { attachDashboard } from './attachDashboard';
import { findDashboard } from './DashboardAddress';

export const DASH_USAGE = `Usage: eddy dash [--list | --pid N | ADDRESS]
  Attach the terminal dashboard to a running Eddy session (q, Esc or Ctrl-C to leave).
  (no argument)  the newest live session of yours
  --list         list your live sessions (pid, app, endpoints, start time) and exit
  --pid N        the session of process N
  ADDRESS        unix:<path>, a socket path, host:port or a port`;

/**
 * `eddy dash [--list | --pid N | ADDRESS]`; resolves to the process exit code.
 * Sessions are found in the session registry (kernel/session/SessionRegistry.ts).
 */
export async function dashCommand(args: string[], write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const [first, second] = args;
  if (first === '--help' || first === '-h') {
    write(DASH_USAGE + '\n');
    return 0;
  }
  if (first === '--list') {
    const sessions = listSessions({ endpoint: 'dashboard' });
    write(sessions.length === 0 ? 'No Eddy session is serving a dashboard.\n' : sessions.map((s) => describeSession(s) + '\n').join(''));
    return 0;
  }
  if (first === '--pid') {
    const pid = Number(second);
    if (!Number.isInteger(pid) || pid <= 0) throw new EddyError('invalid-argument', `--pid takes a process id, got ${JSON.stringify(second)}.`, { hint: 'eddy dash --list shows the running sessions.' });
    await attachDashboard(findDashboard({ pid }).address);
    return 0;
  }
  await attachDashboard(first);
  return 0;
}
