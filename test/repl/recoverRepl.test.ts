import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from './support/TmuxRepl';

let repl: TmuxRepl | undefined;
afterEach(() => {
  repl?.kill();
  repl = undefined;
});

/** `(the,n)` lines of the text printed after `Time: <ms> ms`. */
function theCount(text: string, ms: number): number | undefined {
  const m = new RegExp(`Time: ${ms} ms\\n-+\\n\\(the,(\\d+)\\)`).exec(text);
  return m ? Number(m[1]) : undefined;
}

test(':new --recover <dir> replays the definition cells through getOrCreate: the stateful count goes on from the checkpoint', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  repl = await TmuxRepl.start(['--no-banner']);
  const dir = path.join(repl.dir, 'wordcount');
  await repl.run(':new 1s --manual', /manual clock/);
  await repl.run(`ssc.checkpoint('${dir}')`);
  await repl.run(`const counts = lines.flatMap(l => l.split(' ')).map((w): [string, number] => [w, 1]).updateStateByKey((vs: number[], s?: number) => (s ?? 0) + vs.length)`);
  await repl.run(`counts.filter(([w]) => w === 'the').print()`);
  const first = await repl.run(':step 3', /covers|3000 ms/);
  assert.equal(theCount(first, 3000), 6);
  assert.ok(fs.readdirSync(dir).some((f) => f.startsWith('checkpoint-')), 'the pipeline checkpointed into its folder');

  const recovered = await repl.run(`:new --recover ${dir}`, /definition cells replayed/);
  assert.match(recovered, new RegExp(`ssc is recovered from ${dir}/checkpoint-3000 \\(batch 3000 ms\\): 3 definition cells replayed; StreamingContext\\(1s, INITIALIZED\\)`));
  const next = await repl.run(':step 1', /4000 ms/);
  assert.equal(theCount(next, 4000), 8, 'batch 4 adds its two "the" to the recovered state (6), as an uninterrupted run does');
  assert.match(await repl.run(':status', /checkpoint/), new RegExp(dir));
});

test(':new --recover says what is wrong: no directory given, no such directory, nothing recorded, another pipeline', async (t) => {
  if (!requireOrSkip(t, tmuxMissing())) return;
  repl = await TmuxRepl.start(['--no-banner']);
  const dir = path.join(repl.dir, 'ckpt');
  assert.match(await repl.run(':new --recover', /needs the checkpoint directory/), /For example :new --recover \//);
  assert.match(await repl.run(`:new --recover ${dir}-missing`, /no checkpoint directory/), /There is no checkpoint directory .*ckpt-missing/);
  await repl.run(':new 1s --manual', /manual clock/);
  await repl.run(`ssc.checkpoint('${dir}')`);
  await repl.run(`lines.flatMap(l => l.split(' ')).countByValue().print()`);
  await repl.run(':step 2', /2000 ms/);
  await repl.run(':new', /ssc is a new/);
  assert.match(await repl.run(`:new --recover ${dir}`, /Nothing to recover/), /no input defined the pipeline/);
  await repl.run(`lines.map(l => l.length).print()`);
  const mismatch = await repl.run(`:new --recover ${dir}`, /different pipeline/);
  assert.match(mismatch, /stream 1 was RDDFunctionDStream\[1\] flatMap .* and create\(\) now builds RDDFunctionDStream\[1\] map/);
  assert.match(await repl.run('ssc.getState()', /INITIALIZED/), /'INITIALIZED'/);
});
