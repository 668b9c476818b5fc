import { execFileSync, spawnSync } from 'node:child_process';
import { after as afterThisFile } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PROMPT = 'eddy> ';
let counter = 0;

/** Why the REPL cannot be driven here (no tmux), or undefined. */
export function tmuxMissing(): string | undefined {
  const r = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'tmux is not installed (apt-get install -y tmux)';
}

export interface TmuxReplOptions {
  /** The prompt's history file (EDDY_HISTORY); default one of this instance's own. */
  historyFile?: string;
  /**
   * Runs the REPL's type check of inputs (off by default here: its checking thread loads
   * TypeScript and the kernel's types, seconds of CPU per REPL, that tests of other things
   * need not pay; and its warnings would be on their screens).
   */
  typeCheck?: boolean;
}

/**
 * A starter for one test file's REPLs: each starts with `--no-banner` plus `args`, and all are
 * killed once the file's tests are done. Call it at the top level of the test file.
 */
export function replStarter(): (args?: string[], options?: TmuxReplOptions) => Promise<TmuxRepl> {
  const repls: TmuxRepl[] = [];
  afterThisFile(() => repls.splice(0).forEach((r) => r.kill()));
  return async (args = [], options = {}) => {
    const r = await TmuxRepl.start(['--no-banner', ...args], options);
    repls.push(r);
    return r;
  };
}

/**
 * The real `eddy` REPL in a tmux pane, driven as a user would: keys in, screen text out.
 * Each instance has its own tmux server socket, so tests never touch other sessions.
 */
export class TmuxRepl {
  readonly dir: string;
  private readonly socket: string;
  private readonly name: string;

  private constructor(args: string[], options: TmuxReplOptions) {
    counter++;
    this.name = `eddy-repl-${process.pid}-${counter}`;
    this.socket = `eddy-test-${process.pid}-${counter}`;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-repl-test-'));
    // The pane outlives the REPL for a while, so a crash shows on the screen a test reports.
    const eddy = [process.execPath, path.join(ROOT, 'repl', 'bin', 'eddy.js'), ...args].map(shellQuote).join(' ');
    const command = `${eddy}; echo "[eddy exited with status $?]"; sleep 60`;
    const history = options.historyFile ?? path.join(this.dir, 'history');
    this.tmux('new-session', '-d', '-s', this.name, '-x', '200', '-y', '50', '-e', `EDDY_HISTORY=${history}`, '-e', `EDDY_TYPECHECK=${options.typeCheck === true ? 'on' : 'off'}`, '-c', this.dir, command);
    this.tmux('set-option', '-t', this.name, 'history-limit', '20000');
  }

  /** Starts the REPL and waits for its first prompt. */
  static async start(args: string[] = [], options: TmuxReplOptions = {}): Promise<TmuxRepl> {
    const r = new TmuxRepl(args, options);
    await r.waitFor((text) => text.includes(PROMPT), 30_000);
    return r;
  }

  /** The whole pane, scrollback included, lines joined as they were before wrapping. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-20000', '-t', this.name);
  }

  /** What the pane shows now, without its scrollback. */
  visible(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', this.name);
  }

  /** Types `text` (literally) without pressing Enter. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** Pastes `text` as a terminal paste does: one write, each newline a carriage return. */
  paste(text: string): void {
    this.tmux('set-buffer', '-b', 'eddy-paste', '--', text);
    this.tmux('paste-buffer', '-d', '-b', 'eddy-paste', '-t', this.name);
  }

  key(name: string): void {
    this.tmux('send-keys', '-t', this.name, name);
  }

  /** Presses key `name` `times` times. */
  keys(name: string, times: number): void {
    this.tmux('send-keys', '-N', String(times), '-t', this.name, name);
  }

  /**
   * Types a line, presses Enter, and waits until the prompt comes back after it (and,
   * when given, until `until` matches the text written after the line). Returns that text.
   */
  async run(line: string, until?: RegExp, timeoutMs = 10_000): Promise<string> {
    const before = this.screen();
    const prompts = count(before, PROMPT);
    this.type(line);
    this.key('Enter');
    const text = await this.waitFor((s) => count(s, PROMPT) > prompts && (until === undefined || until.test(after(s, before))), timeoutMs);
    return after(text, before);
  }

  /** Polls the pane until `ok` holds (a bounded wait for a real terminal, not a sleep on the clock). */
  async waitFor(ok: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (ok(s)) return s;
      if (s.includes('[eddy exited with status')) throw new Error(`the REPL exited; the screen was:\n${s}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting on the REPL; the screen was:\n${s}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The part of `now` written after the screen was `before` (the pane only grows in these tests). */
function after(now: string, before: string): string {
  const trimmed = before.replace(/\s+$/, '');
  return now.startsWith(trimmed) ? now.slice(trimmed.length) : now;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
