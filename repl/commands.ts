import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { EddyError, type Session, type StepReport } from '../kernel';
import { commandOfCell, joinCells, splitCells, CELL_MARK } from './cells';
import type { EvalOutcome } from './EddyRepl';
import { formatSqlResult } from './formatSqlResult';
import { formatStatus } from './formatStatus';
import { findLesson, formatLessons, lessonNamedLike, listLessons, shortPath } from './lessons';
import { listSamples } from './listSamples';
import { parseInterval } from './parseInterval';
import { ui } from './ui';

/**
 * What a command needs of the front it runs in: the terminal REPL (`:step`) or the
 * notebook kernel (`%step`). Each front shows text, values and timelines its own way.
 */
export interface CommandHost {
  readonly session: Session;
  /** Inputs that ran without error, and state-changing commands, in order (for :save). */
  readonly accepted: string[];
  print(text: string): void;
  printValue(value: unknown): void;
  /** Runs one input of code; reports its error itself. */
  evaluate(code: string): Promise<EvalOutcome>;
  /** Runs one command line; reports its error itself; false when it failed. */
  command(line: string): Promise<boolean>;
  clearUserNames(): void;
  /** What the user's `ssc` holds now (commands act on that context, or on the active one). */
  namedContext?(): unknown;
  /** Shows what `:step` ran. */
  showTimeline(report: StepReport): void;
  /** `:dash`; a front without a terminal dashboard leaves it out. */
  showDashboard?(mode: string): Promise<void>;
}

/** One `:` command. `records`: it changes the session, so `:save` keeps it. */
export interface Command {
  name: string;
  usage: string;
  help: string;
  records: boolean;
  /** `rest`: the line after the command name, spacing kept (for commands that take text, like :sql). */
  run(args: string[], host: CommandHost, rest: string): Promise<void>;
}

