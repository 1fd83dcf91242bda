// The Node version both entry points check first: which versions pass, and the one line an
// older Node gets. (That each guard runs before anything else is tested end to end by running
// the built bundles on an old Node: dist/cli.js in cli.integration.test.ts, dist/index.js in
// old-node.integration.test.ts.)
import { describe, expect, it } from '@jest/globals';
import { nodeVersionProblem, REQUIRED_NODE_MAJOR } from '../src/node-version.js';

describe('nodeVersionProblem', () => {
  it('accepts the Node the bundles are built for, and newer', () => {
    expect(REQUIRED_NODE_MAJOR).toBe(24);
    expect(nodeVersionProblem('24.0.0')).toBeUndefined();
    expect(nodeVersionProblem('25.1.0')).toBeUndefined();
    expect(nodeVersionProblem(process.versions.node)).toBeUndefined();
  });

  it('refuses an older one in one line that says what to do', () => {
    const problem = nodeVersionProblem('20.19.0');
    expect(problem).toMatch(
      /^siteleaf-publish needs Node\.js 24 or newer, but this is Node\.js 20\.19\.0 \(.+\)\. Install Node\.js 24 \(https:\/\/nodejs\.org\) and run it again\.$/
    );
    expect(problem).not.toContain('\n');
    expect(nodeVersionProblem('garbage')).toBeDefined();
  });
});
