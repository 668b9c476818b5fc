import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from './support/TmuxRepl';

const repls: TmuxRepl[] = [];
afterEach(() => repls.splice(0).forEach((r) => r.kill()));

async function start(args: string[] = ['--no-banner']): Promise<TmuxRepl> {
  const r = await TmuxRepl.start(args);
  repls.push(r);
  return r;
}

test(':load runs a script cell by cell, showing each cell, with // :commands', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const repl = await start();
  const file = path.join(repl.dir, 'lesson.ts');
  fs.writeFileSync(
    file,
    [
      '// A lesson',
      '// %%',
      '// :new 1s --manual',
      '// %% words',
      `const words = lines.flatMap((l: string) => l.split(' '))`,
      'words.count().print()',
      '// %%',
      '// :step 2',
      '// %%',
      'const total = await sc.parallelize([1, 2, 3]).reduce((a, b) => a + b)',
      'total * 100',
    ].join('\n'),
  );
  const out = await repl.run(`:load ${file}`, /loaded 4 cells/);
  assert.match(out, /^\/\/ A lesson\n\/\/ %% \[1\/4\]\n\/\/ :new 1s --manual$/m);
  assert.match(out, /^\/\/ %% \[2\/4\]\nconst words = lines\.flatMap/m);
  assert.deepEqual([...out.matchAll(/^Time: (\d+) ms\n-+\n(\d+)$/gm)].map((m) => [m[1], m[2]]), [['1000', '17'], ['2000', '19']]);
  assert.match(out, /^600$/m);
});

test(':load stops at the first failing cell and says which', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const repl = await start();
  const file = path.join(repl.dir, 'broken.ts');
  fs.writeFileSync(file, `const a = 1\n// %%\nnull.boom()\n// %%\nconst never = 'ran'\n`);
  const out = await repl.run(`:load ${file}`, /cell 2 of 3 failed/);
  assert.match(out, /TypeError: Cannot read properties of null/);
  assert.match(await repl.run('typeof never', /undefined/), /'undefined'/);
});

test(':save writes the accepted inputs as cells, and :load of that file reproduces the session', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  const first = await start();
  const file = path.join(first.dir, 'saved.ts');
  await first.run(':new 1s --manual');
  await first.run('const factor: number = 3');
  await first.run('oops.not.defined', /ReferenceError/);
  await first.run('lines.map(l => l.length * factor).reduce((a, b) => a + b).print()');
  const live = await first.run(':step 2', /2000 ms/);
  await first.run(':status');
  await first.run(`:save ${file}`, /saved 4 cells/);
  const saved = fs.readFileSync(file, 'utf8');
  assert.doesNotMatch(saved, /oops|:status|:save/);
  assert.match(saved, /^\/\/ %%\n\/\/ :new 1s --manual\n\/\/ %%\nconst factor: number = 3\n/m);

  const second = await start();
  const replayed = await second.run(`:load ${file}`, /loaded 4 cells/);
  const sums = (text: string): string[] => [...text.matchAll(/^Time: \d+ ms\n-+\n(\d+)$/gm)].map((m) => m[1]);
  assert.equal(sums(live).length, 2);
  assert.deepEqual(sums(replayed), sums(live));
  assert.match(await second.run('factor', /^3$/m), /^3$/m);
});
