#!/usr/bin/env node
// `npm test`: every test/**/*.test.ts under node:test, with ts-node (transpile-only).
// Extra arguments are paths or substrings that select test files:  npm test -- window
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const filters = process.argv.slice(2);

function find(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = find(path.join(root, 'test'))
  .map((f) => path.relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
// A test that hangs fails after 6 minutes instead of holding CI. A whole file counts as one test
// here, and a Kafka file that starts its own broker took over 3 minutes at load 20. A file whose
// tests are done but that leaves a handle open is ended (--test-force-exit, where Node has it).
const args = ['--require', 'ts-node/register/transpile-only', '--test', '--test-reporter=spec', '--test-timeout=360000'];
const help = spawnSync(process.execPath, ['--help'], { encoding: 'utf8' }).stdout || '';
if (help.includes('--test-force-exit')) args.push('--test-force-exit');
const r = spawnSync(process.execPath, [...args, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' },
});
process.exit(r.status ?? 1);
