import { EddyError, findSession, userRuntimeDirectory, type SessionEntry } from '../kernel';

/** Where a session serves its dashboard events: a Unix domain socket, or a 127.0.0.1 TCP port (Windows). */
export type DashboardAddress = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/**
 * The registry folder where sessions announce their dashboards (`$XDG_RUNTIME_DIR/eddy`, else
 * `<tmp>/eddy-<uid>`, checked to be private): see kernel/session/SessionRegistry.ts.
 */
export function sessionDir(): string {
  return userRuntimeDirectory();
}

/**
 * The dashboard of a running session: the one with `pid`, else the newest live one.
 * @throws EddyError('io') listing the live sessions when none matches.
 */
export function findDashboard(options: { pid?: number; dir?: string } = {}): { session: SessionEntry; address: DashboardAddress } {
  const session = findSession({ ...options, endpoint: 'dashboard' });
  return { session, address: session.endpoints.dashboard as DashboardAddress };
}

/** Reads `unix:/path`, a path ending in `.sock`, `host:port` or a bare port number. */
export function parseDashboardAddress(text: string): DashboardAddress {
  if (text.startsWith('unix:')) return { kind: 'unix', path: text.slice(5) };
  if (text.includes('/') || text.includes('\\')) return { kind: 'unix', path: text };
  const m = /^(?:([\w.-]+):)?(\d{1,5})$/.exec(text);
  if (m && Number(m[2]) > 0 && Number(m[2]) < 65536) return { kind: 'tcp', host: m[1] ?? '127.0.0.1', port: Number(m[2]) };
  throw new EddyError('invalid-argument', `${JSON.stringify(text)} is not a dashboard address: expected unix:<path>, a socket path, host:port or a port.`, {
    hint: 'Run eddy dash with no argument to attach to the newest session, eddy dash --list to see them, or pass the address its REPL printed.',
  });
}

export function formatDashboardAddress(a: DashboardAddress): string {
  return a.kind === 'unix' ? `unix:${a.path}` : `${a.host}:${a.port}`;
}
