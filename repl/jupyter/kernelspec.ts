import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const DEFAULT_NAME = 'eddy';
const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'repl', 'bin', 'eddy.js');
const LOGOS = ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg'];

/** Where a kernelspec goes: the user's Jupyter data dir, an environment's, or a prefix. */
export type InstallTarget = { kind: 'user' } | { kind: 'sys-prefix' } | { kind: 'prefix'; dir: string };

export interface InstalledKernel {
  name: string;
  dir: string;
  displayName: string;
  language: string;
}

/** Jupyter's user data dir (jupyter_core's jupyter_data_dir): JUPYTER_DATA_DIR, else the platform's. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'jupyter');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'jupyter');
}

/** The data dir of the active Python environment (virtualenv or conda), for --sys-prefix. */
function envDataDir(env: NodeJS.ProcessEnv): string | undefined {
  const prefix = env.VIRTUAL_ENV || env.CONDA_PREFIX;
  return prefix ? path.join(prefix, 'share', 'jupyter') : undefined;
}

/** Every data dir Jupyter searches for kernels, in its order: JUPYTER_PATH, the user's, the environment's, the system's. */
export function jupyterPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = (env.JUPYTER_PATH ?? '').split(path.delimiter).filter((d) => d !== '').map((d) => path.resolve(d));
  dirs.push(userDataDir(env));
  const envDir = envDataDir(env);
  if (envDir) dirs.push(envDir);
  if (process.platform === 'win32') dirs.push(path.join(env.PROGRAMDATA ?? 'C:\\ProgramData', 'jupyter'));
  else dirs.push('/usr/local/share/jupyter', '/usr/share/jupyter');
  return [...new Set(dirs)];
}

function targetDataDir(target: InstallTarget, env: NodeJS.ProcessEnv): string {
  if (target.kind === 'user') return userDataDir(env);
  if (target.kind === 'prefix') return path.join(path.resolve(target.dir), 'share', 'jupyter');
  const dir = envDataDir(env);
  if (dir === undefined) throw new Error('--sys-prefix installs into the active Python environment, and none is active (neither VIRTUAL_ENV nor CONDA_PREFIX is set). Activate it first, or use --prefix DIR.');
  return dir;
}

/** The kernelspec's kernel.json: this node, this checkout's bin, Jupyter's `{connection_file}`. */
export function kernelJson(displayName: string): Record<string, unknown> {
  return {
    argv: [process.execPath, BIN, 'kernel', 'run', '{connection_file}'],
    display_name: displayName,
    language: 'typescript',
    // why: a message works on every OS and while a cell blocks (the socket thread answers it); SIGINT works too
    interrupt_mode: 'message',
    env: {},
    metadata: { eddy: { root: ROOT } },
  };
}

/** Writes the kernelspec (kernel.json and logos) and returns its folder. */
export async function installKernelspec(options: { target?: InstallTarget; name?: string; displayName?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const name = options.name ?? DEFAULT_NAME;
  if (!/^[a-z0-9._-]+$/i.test(name)) throw new Error(`A kernel name may hold letters, digits, ".", "_" and "-" only, got "${name}".`);
  const dir = path.join(targetDataDir(options.target ?? { kind: 'user' }, options.env ?? process.env), 'kernels', name.toLowerCase());
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'kernel.json'), JSON.stringify(kernelJson(options.displayName ?? 'Eddy (TypeScript)'), null, 2) + '\n');
  for (const logo of LOGOS) await fs.copyFile(path.join(__dirname, 'logo', logo), path.join(dir, logo));
  return dir;
}

/** Every kernelspec Jupyter would find that runs Eddy, the first of each name winning as in Jupyter. */
export async function listKernelspecs(env: NodeJS.ProcessEnv = process.env): Promise<InstalledKernel[]> {
  const found = new Map<string, InstalledKernel>();
  for (const data of jupyterPath(env)) {
    const kernels = path.join(data, 'kernels');
    const names = await fs.readdir(kernels).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (found.has(name)) continue;
      const spec = await readSpec(path.join(kernels, name));
      if (spec && isEddy(spec)) found.set(name, { name, dir: path.join(kernels, name), displayName: String(spec.display_name ?? name), language: String(spec.language ?? '') });
    }
  }
  return [...found.values()];
}

/** Removes the Eddy kernelspec `name` where Jupyter finds it first; returns its folder. */
export async function removeKernelspec(name = DEFAULT_NAME, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const spec = (await listKernelspecs(env)).find((k) => k.name === name.toLowerCase());
  if (spec === undefined) throw new Error(`No Eddy kernelspec named "${name}" in ${jupyterPath(env).join(', ')}. \`eddy kernel list\` shows the installed ones.`);
  await fs.rm(spec.dir, { recursive: true, force: true });
  return spec.dir;
}

async function readSpec(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, 'kernel.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function isEddy(spec: Record<string, unknown>): boolean {
  const meta = spec.metadata as { eddy?: unknown } | undefined;
  return meta?.eddy !== undefined;
}
