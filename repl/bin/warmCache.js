#!/usr/bin/env node
// `npm install` runs this (the `prepare` script): it compiles every file the REPL loads at
// start into the cache of tsCache.js, so that the very first `npm start` is as quick as the
// next ones. A failure here only costs that first start some seconds, so it never fails install.
'use strict';
try {
  require('./tsCache').install();
  require('../main');
} catch (error) {
  process.stderr.write(`eddy: could not pre-compile the REPL (the first start will be slower): ${error && error.message}\n`);
}
