#!/usr/bin/env node
// `eddy dash [address]` on its own: attach to a running session's dashboard.
'use strict';
require('ts-node').register({ transpileOnly: true });
const { attachDashboard } = require('../index');

attachDashboard(process.argv[2]).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
