#!/usr/bin/env node
'use strict';
// The CLI is TypeScript under dsl/src/cli; this file only loads its build (npm run build).
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'dsl', 'src', 'cli', 'main.js');
let cli;
try {
  cli = require(entry);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry)) {
    process.stderr.write(`leadflow: ${entry} is missing; run \`npm run build\` first\n`);
    process.exit(2);
  }
  throw error;
}
cli.main().catch((error) => {
  process.stderr.write(`leadflow: ${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});
