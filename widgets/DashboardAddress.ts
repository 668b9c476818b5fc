import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EddyError } from '../kernel';

/** Where a session serves its dashboard events: a Unix domain socket, or a 127.0.0.1 TCP port (Windows). */
export type DashboardAddress = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/** What `session.json` holds: the newest session that serves a dashboard. */
export interface SessionFile {
  pid: number;
  appName: string;
  address: DashboardAddress;
}

/** `os.tmpdir()/eddy-<uid>`: private to the user (mode 0700). */
export function sessionDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `eddy-${uid}`);
}

export function sessionFilePath(dir = sessionDir()): string {
  return path.join(dir, 'session.json');
}

export function readSessionFile(file = sessionFilePath()): SessionFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new EddyError('io', `No Eddy session is serving a dashboard: ${file} does not exist.`, {
      hint: 'Start the REPL (npm start) in another terminal, or call startDashboardServer(ssc) in your program, then run eddy dash again.',
    });
  }
  return JSON.parse(text) as SessionFile;
}

/** Reads `unix:/path`, a path ending in `.sock`, `host:port` or a bare port number. */
export function parseDashboardAddress(text: string): DashboardAddress {
  if (text.startsWith('unix:')) return { kind: 'unix', path: text.slice(5) };
  if (text.includes('/') || text.includes('\\')) return { kind: 'unix', path: text };
  const m = /^(?:([\w.-]+):)?(\d{1,5})$/.exec(text);
  if (m && Number(m[2]) > 0 && Number(m[2]) < 65536) return { kind: 'tcp', host: m[1] ?? '127.0.0.1', port: Number(m[2]) };
  throw new EddyError('invalid-argument', `${JSON.stringify(text)} is not a dashboard address: expected unix:<path>, a socket path, host:port or a port.`, {
    hint: 'Run eddy dash with no argument to attach to the newest session, or pass the address its REPL printed.',
  });
}

export function formatDashboardAddress(a: DashboardAddress): string {
  return a.kind === 'unix' ? `unix:${a.path}` : `${a.host}:${a.port}`;
}
