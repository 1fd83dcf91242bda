// The built action (dist/index.js, what action.yml runs) on a Node older than 24, given every
// input of a real run against the emulator: its guard (src/action-node-guard.ts, imported
// first) fails the step with one error annotation, and nothing else runs: no request, no
// output, no summary. The command's guard (dist/cli.js) is tested in cli.integration.test.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { DIST_ENTRY } from '../runner/run-dist.js';
import { cleanEnv, nodeOlderThan, run } from './helpers/cli.js';
import { useEmulator } from './helpers/emulator.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET });

/** Runs dist/index.js with `node` as a runner would, every input set; what it left behind. */
async function runAction(node: string, nodeArgs: string[] = []) {
  const workspace = makeWorkspace();
  const scratch = mkdtempSync(join(tmpdir(), 'siteleaf-publish-old-node-'));
  const outputPath = join(scratch, 'output.txt');
  const summaryPath = join(scratch, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputsFor(emu.url, emu.options.siteId))) {
    inputs[`INPUT_${name.toUpperCase()}`] = value;
  }
  const result = await run(node, [...nodeArgs, DIST_ENTRY], {
    cwd: workspace,
    env: cleanEnv({
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      ...inputs
    })
  });
  return {
    ...result,
    outputs: readFileSync(outputPath, 'utf8'),
    summary: readFileSync(summaryPath, 'utf8')
  };
}

const fake = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"22.1.0"})';

it('the action on Node 22: one ::error:: line, exit 1, nothing else', async () => {
  const result = await runAction(process.execPath, ['--import', fake]);

  expect(result).toMatchObject({ exitCode: 1, stderr: '', outputs: '', summary: '' });
  expect(result.stdout.split('\n')).toEqual([
    expect.stringMatching(
      /^::error::siteleaf-publish needs Node\.js 24 or newer, but this is Node\.js 22\.1\.0 \(.+\)\. Install Node\.js 24 \(https:\/\/nodejs\.org\) and run it again\.$/
    ),
    ''
  ]);
  expect(emu.requests).toEqual([]);
});

const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find(path => nodeOlderThan(path, 24));
(oldNode ? it : it.skip)(`really: ${oldNode ?? 'no older Node on this machine'}`, async () => {
  const result = await runAction(oldNode as string);

  expect(result).toMatchObject({ exitCode: 1, stderr: '', outputs: '', summary: '' });
  expect(result.stdout.split('\n')).toEqual([
    expect.stringMatching(
      /^::error::siteleaf-publish needs Node\.js 24 or newer, but this is Node\.js \d+/
    ),
    ''
  ]);
  expect(emu.requests).toEqual([]);
});
