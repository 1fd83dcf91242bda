// Which Node the bundles need, checked before anything else runs. Each entry point imports a
// guard from here FIRST: modules run in the order they are imported (in the bundle as in
// Node's ESM), so the guard's check runs before any other module's code, and on a Node too
// old for the bundle it ends the process with one line instead of a crash deep in a
// dependency. (The bundle reaches Node's built-ins through `require`, so no import can fail
// to link on an old Node before the guard runs.)
//
// Kept free of imports and of syntax newer than the oldest Node it must speak to.

/** The oldest Node major the bundles run on: the action's `runs.using: node24`. */
export const REQUIRED_NODE_MAJOR = 24;

/** One line saying why this Node cannot run the bundle, or undefined when it can. */
export function nodeVersionProblem(
  version: string = process.versions.node,
  required: number = REQUIRED_NODE_MAJOR
): string | undefined {
  const major = Number(String(version).split('.')[0]);
  if (Number.isInteger(major) && major >= required) return undefined;
  return (
    `siteleaf-publish needs Node.js ${required} or newer, but this is Node.js ${version}` +
    ` (${process.execPath}). Install Node.js ${required} (https://nodejs.org) and run it again.`
  );
}

/**
 * Ends the process on a Node too old for the bundle, after `say` has said so (and set the
 * exit code); returns at once on a Node new enough.
 */
export function exitOnOldNode(say: (problem: string) => void): void {
  const problem = nodeVersionProblem();
  if (problem === undefined) return;
  process.exitCode = 1;
  say(problem);
  process.exit();
}
