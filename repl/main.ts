import * as fs from 'node:fs';
import { onTermination } from '../kernel';
import { EddyRepl } from './EddyRepl';
import type { TypeScriptCompiler } from './compileInput';
import { parseInterval } from './parseInterval';

/** `eddy --help`: every way to run the `eddy` command, then the REPL's options. */
export const USAGE = `Usage: eddy [command] [options]
In the project: npx eddy ..., or npm start -- ..., npm run dash, npm run ui.

  command  options                     what it does
  (none)   [--manual] [--interval 1s]  the REPL: an eddy> prompt (options below)
  dash     [--list | --pid N | ADDR]   the terminal dashboard of a live session
  ui       [--port N] [--pid N]        the web UI of a live session (127.0.0.1)
  kernel   install|list|remove|run     the Jupyter kernelspec (run: the kernel)
  help     [command]                   this, or eddy <command> --help

The REPL's options:
  --manual           start ssc on a manual clock (:step, ssc.advance())
  --interval 1s      the batch interval of ssc (default 1s)
  --master local[N]  the SparkContext master (default local[*])
  --no-banner        no welcome text
At the prompt, :help lists the commands (:lessons, :dash, :ui, :step, ...).
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
      const what = a.startsWith('-') ? `option ${a}` : `command ${a}`;
      process.stderr.write(`eddy: there is no ${what}; the commands are dash, ui, kernel and help (eddy --help).\n\n${USAGE}`);
      process.exitCode = 2;
      return undefined;
    }
  }
  const r = new EddyRepl({ compiler, manual, master, showBanner, batchDuration: interval === undefined ? undefined : parseInterval(interval) });
  // why: user code can throw or reject outside any input (timers, stray promises); the REPL reports it and goes on.
  const report = (error: unknown): void => r.reportBackgroundError(error);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  // An exit from anywhere (process.exit in user code) still removes the session's temporary folder.
  process.on('exit', () => fs.rmSync(r.session.dir, { recursive: true, force: true }));
  // A closed terminal (SIGHUP) or a kill closes the session as .exit does. Through onTermination:
  // while user code runs away, these signals end the process at once instead (what it leaves is
  // removed by the next session's start: reapDeadSessions).
  onTermination((signal) => r.shutdown(128 + (signal === 'SIGHUP' ? 1 : 15)), ['SIGHUP', 'SIGTERM']);
  return r;
}
