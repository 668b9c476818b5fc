import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Shared by the notebook test files: they drive Eddy's kernel with the real Jupyter client
 * (jupyter_client, nbclient, nbformat; `.ci/run` installs them). Each file installs the
 * kernelspec with `eddy kernel install` into its own temporary JUPYTER_DATA_DIR, and
 * jupyter_client_driver.py starts kernels from it and reports what it saw.
 */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const BIN = path.join(ROOT, 'repl', 'bin', 'eddy.js');
const DRIVER = path.join(__dirname, 'jupyter_client_driver.py');

/** Why these tests cannot run here, or undefined. */
export const missing = ((): string | undefined => {
  const r = spawnSync('python3', ['-c', 'import jupyter_client, nbclient, nbformat'], { encoding: 'utf8' });
  if (r.error) return 'python3 is not installed';
  if (r.status !== 0) return 'the Python packages jupyter_client, nbclient and nbformat are not installed (pip install -r .ci/requirements-jupyter.txt)';
  return undefined;
})();

export interface JupyterHome {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  close(): void;
}

/** A temporary Jupyter data dir with the kernelspec installed by `eddy kernel install`. */
export function installedKernel(): JupyterHome {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-jupyter-'));
  const env = { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PATH: '', JUPYTER_RUNTIME_DIR: path.join(dataDir, 'runtime'), JUPYTER_PLATFORM_DIRS: '1' };
  const install = spawnSync(process.execPath, [BIN, 'kernel', 'install', '--display-name', 'Eddy test'], { env, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  return { dataDir, env, close: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** Runs one scenario of the driver; resolves to the facts it printed. */
export function drive(scenario: string, env: NodeJS.ProcessEnv): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    execFile('python3', [DRIVER, scenario], { env, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${scenario} failed: ${error.message}\n${stderr.slice(-4000)}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, any>);
    });
  });
}
