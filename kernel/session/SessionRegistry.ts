import * as fs from 'node:fs';
import * as path from 'node:path';
import { EddyError } from '../errors/EddyError';
import { isSameProcessAlive, processStartTime } from './processIdentity';
import { ensurePrivateDirectory, privacyProblem, readPrivateFile, userRuntimeDirectory, writePrivateFileAtomic } from './privateDirectory';

/**
 * Where a running session can be reached: a Unix domain socket, a 127.0.0.1 TCP port, or
 * a URL (the web UI, its token included; the entry file is readable by its owner only).
 */
export type SessionEndpoint = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number } | { kind: 'url'; url: string };

/** One running session (one process) as `listSessions` reports it. */
export interface SessionEntry {
  pid: number;
  /** When the process first announced itself (ms since the epoch). */
  startedAt: number;
  appName: string;
  cwd: string;
  /** By name: `dashboard` (what `eddy dash` attaches to), `ui` (the web UI), or others. */
  endpoints: Record<string, SessionEndpoint>;
  /** The entry's file in the registry folder. */
  file: string;
}

export interface RegistryOptions {
  /** The registry folder (default `userRuntimeDirectory()`: `$XDG_RUNTIME_DIR/eddy` or `<tmp>/eddy-<uid>`). */
  dir?: string;
}

export interface AnnounceOptions extends RegistryOptions {
  /** Shown by `eddy dash` when several sessions run (default: the previous one, else `eddy`). */
  appName?: string;
}

/** Returned by `announceEndpoint`: `withdraw()` removes the endpoint (and the entry with its last one). */
export interface EndpointAnnouncement {
  readonly file: string;
  withdraw(): void;
}

interface StoredEntry {
  version: 1;
  pid: number;
  /** The process's start time from /proc, so an entry of a dead process whose pid was reused is told apart. */
  processStart?: string;
  startedAt: number;
  appName: string;
  cwd: string;
  endpoints: Record<string, SessionEndpoint>;
}

const ENTRY = /^session-(\d+)\.json$/;

/** This process's entries, by registry folder, and which announcement owns each endpoint now. */
const own = new Map<string, { entry: StoredEntry; owners: Map<string, object> }>();
let exitHookInstalled = false;

/**
 * The session registry: each running session (process) has its own entry file,
 * `<dir>/session-<pid>.json`, so one session's exit never hides another (the old shared
 * `session.json` did). The folder is checked to be private first (`ensurePrivateDirectory`),
 * and entries are written with O_EXCL|O_NOFOLLOW and renamed into place.
 *
 * Announces `endpoint` under `name` for this process, creating or updating its entry.
 * A later announcement of the same name replaces the earlier one.
 *
 * @throws EddyError('io') when the registry folder is not private to this user.
 */
export function announceEndpoint(name: string, endpoint: SessionEndpoint, options: AnnounceOptions = {}): EndpointAnnouncement {
  const dir = options.dir ?? userRuntimeDirectory();
  ensurePrivateDirectory(dir);
  const file = entryFile(dir, process.pid);
  let mine = own.get(dir);
  if (mine === undefined) {
    mine = {
      entry: { version: 1, pid: process.pid, processStart: processStartTime(process.pid), startedAt: Date.now(), appName: 'eddy', cwd: process.cwd(), endpoints: {} },
      owners: new Map(),
    };
    own.set(dir, mine);
  }
  if (options.appName !== undefined) mine.entry.appName = options.appName;
  const token = {};
  mine.entry.endpoints[name] = endpoint;
  mine.owners.set(name, token);
  writePrivateFileAtomic(file, JSON.stringify(mine.entry) + '\n');
  installExitHook();

  let withdrawn = false;
  return {
    file,
    withdraw() {
      if (withdrawn) return;
      withdrawn = true;
      const current = own.get(dir);
      if (current === undefined || current.owners.get(name) !== token) return;
      current.owners.delete(name);
      delete current.entry.endpoints[name];
      if (current.owners.size === 0) {
        own.delete(dir);
        fs.rmSync(file, { force: true });
      } else {
        writePrivateFileAtomic(file, JSON.stringify(current.entry) + '\n');
      }
    },
  };
}

/**
 * The live sessions, newest first. An entry counts when its process is alive (the same
 * process, not a reused pid) and its Unix sockets still exist; an endpoint whose socket is
 * gone is left out, and an entry with none left is ignored. Entries of dead processes are
 * removed, with their Unix sockets in `dir`. `endpoint` keeps only sessions that offer that endpoint.
 *
 * Returns [] when the folder does not exist yet.
 * @throws EddyError('io') when the folder exists but is not private to this user
 *   (another user could have planted entries pointing at their own server).
 */
