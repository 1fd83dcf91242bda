// The action's entry point: everything happens in run(), which reports its own failures. The
// catch is for what cannot happen there: a crash must still fail the step, with no secret.
// Only the Node version check is imported statically; the action is loaded with import() once
// it has passed, so a runner on an older Node fails the step with one clear line, not a crash.
import { nodeVersionProblem } from './cli/node-version.js';

const problem = nodeVersionProblem();
if (problem) {
  console.log(`::error::${problem}`);
  process.exitCode = 1;
} else {
  import('./main.js')
    .then(({ run }) => run())
    .catch(async (error: unknown) => {
      process.exitCode = 1;
      // Escaped and redacted like every other line: a crash's message is data too.
      const { commandLine } = await import('./report/actions-log.js');
      const { messageOf } = await import('./format.js');
      console.log(commandLine('error', undefined, messageOf(error)));
    });
}
