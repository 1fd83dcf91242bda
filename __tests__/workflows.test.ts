// The .github folder: every file parses, workflows are least-privilege and pinned, the
// `uses: ./` steps match action.yml, and the self-test job's steps run here against the
// emulator exactly as written (its assertions read outputs through `env:` only).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { startEmulator, type Emulator } from '../emulator/server.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, unknown>;
}
interface Job {
  permissions?: unknown;
  uses?: string;
  steps?: Step[];
}
interface Workflow {
  on: unknown;
  permissions?: unknown;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}
interface ActionInput {
  required?: boolean;
  default?: string;
}

// jest 29 gives ESM modules import.meta.url only (no import.meta.dirname).
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GITHUB_DIR = join(ROOT, '.github');

const yamlFiles = readdirSync(GITHUB_DIR, { recursive: true, encoding: 'utf8' })
  .filter(name => /\.ya?ml$/.test(name))
  .sort();
const parsed = new Map(
  yamlFiles.map(name => [name, parse(readFileSync(join(GITHUB_DIR, name), 'utf8')) as unknown])
);
const isWorkflow = (doc: unknown): doc is Workflow =>
  typeof doc === 'object' && doc !== null && 'on' in doc && 'jobs' in doc;
const workflows = [...parsed].filter((entry): entry is [string, Workflow] => isWorkflow(entry[1]));

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, unknown>;
};

/** What a workflow may grant at most; codeql-analysis needs to upload its results. */
const DEFAULT_PERMISSIONS: Record<string, string> = { contents: 'read' };
const ALLOWED_PERMISSIONS: Record<string, Record<string, string>> = {
  'workflows/codeql-analysis.yml': {
    actions: 'read',
    contents: 'read',
    'security-events': 'write'
  }
};
const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

/** Violations of the allowed permissions; `where` names the workflow or job. */
function permissionProblems(where: string, permissions: unknown, allowed: Record<string, string>) {
  if (permissions === undefined) return [`${where}: no permissions`];
  if (typeof permissions !== 'object' || permissions === null)
    return [`${where}: permissions '${String(permissions)}' (write-all/read-all are too broad)`];
  return Object.entries(permissions).flatMap(([scope, level]) => {
    const granted = LEVEL[String(level)];
    const limit = LEVEL[allowed[scope] ?? 'none'] ?? 0;
    return granted === undefined || granted > limit ? [`${where}: ${scope}: ${String(level)}`] : [];
  });
}

function allSteps(): Array<{ where: string; step: Step }> {
  return workflows.flatMap(([file, workflow]) =>
    Object.entries(workflow.jobs).flatMap(([jobName, job]) =>
      (job.steps ?? []).map(step => ({ where: `${file} ${jobName}`, step }))
    )
  );
}

describe('.github', () => {
  it('holds the expected files, and each is a workflow or a Dependabot config', () => {
    expect(yamlFiles).toEqual(
      expect.arrayContaining([
        'dependabot.yml',
        'workflows/ci.yml',
        'workflows/check-dist.yml',
        'workflows/codeql-analysis.yml',
        'workflows/self-test.yml'
      ])
    );
    for (const [file, doc] of parsed) {
      const isDependabot =
        typeof doc === 'object' &&
        doc !== null &&
        (doc as { version?: unknown }).version === 2 &&
        Array.isArray((doc as { updates?: unknown }).updates);
      expect({ file, kind: isWorkflow(doc) || isDependabot }).toEqual({ file, kind: true });
    }
  });

  it('declares permissions on every workflow and job, never beyond what each needs', () => {
    const problems = workflows.flatMap(([file, workflow]) => {
      const allowed = ALLOWED_PERMISSIONS[file] ?? DEFAULT_PERMISSIONS;
      return [
        ...permissionProblems(file, workflow.permissions, allowed),
        ...Object.entries(workflow.jobs).flatMap(([name, job]) =>
          permissionProblems(`${file} ${name}`, job.permissions, allowed)
        )
      ];
    });
    expect(problems).toEqual([]);
  });

  it('pins every third-party action to a major tag or a commit SHA', () => {
    const uses = [
      ...allSteps().map(({ where, step }) => ({ where, uses: step.uses })),
      ...workflows.flatMap(([file, workflow]) =>
        Object.values(workflow.jobs).map(job => ({ where: file, uses: job.uses }))
      )
    ].filter(({ uses }) => uses !== undefined && !uses.startsWith('./'));
    expect(uses.length).toBeGreaterThan(0);
    const unpinned = uses.filter(
      ({ uses }) => !/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(uses!)
    );
    expect(unpinned).toEqual([]);
  });

  it('checks out without leaving credentials behind', () => {
    const persisting = allSteps().filter(
      ({ step }) =>
        step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false
    );
    expect(persisting).toEqual([]);
  });

  it('keeps expressions out of run scripts (they go through env:)', () => {
    const injected = allSteps().filter(({ step }) => step.run?.includes('${{'));
    expect(injected).toEqual([]);
  });

  it('gives every `uses: ./` step the required inputs, and only inputs action.yml declares', () => {
    const local = allSteps().filter(({ step }) => step.uses === './');
    expect(local.length).toBeGreaterThanOrEqual(3);
    const required = Object.keys(action.inputs).filter(name => action.inputs[name]?.required);
    for (const { where, step } of local) {
      const given = Object.keys(step.with ?? {});
      expect({ where, missing: required.filter(name => !given.includes(name)) }).toEqual({
        where,
        missing: []
      });
      expect({ where, unknown: given.filter(name => !(name in action.inputs)) }).toEqual({
        where,
        unknown: []
      });
    }
  });

  it('keeps Dependabot off TypeScript 7 and off Node majors past the runtime (node24)', () => {
    const config = parsed.get('dependabot.yml') as {
      updates: Array<{
        'package-ecosystem': string;
        ignore?: Array<{ 'dependency-name': string; versions?: string[] }>;
      }>;
    };
    expect(config.updates.map(update => update['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm'
    ]);
    const npm = config.updates.find(update => update['package-ecosystem'] === 'npm');
    const ignored = Object.fromEntries(
      (npm?.ignore ?? []).map(rule => [rule['dependency-name'], rule.versions])
    );
    expect(ignored).toMatchObject({
      typescript: ['>=7'],
      node: ['>=25'],
      '@types/node': ['>=25']
    });
  });
});

// ---------------------------------------------------------------------------------------

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
  let emulator: Emulator;
  const outputs = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

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