export const COMMANDS: Command[] = [
  {
    name: 'new',
    usage: ':new [interval] [--manual] | :new --recover <dir>',
    help:
      'Stop ssc with stop(false) (sc stays) and make a new ssc; `:new 500ms`, `:new 1s --manual`. Alone, it repeats the current interval and clock. ' +
      "`:new --recover <dir>` rebuilds ssc with StreamingContext.getOrCreate(dir, create), create() replaying the inputs that defined ssc's pipeline; start() then restores its state and re-runs the batches pending at the checkpoint.",
    records: true,
    async run(args, r) {
      const { positional, flags } = parseArgs(args, ['manual', 'recover']);
      if (flags.has('recover')) return recover(positional, flags.has('manual') ? true : undefined, r);
      const oldSc = r.session.sc;
      const ssc = await r.session.newContext({
        batchDuration: positional[0] === undefined ? undefined : parseInterval(positional[0]),
        manual: positional[0] === undefined && !flags.has('manual') ? undefined : flags.has('manual'),
      });
      const scNote = r.session.sc === oldSc ? 'sc and your variables are kept' : 'sc is a fresh SparkContext (the old one was stopped); your variables are kept';
      r.print(`ssc is a new ${ssc} on the ${r.session.isManual ? 'manual' : 'system'} clock; ${scNote}; lines is its sample stream.`);
    },
  },
  {
    name: 'stop',
    usage: ':stop [--all] [--graceful]',
    help: 'Stop ssc, keeping sc (stop(false)); --all stops sc too (the next :new makes a fresh one); --graceful lets queued batches finish.',
    records: true,
    async run(args, r) {
      const { flags } = parseArgs(args, ['all', 'graceful']);
      if (flags.has('all')) await r.session.stopAll();
      else await r.session.stopContext(flags.has('graceful'));
      r.print(`${r.session.ssc}${flags.has('all') ? '; sc stopped' : '; sc kept'}. :new makes the next context.`);
    },
  },
  {
    name: 'restart',
    usage: ':restart [--clear]',
    help: 'A fresh core: stop everything, then a new sc and ssc. Your variables stay unless --clear.',
    records: true,
    async run(args, r) {
      const { flags } = parseArgs(args, ['clear']);
      await r.session.restart();
      if (flags.has('clear')) r.clearUserNames();
      r.print(`Restarted: new sc and ${r.session.ssc}${flags.has('clear') ? '; your variables were cleared' : ''}.`);
    },
  },
  {
    name: 'status',
    usage: ':status',
    help: 'The context: state, clock, receivers, batch counts and the last batch\'s delays.',
    records: false,
    async run(_args, r) {
      r.print(formatStatus(r.session.status()));
    },
  },
  {
    name: 'graph',
    usage: ':graph',
    help: 'The DStream graph of ssc as a tree: each stream\'s slide/window and the RDDs it remembers now.',
    records: false,
    async run(_args, r) {
      r.print(r.session.graph());
    },
  },
  {
    name: 'step',
    usage: ':step [n]',
    help: 'Manual clock: run n batches (default 1), then draw a timeline of what each stream held per batch and what each window covered. Starts ssc if needed.',
    records: true,
    async run(args, r) {
      const n = args[0] === undefined ? 1 : Number(args[0]);
      if (!Number.isInteger(n) || n < 1) {
        throw new EddyError('invalid-argument', `:step takes a positive whole number of batches, got "${args[0]}".`, { hint: 'For example :step 3.' });
      }
      if (!r.session.isManual) {
        throw new EddyError('illegal-state', ':step needs a manual clock, and ssc runs on the system clock.', { hint: 'Make one with :new 1s --manual, define the pipeline, then :step.' });
      }
      if (r.session.ssc.getState() === 'INITIALIZED') {
        r.session.ssc.start();
        r.print('(started ssc)');
      }
      r.showTimeline(await r.session.step(n));
    },
  },
  {
    name: 'dash',
    usage: ':dash [on|off]',
    help: 'Show the live dashboard of ssc full screen (it follows :new); q, Esc or Ctrl-C returns to the prompt, the stream keeps running. `:dash off` says what is open: the dashboard here closes with those keys, and viewers attached from other terminals (npx eddy dash) close there.',
    records: false,
    async run(args, r) {
      if (r.showDashboard === undefined) {
        throw new EddyError('illegal-state', 'The full-screen dashboard needs a terminal.', { hint: 'In a notebook, stream.display() shows a live view in the cell; `eddy ui` opens the web UI.' });
      }
      await r.showDashboard(args[0] ?? 'on');
    },
  },
  {
    name: 'ui',
    usage: ':ui [port|off]',
    help: 'Serve the live web UI of ssc on 127.0.0.1 (port 4040 or the next free one) and print its URL; it follows :new. `:ui off` stops it.',
    records: false,
    async run(args, r) {
      await ui(args, r);
    },
  },
  {
    name: 'sql',
    usage: ':sql <statements>',
    help: "SQL on the session's database (PGlite, opened on first use; `db` in scope is its connection for saveToPostgres), e.g. :sql select * from counts order by n desc limit 10. Prints each result as a table.",
    records: false,
    async run(_args, r, rest) {
      if (rest === '') {
        throw new EddyError('invalid-argument', ':sql needs SQL to run.', { hint: "For example :sql create table counts (word text primary key, n bigint, batch_time timestamptz)" });
      }
      const results = await r.session.sql(rest).catch((error: unknown) => {
        const e = error as { message?: string; code?: string };
        throw new EddyError('invalid-argument', `:sql failed: ${e.message ?? String(error)}${e.code ? ` (SQLSTATE ${e.code})` : ''}.`, { hint: 'Check the statement; :sql select table_name from information_schema.tables where table_schema = \'public\' lists the tables.' });
      });
      r.print(results.map(formatSqlResult).join('\n\n'));
    },
  },
  {
    name: 'samples',
    usage: ':samples',
    help: 'The sample streams, each with a one-line description, then the lessons.',
    records: false,
    async run(_args, r) {
      r.print(`${await listSamples()}\n\nLessons (:lesson <n> runs one):\n${formatLessons(await listLessons())}`);
    },
  },
  {
    name: 'load',
    usage: ':load <file>',
    help: `Run a script of cells separated by \`${CELL_MARK}\` lines, showing each cell; stops at the first cell that fails. A cell \`// :step 3\` runs that command.`,
    records: false,
    async run(args, r) {
      await loadScript(requirePath(args, ':load'), r);
    },
  },
  {
    name: 'lessons',
    usage: ':lessons',
    help: 'The lessons (samples/lessons), each with its title and the :lesson command that runs it.',
    records: false,
    async run(_args, r) {
      r.print(formatLessons(await listLessons()));
    },
  },
  {
    name: 'lesson',
    usage: ':lesson <n>',
    help: 'Run lesson n cell by cell, as :load does (:lessons lists them).',
    records: false,
    async run(args, r) {
      await loadScript((await findLesson(args[0])).file, r);
    },
  },
  {
    name: 'save',
    usage: ':save <file>',
    help: `Write this session's accepted inputs as a script of \`${CELL_MARK}\` cells, for :load.`,
    records: false,
    async run(args, r) {
      const file = requirePath(args, ':save');
      await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await fs.writeFile(file, joinCells(r.accepted, 'An Eddy session (each cell an input that ran); replay it with :load'));
      r.print(`(saved ${r.accepted.length} cell${r.accepted.length === 1 ? '' : 's'} to ${file})`);
    },
  },
  {
    name: 'help',
    usage: ':help [command]',
    help: 'This list, or one command\'s help.',
    records: false,
    async run(args, r) {
      const one = args[0]?.replace(/^:/, '');
      const chosen = one ? COMMANDS.filter((c) => c.name === one) : COMMANDS;
      if (chosen.length === 0) throw unknownCommand(one as string);
      const width = Math.max(...chosen.map((c) => c.usage.length)) + 2;
      r.print(chosen.map((c) => `${c.usage.padEnd(width)}${c.help}`).join('\n'));
      if (!one) r.print(`${'.exit'.padEnd(width)}Leave (Ctrl+D too). Tab completes names, members and commands.`);
    },
  },
];

