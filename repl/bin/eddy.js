#!/usr/bin/env node
// Placeholder until the REPL lands: loads the kernel and prints the prompt.
'use strict';
require('ts-node').register({ transpileOnly: true });
const repl = require('node:repl');
const kernel = require('../../kernel');
const r = repl.start({ prompt: 'eddy> ' });
Object.assign(r.context, kernel);
