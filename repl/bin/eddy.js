#!/usr/bin/env node
// The `eddy` command and `npm start`: the interactive REPL. ts-node compiles the kernel
// and every input (transpile-only); compiled files are cached so the prompt comes up fast.
// `eddy dash [address]` attaches a dashboard to a running session instead;
// `eddy ui [--port N]` serves its web UI; `eddy kernel ...` installs or runs the Jupyter kernel;
// `eddy help [command]` is `eddy [command] --help` (the table is repl/main.ts's USAGE).
'use strict';
const { install, tsService } = require('./tsCache');
install();
// `eddy help dash` is `eddy dash --help`; `eddy help` is `eddy --help`.
const argv = process.argv[2] === 'help' ? (process.argv[3] === undefined ? ['--help'] : [process.argv[3], '--help']) : process.argv.slice(2);
const exitWith = (prefix) => [
  (code) => code !== undefined && process.exit(code),
  (error) => {
    process.stderr.write(`${prefix}${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  },
];
if (argv[0] === 'dash' || argv[0] === 'ui') {
  const widgets = require('../../widgets');
  (argv[0] === 'dash' ? widgets.dashCommand : widgets.uiCommand)(argv.slice(1)).then(...exitWith(''));
} else if (argv[0] === 'kernel') {
  const compiler = () => ({ compile: (code, fileName) => tsService().compile(code, fileName) });
  require('../jupyter/kernelCommand')
    .kernelCommand(argv.slice(1), compiler, (text) => process.stdout.write(text))
    .then(...exitWith('eddy kernel: '));
} else {
  const compiler = { compile: (code, fileName) => tsService().compile(code, fileName) };
  const repl = require('../main').main(argv, compiler);
  // Load TypeScript while the user reads the prompt, so the first input is quick too.
  if (repl) setImmediate(() => tsService());
}