/** `:load` and `:lesson`: runs a script's cells in order, each shown first; stops at the first that fails. */
async function loadScript(file: string, r: CommandHost): Promise<void> {
  const { intro, cells } = splitCells(await readScript(file));
  if (intro) r.print(intro);
  const names = new Set(COMMANDS.map((c) => c.name));
  for (const [i, cell] of cells.entries()) {
    r.print(`${CELL_MARK} [${i + 1}/${cells.length}]\n${cell}`);
    const command = commandOfCell(cell, names);
    const ok = command !== undefined ? await r.command(command) : await r.evaluate(cell).then((o) => (o.ok && r.printValue(o.value), o.ok));
    if (!ok) throw new EddyError('user-code', `${file}: cell ${i + 1} of ${cells.length} failed; the cells after it were not run.`, { hint: 'Fix that cell and :load again.' });
  }
  r.print(`(loaded ${cells.length} cell${cells.length === 1 ? '' : 's'} from ${file})`);
}

/** A script's text, or an error that says what was wrong with the path and what to do. */
async function readScript(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = path.resolve(file);
    const lessons = `:lessons lists the lessons (:lesson 1 runs the first)`;
    if (code === 'ENOENT') {
      const like = await lessonNamedLike(file);
      const lesson = like === undefined ? '' : `For lesson ${like.number} (${like.title}), type :lesson ${like.number}, or :load ${shortPath(like.file)}. `;
      throw new EddyError('io', `:load: there is no file ${where}.`, { hint: `${lesson}Give the path of a script of ${CELL_MARK} cells, relative to ${process.cwd()} or absolute; ${lessons}.` });
    }
    if (code === 'EISDIR') throw new EddyError('io', `:load: ${where} is a folder, not a script.`, { hint: `Name one of its .ts files; ${lessons}.` });
    throw new EddyError('io', `:load could not read ${where}: ${(error as Error).message}.`, { hint: 'Check the file\'s permissions, or copy it somewhere readable.' });
  }
}

/** Runs one command line; returns whether `:save` should keep it. */
export async function runCommand(line: string, r: CommandHost): Promise<boolean> {
  const [head, ...args] = line.trim().split(/\s+/);
  const name = head.slice(1);
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) throw unknownCommand(name);
  r.session.follow(r.namedContext?.());
  await command.run(args, r, line.trim().slice(head.length).trim());
  return command.records;
}

/**
 * `:new --recover <dir>`: Session.recoverContext, replaying the definition cells through
 * the front (so they compile and show errors as typed). The replay is not added to
 * `accepted` again: `:save` keeps the `:new --recover` line, which replays them itself.
 */
async function recover(positional: string[], manual: boolean | undefined, r: CommandHost): Promise<void> {
  if (positional.length === 0) {
    throw new EddyError('invalid-argument', ':new --recover needs the checkpoint directory.', { hint: `For example :new --recover ${r.session.ssc.checkpointDir ?? '/tmp/eddy-checkpoint'} (:status shows ssc's).` });
  }
  const directory = positional.join(' ');
  const report = await r.session.recoverContext(
    directory,
    async (cells) => {
      const before = r.accepted.length;
      try {
        for (const [i, cell] of cells.entries()) {
          if (!(await r.evaluate(cell)).ok) {
            throw new EddyError('user-code', `Definition cell ${i + 1} of ${cells.length} failed when replayed (its error is above), so nothing was recovered; ssc is a new empty context.`, {
              hint: 'Fix what that cell uses, define the pipeline again, then :new --recover again.',
            });
          }
        }
      } finally {
        r.accepted.splice(before);
      }
    },
    { manual },
  );
  const from =
    report.checkpointFile === undefined
      ? `${directory} held no checkpoint, so ssc is a new context checkpointing there`
      : `ssc is recovered from ${report.checkpointFile} (batch ${report.checkpointTimeMs} ms)`;
  const next = report.started ? 'started: it restores state and input positions, then re-runs the pending batches first' : 'ssc.start() restores state and input positions, then re-runs the pending batches first';
  r.print(`${from}: ${report.cells} definition cell${report.cells === 1 ? '' : 's'} replayed; ${report.ssc}; ${next}.`);
}

function unknownCommand(name: string): EddyError {
  return new EddyError('invalid-argument', `There is no command :${name}.`, { hint: `Commands: ${COMMANDS.map((c) => `:${c.name}`).join(' ')} (:help explains each).` });
}

function parseArgs(args: string[], known: string[]): { positional: string[]; flags: Set<string> } {
  const flags = new Set<string>();
  const positional: string[] = [];
  for (const a of args) {
    if (!a.startsWith('--')) positional.push(a);
    else if (known.includes(a.slice(2))) flags.add(a.slice(2));
    else throw new EddyError('invalid-argument', `Unknown option ${a}.`, { hint: `This command takes ${known.map((k) => `--${k}`).join(', ')}.` });
  }
  return { positional, flags };
}

function requirePath(args: string[], command: string): string {
  if (args.length === 0) throw new EddyError('invalid-argument', `${command} needs a file name.`, { hint: `For example ${command} session.ts` });
  return args.join(' ');
}
