import type { TypeScriptCompiler } from '../compileInput';
import { DEFAULT_NAME, installKernelspec, listKernelspecs, removeKernelspec, type InstallTarget } from './kernelspec';
import { runKernel } from './runKernel';

export const KERNEL_USAGE = `Usage: eddy kernel <command>
  install [--user | --sys-prefix | --prefix DIR] [--name N] [--display-name S]
          write the Jupyter kernelspec (no Python needed); --user (the default) into
          JUPYTER_DATA_DIR or your Jupyter data dir, --sys-prefix into the active
          virtualenv/conda env, --prefix into DIR/share/jupyter. The name defaults to ${DEFAULT_NAME}.
  list    the Eddy kernelspecs Jupyter finds (JUPYTER_PATH, data dirs), name and folder
  remove [--name N]
          delete the kernelspec N (default ${DEFAULT_NAME})
  run <connection_file>
          the kernel itself; Jupyter starts it with the kernelspec's argv
`;

/** `eddy kernel ...`; resolves to the exit code (undefined while `run` serves). */
export async function kernelCommand(argv: string[], compiler: () => TypeScriptCompiler, print: (text: string) => void): Promise<number | undefined> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    print(KERNEL_USAGE);
    return command === undefined ? 2 : 0;
  }
  const opts = parseOptions(rest);
  switch (command) {
    case 'install': {
      const target: InstallTarget = opts.prefix !== undefined ? { kind: 'prefix', dir: opts.prefix } : opts.sysPrefix ? { kind: 'sys-prefix' } : { kind: 'user' };
      const dir = await installKernelspec({ target, name: opts.name, displayName: opts.displayName });
      print(`Installed the kernelspec ${opts.name ?? DEFAULT_NAME} in ${dir}\nOpen JupyterLab (jupyter lab) or VS Code and pick "${opts.displayName ?? 'Eddy (TypeScript)'}" as the kernel.\n`);
      return 0;
    }
    case 'list': {
      const specs = await listKernelspecs();
      if (specs.length === 0) print('No Eddy kernelspec installed. `eddy kernel install` writes one.\n');
      else {
        const width = Math.max(...specs.map((s) => s.name.length)) + 2;
        print(`${specs.map((s) => `${s.name.padEnd(width)}${s.dir}    ${s.displayName}`).join('\n')}\n`);
      }
      return 0;
    }
    case 'remove': {
      print(`Removed ${await removeKernelspec(opts.name ?? DEFAULT_NAME)}\n`);
      return 0;
    }
    case 'run': {
      if (opts.positional[0] === undefined) throw new Error('eddy kernel run needs the connection file Jupyter writes: eddy kernel run <connection_file>.');
      await runKernel(opts.positional[0], compiler());
      return undefined;
    }
    default:
      print(`eddy kernel: unknown command "${command}".\n${KERNEL_USAGE}`);
      return 2;
  }
}

function parseOptions(args: string[]): { name?: string; displayName?: string; prefix?: string; sysPrefix: boolean; positional: string[] } {
  const out: { name?: string; displayName?: string; prefix?: string; sysPrefix: boolean; positional: string[] } = { sysPrefix: false, positional: [] };
  const value = (i: number, flag: string): string => {
    const v = args[i];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value.`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--user') continue;
    else if (flag === '--sys-prefix') out.sysPrefix = true;
    else if (flag === '--prefix') out.prefix = inline ?? value(++i, flag);
    else if (flag === '--name') out.name = inline ?? value(++i, flag);
    else if (flag === '--display-name') out.displayName = inline ?? value(++i, flag);
    else if (flag === '-f') out.positional.push(inline ?? value(++i, flag));
    else if (a.startsWith('--')) throw new Error(`Unknown option ${a}.\n${KERNEL_USAGE}`);
    else out.positional.push(a);
  }
  return out;
}