export function listSessions(options: RegistryOptions & { endpoint?: string } = {}): SessionEntry[] {
  const dir = options.dir ?? userRuntimeDirectory();
  if (!fs.existsSync(dir)) return [];
  const problem = privacyProblem(dir);
  if (problem !== undefined) {
    throw new EddyError('io', `Refusing to read Eddy sessions from ${dir}: ${problem}.`, {
      hint: `Another user may have made it to redirect eddy dash to their server. Remove it (rm -r ${dir}) if it is yours to remove, or set XDG_RUNTIME_DIR to a private folder.`,
    });
  }
  const sessions: SessionEntry[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = ENTRY.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const stored = parseEntry(readPrivateFile(file));
    if (stored === undefined || stored.pid !== Number(m[1])) continue;
    if (!isSameProcessAlive(stored)) {
      // A session killed outright (SIGKILL, SIGTERM while its user code ran away) left its entry and sockets.
      for (const e of Object.values(stored.endpoints)) if (e.kind === 'unix' && path.dirname(e.path) === dir) fs.rmSync(e.path, { force: true });
      fs.rmSync(file, { force: true });
      continue;
    }
    const endpoints = Object.fromEntries(Object.entries(stored.endpoints).filter(([, e]) => endpointExists(e)));
    if (Object.keys(endpoints).length === 0) continue;
    if (options.endpoint !== undefined && endpoints[options.endpoint] === undefined) continue;
    sessions.push({ pid: stored.pid, startedAt: stored.startedAt, appName: stored.appName, cwd: stored.cwd, endpoints, file });
  }
  return sessions.sort((a, b) => b.startedAt - a.startedAt || b.pid - a.pid);
}

/**
 * One live session: the one with `pid` when given, else the newest one (that offers
 * `endpoint`, when given).
 *
 * @throws EddyError('io') when none matches; the message lists the live sessions.
 */
export function findSession(options: RegistryOptions & { pid?: number; endpoint?: string } = {}): SessionEntry {
  const dir = options.dir ?? userRuntimeDirectory();
  const live = listSessions({ dir });
  const offering = options.endpoint === undefined ? live : live.filter((s) => s.endpoints[options.endpoint as string] !== undefined);
  const found = options.pid === undefined ? offering[0] : offering.find((s) => s.pid === options.pid);
  if (found !== undefined) return found;
  const what = options.endpoint === undefined ? 'running' : `serving ${options.endpoint === 'ui' ? 'a web UI' : `a ${options.endpoint}`}`;
  const wanted = options.pid === undefined ? `No Eddy session is ${what}` : `No Eddy session with pid ${options.pid} is ${what}`;
  const listing = live.length === 0 ? `(none announced in ${dir})` : `live sessions: ${live.map(describeSession).join('; ')}`;
  throw new EddyError('io', `${wanted} ${listing}.`, {
    hint: 'Start the REPL (npm start) in another terminal, or call startDashboardServer(ssc) in your program, then try again.',
  });
}

/** `pid 123 demo (dashboard, ui) since 01:02:03`: one line for listings. */
export function describeSession(s: SessionEntry): string {
  const since = new Date(s.startedAt).toISOString().slice(11, 19);
  return `pid ${s.pid} ${s.appName} (${Object.keys(s.endpoints).join(', ')}) since ${since}`;
}

function entryFile(dir: string, pid: number): string {
  return path.join(dir, `session-${pid}.json`);
}

function parseEntry(text: string | undefined): StoredEntry | undefined {
  if (text === undefined) return undefined;
  try {
    const e = JSON.parse(text) as StoredEntry;
    if (e.version !== 1 || typeof e.pid !== 'number' || typeof e.endpoints !== 'object' || e.endpoints === null) return undefined;
    return e;
  } catch {
    // A half-written entry cannot be seen (entries are renamed into place); anything else is not ours.
    return undefined;
  }
}

function endpointExists(e: SessionEndpoint): boolean {
  if (e.kind !== 'unix') return true;
  try {
    return fs.lstatSync(e.path).isSocket();
  } catch {
    return false;
  }
}

/** why: a session that exits without closing its servers (process.exit, an uncaught error) must not stay listed. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const dir of own.keys()) fs.rmSync(entryFile(dir, process.pid), { force: true });
  });
}
