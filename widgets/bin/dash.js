#!/usr/bin/env node
// `eddy dash [--list | --pid N | address]` on its own: attach to a running session's dashboard.
'use strict';
require('ts-node').register({ transpileOnly: true });
const { dashCommand } = require('../index');

dashCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
