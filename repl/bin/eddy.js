#!/usr/bin/env node
// The `eddy` command and `npm start`: the interactive REPL. ts-node compiles the kernel
// and every input (transpile-only); compiled files are cached so the prompt comes up fast.
// `eddy dash [address]` attaches a dashboard to a running session instead;
// `eddy ui [--port N]` serves its web UI; `eddy kernel ...` installs or runs the Jupyter kernel.
'use strict';
const { install, tsService } = require('./tsCache');
install();
if (process.argv[2] === 'dash' || process.argv[2] === 'ui') {
  const widgets = require('../../widgets');
  (process.argv[2] === 'dash' ? widgets.dashCommand : widgets.uiCommand)(process.argv.slice(3))
    .then(
      (code) => process.exit(code),
      (error) => {
        process.stderr.write(`${error && error.message ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
} else if (process.argv[2] === 'kernel') {
  const compiler = () => ({ compile: (code, fileName) => tsService().compile(code, fileName) });
  require('../jupyter/kernelCommand')
    .kernelCommand(process.argv.slice(3), compiler, (text) => process.stdout.write(text))
    .then(
      (code) => code !== undefined && process.exit(code),
      (error) => {
        process.stderr.write(`eddy kernel: ${error && error.message ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
} else {
  const compiler = { compile: (code, fileName) => tsService().compile(code, fileName) };
  const repl = require('../main').main(process.argv.slice(2), compiler);
  // Load TypeScript while the user reads the prompt, so the first input is quick too.
  if (repl) setImmediate(() => tsService());
}
