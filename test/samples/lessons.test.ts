import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireOrSkip } from '../support/requireOrSkip';
import { TmuxRepl, tmuxMissing } from '../repl/support/TmuxRepl';
import { LESSON_FIGURES } from './lessonFigures';

const LESSONS = path.resolve(__dirname, '..', '..', 'samples', 'lessons');
const files = fs.readdirSync(LESSONS).filter((f) => f.endsWith('.ts')).sort();

const repls: TmuxRepl[] = [];
after(() => repls.splice(0).forEach((r) => r.kill()));

test('every lesson has a check of the figures its text states', () => {
  assert.deepEqual(files.filter((f) => LESSON_FIGURES[f] === undefined), []);
});

test('there are at least six lessons, each made of // %% cells that end by stopping their context', () => {
  assert.ok(files.length >= 6, files.join(', '));
  for (const f of files) {
    const text = fs.readFileSync(path.join(LESSONS, f), 'utf8');
    assert.ok((text.match(/^\/\/ %%/gm) ?? []).length >= 3, `${f} has cells`);
    assert.match(text, /stop\(false\)|stopContext\(\)/, `${f} stops its context`);
    assert.match(text, /dashboard/i, `${f} says what to look at on the dashboard`);
  }
});

// Each lesson runs in the real REPL with :load, in a fresh REPL, as a user would run it.
for (const file of files) {
  test(`lesson ${file} runs to its end in the REPL (:load), showing the figures its text states`, { timeout: 90_000 }, async (t) => {
    if (!requireOrSkip(t, tmuxMissing())) return;
    const repl = await TmuxRepl.start(['--no-banner']);
    repls.push(repl);
    const out = await repl.run(`:load ${path.join(LESSONS, file)}`, /\(loaded \d+ cells? from|failed; the cells after it were not run/, 60_000);
    assert.doesNotMatch(out, /failed; the cells after it were not run|Uncaught/, out);
    const cells = (fs.readFileSync(path.join(LESSONS, file), 'utf8').match(/^\/\/ %%/gm) ?? []).length;
    assert.match(out, new RegExp(`\\(loaded ${cells} cells from`));
    LESSON_FIGURES[file](out.replace(/\r/g, ''), fs.readFileSync(path.join(LESSONS, file), 'utf8'));
    assert.match(await repl.run('ssc.getState()', /'\w+'/), /'STOPPED'/);
    repl.kill();
  });
}
