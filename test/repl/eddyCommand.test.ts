import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Issue 10, item 10: `eddy --help` names every subcommand, each `eddy <sub> --help` works,
// and the README's table runs them the way that works inside the project (npx, npm scripts).
const ROOT = path.resolve(__dirname, '..', '..');
const SUBCOMMANDS = ['dash', 'ui', 'kernel', 'help'];

function eddy(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'repl', 'bin', 'eddy.js'), ...args], { encoding: 'utf8', timeout: 60_000, cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('eddy --help is a table of the REPL and every subcommand, fitting 80 columns', () => {
  const { status, stdout } = eddy('--help');
  assert.equal(status, 0);
  assert.match(stdout, /^Usage: eddy \[command\] \[options\]/);
  assert.match(stdout, /^ {2}\(none\) +\[--manual\].* the REPL/m);
  for (const sub of SUBCOMMANDS) assert.match(stdout, new RegExp(`^  ${sub} +\\S`, 'm'), `eddy --help lists ${sub}`);
  assert.match(stdout, /npx eddy/);
  for (const line of stdout.split('\n')) assert.ok(line.length <= 80, `longer than 80 columns: ${line}`);
  assert.equal(eddy('help').stdout, stdout, 'eddy help is eddy --help');
});

test('each subcommand has its --help, and eddy help <command> prints the same', () => {
  const usage: Record<string, RegExp> = { dash: /^Usage: eddy dash /, ui: /^Usage: eddy ui /, kernel: /^Usage: eddy kernel / };
  for (const [sub, re] of Object.entries(usage)) {
    const r = eddy(sub, '--help');
    assert.equal(r.status, 0, `${sub} --help: ${r.stderr}`);
    assert.match(r.stdout, re);
    assert.equal(eddy('help', sub).stdout, r.stdout, `eddy help ${sub}`);
  }
});

test('an unknown command or option says so, names the commands, and exits with 2', () => {
  const r = eddy('dashboard');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^eddy: there is no command dashboard; the commands are dash, ui, kernel and help \(eddy --help\)\./);
  assert.match(r.stderr, /Usage: eddy \[command\]/);
  assert.match(eddy('--bogus').stderr, /^eddy: there is no option --bogus;/);
});

test("the README's subcommand table names each subcommand, run as npx eddy or an npm script that exists", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### The `eddy` command and its subcommands'));
  assert.ok(section.length > 0);
  for (const sub of ['dash', 'ui', 'kernel', 'help']) assert.match(section, new RegExp(`\\| \`npx eddy ${sub}\\b`), `README table row for eddy ${sub}`);
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const m of section.matchAll(/`npm run (\w+)/g)) assert.ok(scripts[m[1]], `npm run ${m[1]} is a script`);
  assert.equal(scripts.dash, 'node repl/bin/eddy.js dash');
  assert.equal(scripts.ui, 'node repl/bin/eddy.js ui');
  // Nowhere does the README tell a user to type a bare `eddy dash` as a shell command.
  assert.doesNotMatch(readme, /^\s*(\$ )?eddy (dash|ui)\b/m);
});
