'use strict';
// Loads the project's .ts files through ts-node (transpile-only) with a disk cache of the
// JavaScript it emits, keyed by file content and compiler versions. why: transpiling the
// kernel's ~100 files costs seconds on every start; with the cache, a start after the
// first only reads files, and TypeScript itself is loaded when something needs compiling.
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const project = path.join(root, 'tsconfig.json');
const cacheDir = process.env.EDDY_TS_CACHE || path.join(root, 'node_modules', '.cache', 'eddy-ts');
const outputs = new Map();
let service;
let salt;

/** ts-node's compiler service, created on first use. */
function tsService() {
  if (service === undefined) service = require('ts-node').create({ transpileOnly: true, project });
  return service;
}

function versionSalt() {
  if (salt === undefined) {
    const version = (pkg) => require(path.join(root, 'node_modules', pkg, 'package.json')).version;
    salt = [version('ts-node'), version('typescript'), fs.readFileSync(project, 'utf8')].join('\0');
  }
  return salt;
}

function compileCached(code, filename) {
  const key = crypto.createHash('sha256').update(versionSalt()).update('\0').update(filename).update('\0').update(code).digest('hex');
  const file = path.join(cacheDir, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const js = tsService().compile(code, filename);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, js);
      fs.renameSync(tmp, file);
    } catch {
      // a read-only tree only loses the cache, never the start
    }
    return js;
  }
}

/** Installs the .ts loader: this project's files through the cache, a user's own .ts files compiled as they are. */
function install() {
  require('@cspotcode/source-map-support').install({
    environment: 'node',
    retrieveFile: (p) => outputs.get(p),
  });
  const previous = Module._extensions['.ts'];
  Module._extensions['.ts'] = function loadTs(module, filename) {
    if (previous) return previous(module, filename);
    const code = fs.readFileSync(filename, 'utf8');
    const ours = filename.startsWith(root + path.sep) && !filename.includes(`${path.sep}node_modules${path.sep}`);
    const js = ours ? compileCached(code, filename) : tsService().compile(code, filename);
    outputs.set(filename, js);
    module._compile(js, filename);
  };
}

module.exports = { install, tsService };
