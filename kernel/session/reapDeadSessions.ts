import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSameProcessAlive, thisProcess, type ProcessIdentity } from './processIdentity';
import { currentUid, userRuntimeDirectory } from './privateDirectory';
import { listSessions } from './SessionRegistry';

/** Session folders are `<tmp>/eddy-session-<random>`; their owner is in this file. */
export const SESSION_DIR_PREFIX = 'eddy-session-';
const OWNER_FILE = 'owner.json';

/** Records this process as the owner of a session folder, for `reapDeadSessions`. */
export function markSessionOwner(dir: string): void {
  fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(thisProcess()) + '\n', { mode: 0o600 });
}

/**
 * Removes what sessions killed outright left behind (SIGKILL; SIGTERM while their user code
 * ran away, which ends the process without its exit handlers): their folders under `root`
 * (this user's, whose owner process is gone), and their registry entries and dashboard
 * sockets. A session that ends normally removes its own; this runs when the next one starts.
 * Never throws: what it cannot remove stays.
 */
export function reapDeadSessions(root: string): void {
  try {
    listSessions();
    // A socket whose entry went with its process's exit hook, the server never closed.
    const registry = userRuntimeDirectory();
    for (const name of fs.readdirSync(registry)) {
      const pid = /^dash-(\d+)-\d+\.sock$/.exec(name)?.[1];
      if (pid !== undefined && !isSameProcessAlive({ pid: Number(pid) })) fs.rmSync(path.join(registry, name), { force: true });
    }
  } catch {
    // No registry folder yet, or one that is not private (eddy dash reports that): nothing to remove there.
  }
  let names: string[];
  try {
    names = fs.readdirSync(root).filter((n) => n.startsWith(SESSION_DIR_PREFIX));
  } catch {
    return;
  }
  const uid = currentUid();
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      const owner = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as ProcessIdentity;
      if (typeof owner.pid === 'number' && !isSameProcessAlive(owner)) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // No owner file (being made right now, or not a session's): left alone.
    }
  }
}
