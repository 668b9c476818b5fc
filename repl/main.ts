import * as fs from 'node:fs';
import { EddyRepl } from './EddyRepl';
import type { TypeScriptCompiler } from './compileInput';
import { parseInterval } from './parseInterval';

const USAGE = `Usage: eddy [--manual] [--interval <duration>] [--master local[N]] [--no-banner]
  --manual        start ssc on a manual clock (:step, ssc.advance())
  --interval 1s   the batch interval of ssc (default 1s)
  --master        the SparkContext master (default local[*])
       eddy dash [--list | --pid N | ADDRESS]   the terminal dashboard of a running session
       eddy ui [--port N]                       the web UI of a running session (eddy ui --help)
       eddy kernel install|list|remove          the Jupyter kernelspec (eddy kernel --help)
`;

/** `npm start` / the `eddy` bin: parses the command line and runs the REPL until .exit. */
export function main(argv: string[], compiler: TypeScriptCompiler): EddyRepl | undefined {
  let manual = false;
  let interval: string | undefined;
  let master: string | undefined;
  let showBanner = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--manual') manual = true;
    else if (a === '--interval') interval = argv[++i];
    else if (a === '--master') master = argv[++i];
    else if (a === '--no-banner') showBanner = false;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return undefined;
    } else {
      process.stderr.write(`eddy: unknown argument ${a}\n${USAGE}`);
      process.exitCode = 2;
      return undefined;
    }
  }
  const r = new EddyRepl({ compiler, manual, master, showBanner, batchDuration: interval === undefined ? undefined : parseInterval(interval) });
  // why: user code can throw or reject outside any input (timers, stray promises); the REPL reports it and goes on.
  const report = (error: unknown): void => r.reportBackgroundError(error);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  // A closed terminal (SIGHUP) or a kill still removes the session's temporary folder.
  process.on('exit', () => fs.rmSync(r.session.dir, { recursive: true, force: true }));
  for (const signal of ['SIGHUP', 'SIGTERM'] as const) process.on(signal, () => process.exit(128 + (signal === 'SIGHUP' ? 1 : 15)));
  return r;
}
