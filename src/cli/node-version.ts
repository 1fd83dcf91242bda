// Which Node a bundle needs, checked before anything else loads. Both entry points (the
// action's dist/index.js and the command's dist/cli.js) import this module alone, statically,
// and load the real program with a dynamic import() only once the check passed: ESM evaluates
// static imports before the importing module's body, so a check placed after them would come
// too late to turn a crash (a missing API, an engine too old for a dependency) into one line.
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
