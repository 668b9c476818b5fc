import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from './support/TmuxRepl';

// Issue 10, item 11: a missing script says what to do; the lessons are listed and run by number.
const ROOT = path.resolve(__dirname, '..', '..');
const repls: TmuxRepl[] = [];
after(() => repls.splice(0).forEach((r) => r.kill()));

async function repl(t: TestContext): Promise<TmuxRepl | undefined> {
  if (!requireOrSkip(t, tmuxMissing())) return undefined;
  const r = await TmuxRepl.start(['--no-banner']);
  repls.push(r);
  return r;
}

test(':load of a missing file says so and what to do, with no raw ENOENT or stack', { timeout: 60_000 }, async (t) => {
  const r = await repl(t);
  if (!r) return;
  const out = await r.run(':load nosuch.ts', /no file/);
  assert.match(out, /:load: there is no file \S*nosuch\.ts\. Give the path of a script of \/\/ %% cells, relative to \S+ or absolute; :lessons lists the lessons \(:lesson 1 runs the first\)\./);
  assert.doesNotMatch(out, /ENOENT|\n\s+at /);
  // A lesson named by its number, as an older README wrote it, points to :lesson.
  const lesson = await r.run(':load samples/lessons/4.ts', /no file/);
  assert.match(lesson, /For lesson 4 \(state and timeouts\), type :lesson 4, or :load \S*samples\/lessons\/04-state-timeouts\.ts\./);
  // The session is intact.
  assert.match(await r.run('1 + 1', /2/), /^\s*1 \+ 1\s*\n2\s*$/m);
});

test(':lessons lists each lesson with its title; :samples lists them after the streams; :lesson N runs one', { timeout: 90_000 }, async (t) => {
  const r = await repl(t);
  if (!r) return;
  const files = fs.readdirSync(path.join(ROOT, 'samples', 'lessons')).filter((f) => f.endsWith('.ts')).sort();
  const listed = await r.run(':lessons', /:lesson 1 /);
  for (const [i, f] of files.entries()) {
    const title = /^\/\/ Lesson \d+: (.*?)\.?$/m.exec(fs.readFileSync(path.join(ROOT, 'samples', 'lessons', f), 'utf8'))![1];
    assert.match(listed, new RegExp(`^:lesson ${i + 1}  ${escape(title)} +\\S*samples/lessons/${escape(f)}$`, 'm'));
  }
  const samples = await r.run(':samples', /Lessons/);
  assert.match(samples, /ssc\.sampleStream\('words'\)[\s\S]*Lessons \(:lesson <n> runs one\):\n:lesson 1  micro-batches and RDDs/);
  assert.match(await r.run(':lesson 9', /no lesson/), /There is no lesson 9\. The lessons are 1, 2, 3, 4, 5, 6 \(:lessons lists them with titles\)\./);
  const ran = await r.run(':lesson 1', /\(loaded \d+ cells from|failed/, 60_000);
  assert.match(ran, /\(loaded 5 cells from \S*samples\/lessons\/01-micro-batches\.ts\)/);
  assert.match(ran, /^batch 1000 ms: 7 lines in 3 partitions/m);
});

test("the README's lesson paths and commands name files and commands that exist", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const paths = [...readme.matchAll(/samples\/lessons\/[\w.<>-]+/g)].map((m) => m[0]).filter((p) => p.endsWith('.ts'));
  assert.ok(paths.length >= 1, 'the README names a lesson file');
  for (const p of paths) assert.ok(fs.existsSync(path.join(ROOT, p)), `${p} (named in README.md) exists`);
  assert.match(readme, /`:lessons`/);
  assert.match(readme, /`:lesson <n>`/);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
