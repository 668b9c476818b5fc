import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EddyError } from '../errors/EddyError';

/** This process's user id (undefined on Windows, where folders are private by their ACLs). */
export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * Where this user's Eddy sessions announce themselves: `$XDG_RUNTIME_DIR/eddy` when the
 * runtime directory is usable (absolute, a directory of this user's, mode 0700, as the XDG
 * Base Directory spec requires), else `<os.tmpdir()>/eddy-<uid>`.
 *
 * why: the runtime directory is private by construction; a folder under /tmp is not,
 * so that one is checked by `ensurePrivateDirectory` before any use.
 */
export function userRuntimeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime) && privacyProblem(runtime) === undefined) return path.join(runtime, 'eddy');
  const uid = currentUid();
  return path.join(os.tmpdir(), `eddy-${uid ?? os.userInfo().username}`);
}

/**
 * Makes `dir` (its parent must exist) as a folder only this user can enter, or checks that
 * the existing one is: a real directory (not a symlink), owned by this user, with no
 * access for group or others.
 *
 * why: `mkdir -p` accepts a folder another local user made first under a shared /tmp; they
 * could then swap the socket or the announcement for their own.
 *
 * @throws EddyError('io') naming the folder, its owner and mode, and how to fix it.
 */
export function ensurePrivateDirectory(dir: string): void {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // A missing parent (a folder given by the caller): make it, then this one, still exclusively.
      fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
      fs.mkdirSync(dir, { mode: 0o700 });
    } else if (code !== 'EEXIST') {
      throw error;
    }
  }
  const problem = privacyProblem(dir);
  if (problem !== undefined) {
    throw new EddyError('io', `Refusing to use ${dir} for Eddy's session sockets: ${problem}.`, {
      hint: `Another user may have made it to intercept your sessions. Remove it (rm -r ${dir}) if it is yours to remove, or set XDG_RUNTIME_DIR to a private folder.`,
    });
  }
}

/** Why `dir` is not private to this user, or undefined when it is. */
export function privacyProblem(dir: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch (error) {
    return `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (stat.isSymbolicLink()) return 'it is a symbolic link, not a folder';
  if (!stat.isDirectory()) return 'it is not a folder';
  const uid = currentUid();
  if (uid === undefined) return undefined;
  if (stat.uid !== uid) return `it is owned by uid ${stat.uid}, not by you (uid ${uid})`;
  if ((stat.mode & 0o077) !== 0) return `its mode is ${(stat.mode & 0o777).toString(8)}, open to other users (expected 700)`;
  return undefined;
}

/**
 * Writes `content` to `file` (in a private folder) atomically and without following links:
 * a fresh temporary name is created with O_EXCL|O_NOFOLLOW (mode 0600), then renamed over
 * `file`. A rename replaces a symlink planted at `file` instead of writing through it.
 */
export function writePrivateFileAtomic(file: string, content: string): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);
  const fd = fs.openSync(temp, flags, 0o600);
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Reads a small file of this user's without following a symlink; undefined when it is
 * missing, a link, not a regular file or someone else's.
 */
export function readPrivateFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    const uid = currentUid();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid)) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}
