/**
 * A throwaway PostgreSQL server for tests and benchmarks: Debian's `postgresql` binaries,
 * `initdb` into a fresh temporary data directory, `pg_ctl start` on 127.0.0.1 and a free
 * port (never the system cluster). PostgreSQL refuses to run as root, so as root the
 * server runs as the `postgres` user (runuser) with the directory given to it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../net/freePort';

/** The bin directory of the newest installed PostgreSQL (`/usr/lib/postgresql/<v>/bin`), if any. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  const which = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bin = which.status === 0 ? which.stdout.trim() : '';
  return bin !== '' && fs.existsSync(path.join(bin, 'initdb')) ? bin : undefined;
}

const isRoot = process.getuid?.() === 0;

/** Why a server cannot be started here, or undefined when it can. */
export function postgresAvailability(): string | undefined {
  if (postgresBinDir() === undefined) return 'PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian package postgresql';
  if (isRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root and there is no postgres user to run the server as';
  return undefined;
}

export class PostgresServer {
  /** `postgres://eddy@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  readonly url: string;
  private running = false;
  private readonly onExit = (): void => this.stopSync('immediate');

  private constructor(private readonly bin: string, readonly dir: string, readonly port: number) {
    this.url = `postgres://eddy@127.0.0.1:${port}/postgres`;
  }

  /** initdb + start; resolves when the server accepts connections. */
  static async start(): Promise<PostgresServer> {
    const bin = postgresBinDir();
    if (bin === undefined) throw new Error(postgresAvailability());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-pg-'));
    fs.chmodSync(dir, 0o777);
    const server = new PostgresServer(bin, dir, await freePort());
    server.run('initdb', ['-D', server.data, '-U', 'eddy', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    server.startAgain();
    return server;
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  /** (Re)starts the server on the same port and data directory; returns when it accepts connections. */
  startAgain(): void {
    if (this.running) return;
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    this.run('pg_ctl', ['start', '-w', '-t', '120', '-D', this.data, '-l', path.join(this.dir, 'server.log'), '-o', options]);
    if (!this.running) process.on('exit', this.onExit);
    this.running = true;
  }

  /** Stops the server (fast shutdown: open connections are cut, as when a server goes away). */
  stop(): void {
    this.stopSync('fast');
  }

  /** Stops the server and removes its directory. */
  close(): void {
    this.stopSync('fast');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private stopSync(mode: 'fast' | 'immediate'): void {
    if (!this.running) return;
    this.running = false;
    process.off('exit', this.onExit);
    this.run('pg_ctl', ['stop', '-w', '-t', '60', '-m', mode, '-D', this.data], false);
  }

  private run(tool: string, args: string[], check = true): SpawnSyncReturns<string> {
    const cmd = path.join(this.bin, tool);
    // As root: the server must not run as root; `runuser` runs it as postgres, which owns the directory.
    if (isRoot) spawnSync('chown', ['-R', 'postgres', this.dir]);
    const r = isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', cwd: this.dir })
      : spawnSync(cmd, args, { encoding: 'utf8', cwd: this.dir });
    if (check && r.status !== 0) {
      const log = path.join(this.dir, 'server.log');
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${tool} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}\n${tail}`);
    }
    return r;
  }
}
