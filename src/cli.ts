#!/usr/bin/env node
// The `siteleaf-publish` command's entry point (dist/cli.js). Its only static import is the
// Node version check: the command itself is loaded with import() once the check has passed,
// so on a Node too old for it the user reads one line instead of a crash.
import { nodeVersionProblem } from './cli/node-version.js';

const problem = nodeVersionProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
} else {
  import('./cli/main.js').then(
    command => command.main(),
    (error: unknown) => {
      process.stderr.write(`siteleaf-publish could not start: ${String(error)}\n`);
      process.exitCode = 1;
    }
  );
}
