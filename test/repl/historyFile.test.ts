import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as repl from 'node:repl';
import { PassThrough } from 'node:stream';
import { HISTORY_ENTRIES, keepHistory, readHistory } from '../../repl/historyFile';

function tmpFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-history-')), 'history');
}

test('the prompt keeps the newest 1,000 entries; each typed line is appended as one whole line', () => {
  const file = tmpFile();
  fs.writeFileSync(file, Array.from({ length: 1500 }, (_, i) => `old${i}\n`).join(''));
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const server = repl.start({ input, output, terminal: true, prompt: '> ', eval: (_cmd, _ctx, _file, cb) => cb(null, undefined) });
  try {
    keepHistory(server, file);
    const history = (server as unknown as { history: string[] }).history;
    assert.equal(HISTORY_ENTRIES, 1000);
    assert.equal(history.length, 1000);
    assert.equal(history[0], 'old1499');
    assert.equal(history.at(-1), 'old500');
    input.write('const x = 1\r');
    input.write('const x = 1\r');
    input.write('\r');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.deepEqual(lines.slice(-3), ['old1499', 'const x = 1', ''], 'a repeat and an empty line are not added');
    assert.equal((server as unknown as { history: string[] }).history.length, 1000);
  } finally {
    server.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test('a file grown past twice the limit is cut to its newest entries, by a rename', () => {
  const file = tmpFile();
  fs.writeFileSync(file, Array.from({ length: 25 }, (_, i) => `e${i}\n`).join(''));
  assert.deepEqual(readHistory(file, 10), Array.from({ length: 10 }, (_, i) => `e${i + 15}`));
  assert.equal(fs.readFileSync(file, 'utf8'), Array.from({ length: 10 }, (_, i) => `e${i + 15}\n`).join(''));
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['history']);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
