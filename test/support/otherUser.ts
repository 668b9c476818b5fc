import { execFileSync, spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import { requireOrSkip } from './requireOrSkip';

/** A second, unprivileged local user for tests of permissions (the suite runs as root in CI). */
export interface OtherUser {
  name: string;
  uid: number;
  gid: number;
}

const NAME = 'eddy-other';

function which(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/**
 * Makes (once) and returns the unprivileged user `eddy-other`, or skips (see requireOrSkip)
 * where the suite is not root or the machine has no useradd/runuser.
 */
export function otherUser(t: TestContext): OtherUser | undefined {
  const why =
    typeof process.getuid !== 'function' || process.getuid() !== 0
      ? 'needs root to create and switch to a second user (run the suite as root, as CI does)'
      : !which('useradd') || !which('runuser')
        ? 'needs useradd and runuser (Debian packages passwd and util-linux)'
        : undefined;
  if (!requireOrSkip(t, why)) return undefined;
  if (spawnSync('id', ['-u', NAME]).status !== 0) {
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', NAME], { encoding: 'utf8' });
    // Two test files may race to create it; only a user that still is missing is an error.
    if (made.status !== 0 && spawnSync('id', ['-u', NAME]).status !== 0) throw new Error(`useradd ${NAME} failed: ${made.stderr}`);
  }
  const uid = Number(execFileSync('id', ['-u', NAME], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', NAME], { encoding: 'utf8' }).trim());
  return { name: NAME, uid, gid };
}

/** Runs `command args` as `user` (runuser); returns its status and output. */
export function runAs(user: OtherUser, command: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('runuser', ['-u', user.name, '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), command, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
