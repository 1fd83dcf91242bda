// The self-test workflow's job, run here against the emulator exactly as written: the built
// action (dist/index.js) with action.yml's defaults under each `uses: ./` step's `with:`, and
// each check step's script in bash with the outputs it reads through `env:` (the only way its
// assertions may read them).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { readActionMetadata } from '../scripts/action-tables.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, unknown>;
}
interface Workflow {
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, { steps?: Step[] }>;
}

// jest 29 gives ESM modules import.meta.url only (no import.meta.dirname).
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GITHUB_DIR = join(ROOT, '.github');
const action = readActionMetadata(ROOT);

// Parsed with the failsafe schema: every scalar stays the string GitHub passes as an input.
const selfTest = parse(readFileSync(join(GITHUB_DIR, 'workflows/self-test.yml'), 'utf8'), {
  schema: 'failsafe'
}) as Workflow;
const selfTestSteps = Object.values(selfTest.jobs).flatMap(job => job.steps ?? []);
const STEP_OUTPUT = /\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g;
const readsOutputs = (step: Step) =>
  Object.values(step.env ?? {}).some(value => String(value).match(STEP_OUTPUT));
/** The steps that run here: the action itself, and the checks on its outputs. */
const localSteps = selfTestSteps.filter(
  step => step.uses === './' || (step.run && readsOutputs(step))
);

/** Inputs as the runner passes them: action.yml's defaults under the step's `with:`. */
function inputsFor(step: Step, apiUrl: string): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    // Expression defaults (github-token) need a runner's context: left empty here.
    if (input.default !== undefined && !String(input.default).includes('${{'))
      inputs[name] = String(input.default);
  }
  for (const [name, value] of Object.entries(step.with ?? {})) inputs[name] = String(value);
  inputs['api-url'] = apiUrl;
  return inputs;
}

describe('the self-test job, run locally against the emulator', () => {
  // One emulator for the whole job, never reset between its steps (so not useEmulator): as in
  // the workflow, "Publish again, nothing changed" finds what "Publish" uploaded.
  let emulator: Emulator;
  const outputs = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator?.close());

  it('starts the emulator the workflow calls, with the defaults its steps use', () => {
    expect(selfTest.defaults?.run?.shell).toBe('bash'); // what the local run below uses
    const start = selfTestSteps.find(step => step.run?.includes('npm run emulator'));
    expect(start?.run).toContain('--port 4010');
    for (const step of selfTestSteps.filter(step => step.uses === './')) {
      expect(step.with).toMatchObject({
        'api-key': emulator.options.apiKey,
        'api-secret': emulator.options.apiSecret,
        'site-id': emulator.options.siteId,
        'api-url': 'http://127.0.0.1:4010'
      });
    }
    expect(localSteps.filter(step => step.uses === './').length).toBeGreaterThanOrEqual(3);
    expect(localSteps.filter(step => step.run).length).toBeGreaterThanOrEqual(3);
  });

  it.each(localSteps.map(step => [step.name ?? step.id ?? step.uses, step] as const))(
    '%s',
    async (_name, step) => {
      if (step.uses === './') {
        expect(step.id).toBeDefined();
        // Imported here so that a broken runner fails these steps, not the checks above.
        const { runDist } = await import('../runner/run-dist.js');
        const run = await runDist({
          inputs: inputsFor(step, emulator.url),
          workspace: ROOT,
          // The action honours proxies; the emulator is on loopback.
          env: { NO_PROXY: '127.0.0.1,localhost' }
        });
        expect({ exitCode: run.exitCode, log: run.stdout }).toMatchObject({ exitCode: 0 });
        outputs.set(step.id!, run.outputs);
        return;
      }
      // The same expressions the runner evaluates: a step's outputs, by id and name.
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries(step.env ?? {})) {
        env[name] = String(value).replace(STEP_OUTPUT, (_match, id: string, output: string) => {
          if (!(output in action.outputs)) throw new Error(`action.yml has no output '${output}'`);
          const stepOutputs = outputs.get(id);
          if (!stepOutputs) throw new Error(`step '${id}' has not run before '${step.name}'`);
          return stepOutputs[output] ?? '';
        });
        if (env[name]!.includes('${{')) throw new Error(`cannot evaluate ${name}: ${env[name]}`);
      }
      // `shell: bash` on a runner is `bash --noprofile --norc -eo pipefail {0}`.
      const result = spawnSync(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!],
        {
          env: { ...process.env, ...env },
          encoding: 'utf8'
        }
      );
      expect({
        status: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
        env
      }).toMatchObject({
        status: 0
      });
    }
  );
});
