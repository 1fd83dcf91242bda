// The action's Node guard, imported first by src/index.ts (see node-version.ts): on an older
// Node the step fails with one error annotation.
import { exitOnOldNode } from './node-version.js';

exitOnOldNode(problem => console.log(`::error::${problem}`));
