#!/usr/bin/env node
// The `eddy` command and `npm start`: the interactive REPL. ts-node compiles the kernel
// and every input, transpile-only, so the prompt comes up fast.
'use strict';
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const service = require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
require('../main').main(process.argv.slice(2), service);
