#!/usr/bin/env node
// The `eddy` command and `npm start`: the interactive REPL. ts-node compiles the kernel
// and every input (transpile-only); compiled files are cached so the prompt comes up fast.
// `eddy dash [address]` attaches a dashboard to a running session instead; `eddy ui` serves its web UI.
'use strict';
const { install, tsService } = require('./tsCache');
install();
const SUBCOMMANDS = { dash: 'dashCommand', ui: 'uiCommand' };
if (Object.hasOwn(SUBCOMMANDS, process.argv[2])) {
  require('../../widgets')
    [SUBCOMMANDS[process.argv[2]]](process.argv.slice(3))
    .then(
      (code) => process.exit(code),
      (error) => {
        process.stderr.write(`${error && error.message ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
} else {
  const compiler = { compile: (code, fileName) => tsService().compile(code, fileName) };
  const repl = require('../main').main(process.argv.slice(2), compiler);
  // Load TypeScript while the user reads the prompt, so the first input is quick too.
  if (repl) setImmediate(() => tsService());
}
