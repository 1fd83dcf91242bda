// The action's entry point: everything happens in run(), which reports its own failures. The
// catch is for what cannot happen there: a crash must still fail the step, with no secret.
import { run } from './main.js';
import { redact } from './secrets.js';

run().catch((error: unknown) => {
  process.exitCode = 1;
  console.log(`::error::${redact(error instanceof Error ? error.message : String(error))}`);
});
