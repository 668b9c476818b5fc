import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/**
 * `dirs` (paths from the repo root) transpiled to CommonJS in a temporary folder; returns
 * that folder. why: a benchmark that times a process start should time a deployed driver
 * (plain JavaScript), not ts-node transpiling the kernel on every start.
 */
export function transpiled(dirs: string[]): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-bench-build-'));
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const js = ts.transpileModule(fs.readFileSync(path.join(ROOT, r), 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
        fs.mkdirSync(path.join(out, rel), { recursive: true });
        fs.writeFileSync(path.join(out, r.replace(/\.ts$/, '.js')), js);
      }
    }
  };
  for (const d of dirs) walk(d);
  return out;
}
