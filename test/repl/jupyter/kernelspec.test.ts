import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installKernelspec, jupyterPath, listKernelspecs, removeKernelspec, userDataDir } from '../../../repl/jupyter/kernelspec';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-kernelspec-'));
}

test('install honours JUPYTER_DATA_DIR, --prefix and --sys-prefix; list searches JUPYTER_PATH first; remove deletes', async () => {
  const data = tmp();
  const extra = tmp();
  const venv = tmp();
  try {
    const env = { JUPYTER_DATA_DIR: data, JUPYTER_PATH: path.join(extra, 'share', 'jupyter'), HOME: data };
    assert.equal(userDataDir(env), data);
    assert.deepEqual(jupyterPath(env).slice(0, 2), [path.join(extra, 'share', 'jupyter'), data]);
    const user = await installKernelspec({ env, displayName: 'Eddy user' });
    assert.equal(user, path.join(data, 'kernels', 'eddy'));
    const spec = JSON.parse(fs.readFileSync(path.join(user, 'kernel.json'), 'utf8'));
    assert.deepEqual(spec.argv.slice(-3), ['kernel', 'run', '{connection_file}']);
    assert.ok(path.isAbsolute(spec.argv[0]) && path.isAbsolute(spec.argv[1]));
    for (const logo of ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg']) assert.ok(fs.existsSync(path.join(user, logo)), logo);
    const prefixed = await installKernelspec({ env, target: { kind: 'prefix', dir: extra }, name: 'eddy-two', displayName: 'Eddy two' });
    assert.equal(prefixed, path.join(extra, 'share', 'jupyter', 'kernels', 'eddy-two'));
    const listed = await listKernelspecs(env);
    assert.deepEqual(listed.filter((k) => k.name.startsWith('eddy')).map((k) => [k.name, k.displayName]), [['eddy-two', 'Eddy two'], ['eddy', 'Eddy user']]);
    await assert.rejects(installKernelspec({ env, target: { kind: 'sys-prefix' } }), /VIRTUAL_ENV nor CONDA_PREFIX/);
    const inVenv = await installKernelspec({ env: { ...env, VIRTUAL_ENV: venv }, target: { kind: 'sys-prefix' } });
    assert.equal(inVenv, path.join(venv, 'share', 'jupyter', 'kernels', 'eddy'));
    await assert.rejects(installKernelspec({ env, name: 'no spaces' }), /letters, digits/);
    assert.equal(await removeKernelspec('eddy-two', env), prefixed);
    assert.ok(!fs.existsSync(prefixed));
    await assert.rejects(removeKernelspec('eddy-two', env), /No Eddy kernelspec named "eddy-two"/);
  } finally {
    for (const d of [data, extra, venv]) fs.rmSync(d, { recursive: true, force: true });
  }
});
