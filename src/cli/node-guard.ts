// The command's Node guard, imported first by src/cli.ts (see ../node-version.ts). On a Node
// too old to run the command, `--help` and `--version` still answer (they need nothing but the
// option definitions, plain data), so `node dist/cli.js --help` works wherever Node does; any
// other use prints one line and exits 2 (nothing was attempted).
import { exitOnOldNode } from '../node-version.js';
import { ACTION_VERSION } from '../version.js';
import { renderHelp } from './help.js';

const args = process.argv.slice(2);
exitOnOldNode(problem => {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(renderHelp(ACTION_VERSION));
    process.stdout.write(`\nNote: ${problem}\n`);
    process.exitCode = 0;
  } else if (args.includes('--version')) {
    process.stdout.write(`siteleaf-publish ${ACTION_VERSION}\n`);
    process.exitCode = 0;
  } else {
    process.stderr.write(`${problem}\n`);
    process.exitCode = 2;
  }
});
