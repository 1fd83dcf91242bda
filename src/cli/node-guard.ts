// The command's Node guard, imported first by src/cli.ts (see ../node-version.ts): on an older
// Node it prints one line and exits 2 (nothing was attempted).
import { exitOnOldNode } from '../node-version.js';

exitOnOldNode(problem => process.stderr.write(`${problem}\n`), 2);
