#!/usr/bin/env node
// The `siteleaf-publish` command's entry point (dist/cli.js).
import './cli/node-guard.js'; // first: see node-version.ts
import './wasm-tiering.js'; // before any request: see there
import { main } from './cli/main.js';
import { messageOf } from './format.js';

main().catch((error: unknown) => {
  process.stderr.write(`siteleaf-publish could not start: ${messageOf(error)}\n`);
  process.exitCode = 1;
});
