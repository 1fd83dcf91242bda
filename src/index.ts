// The action's entry point: everything happens in run(), which reports its own failures. The
// catch is for what cannot happen there: a crash must still fail the step, with no secret.
import './action-node-guard.js'; // first: see node-version.ts
import './wasm-tiering.js'; // before any request: see there
import { messageOf } from './format.js';
import { run } from './main.js';
import { commandLine } from './report/actions-log.js';

run().catch((error: unknown) => {
  process.exitCode = 1;
  // Escaped and redacted like every other line: a crash's message is data too.
  console.log(commandLine('error', undefined, messageOf(error)));
});
