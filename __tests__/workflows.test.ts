// The .github folder: every file parses, workflows are least-privilege and pinned, and the
// `uses: ./` steps match action.yml. The self-test job itself runs in
// self-test.integration.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { readActionMetadata } from '../scripts/action-tables.js';

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
  jobs: Record<string, Job>;
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

const action = readActionMetadata(ROOT);

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
