// The README against action.yml and the action itself: the tables, the workflows it shows, and
// the first hour of a real user. action.yml against the code is action-yml.test.ts.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  readActionMetadata,
  renderInputsTable,
  renderOutputsTable
} from '../scripts/action-tables.js';
import { parse } from 'yaml';
import { InputError, readSettings } from '../src/inputs.js';
import { forgetSecrets } from '../src/secrets.js';

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');
const action = readActionMetadata(root);
afterAll(() => forgetSecrets()); // readSettings registers what it reads as secrets

/** The message `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('did not throw');
}

/** A Markdown table as rows of trimmed cells: Prettier pads columns, which changes nothing. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map(row =>
      row
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map(cell => cell.trim().replace(/^-+$/, '---'))
    );
}

function between(start: string, end: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  expect(from).toBeGreaterThan(-1);
  expect(to).toBeGreaterThan(from);
  return readme.slice(readme.indexOf('\n', from) + 1, to).trim();
}

describe('README', () => {
  it('has the same input table as action.yml', () => {
    expect(cells(between('<!-- inputs:start', '<!-- inputs:end -->'))).toEqual(
      cells(renderInputsTable(action))
    );
  });

  it('has the same output table as action.yml', () => {
    expect(cells(between('<!-- outputs:start', '<!-- outputs:end -->'))).toEqual(
      cells(renderOutputsTable(action))
    );
  });

  it('shows the two commands a newcomer runs', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });

  it('links the benchmarks', () => {
    expect(readme).toContain('](BENCHMARKS.md)');
  });
});

describe('README: the first hour of a real user', () => {
  /** Every workflow in the README's YAML blocks, parsed (a step alone is skipped). */
  const workflows = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```/gm)]
    .map(match => parse(match[1] as string) as unknown)
    .filter(
      (doc): doc is ReadmeWorkflow => typeof doc === 'object' && doc !== null && 'jobs' in doc
    );
  const actionSteps = workflows.flatMap(w =>
    Object.values(w.jobs).flatMap(job =>
      (job.steps ?? []).filter(step => step.uses?.startsWith('siteleaf-publish/'))
    )
  );
  const section = (heading: string) => {
    const from = readme.indexOf(`\n${heading}\n`);
    expect(from).toBeGreaterThan(-1);
    const next = readme.indexOf('\n## ', from + heading.length + 2);
    return readme.slice(from, next < 0 ? undefined : next);
  };

  it('every YAML block parses, and the action steps use only inputs action.yml declares', () => {
    expect(actionSteps.length).toBeGreaterThanOrEqual(4);
    for (const step of actionSteps) {
      for (const input of Object.keys(step.with ?? {}))
        expect(Object.keys(action.inputs)).toContain(input);
    }
  });

  it('the quick start names its step, and every steps.<id>.outputs read is that step and a real output', () => {
    const ids = actionSteps.map(step => step.id);
    expect(ids[0]).toBe('siteleaf');
    for (const [, id, output] of readme.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      expect(ids).toContain(id);
      expect(Object.keys(action.outputs)).toContain(output);
    }
  });

  it('installs honestly: a commit SHA until a release tag exists, and where v1 will come from', () => {
    const install = section('## Install');
    expect(install).toContain('There is no release tag yet');
    expect(install).toContain('git ls-remote');
    expect(install).toContain('40-character');
    expect(install).toMatch(/tagged `v1\.0\.0`.*major tag `v1`/s);
    expect(section('## Quick start')).toContain('siteleaf-publish/siteleaf-publish@<commit-sha>');
    // The command too: each npx of it names a commit, and says what npm installs to get it.
    const outside = section('## Outside GitHub');
    const refs = [
      ...outside.matchAll(/npx --yes github:siteleaf-publish\/siteleaf-publish#(\S+)/g)
    ];
    expect(refs.map(m => m[1])).toEqual(['<commit-sha>', '<commit-sha>']);
    expect(outside).toContain('There is no release tag yet');
    expect(outside).toContain('`--include=dev`');
  });

  it('says where the key, the secret and the site id are, that the key is the account’s, and how to keep it', () => {
    const quickStart = section('## Quick start');
    expect(quickStart).toMatch(/account/);
    expect(quickStart).toContain('every site the account can reach');
    expect(quickStart).toContain('/v2/sites');
    expect(quickStart).toContain('environment secrets');
  });

  it('records one deployment per publish: never environment: and deployment-environment: in one job', () => {
    for (const workflow of workflows) {
      for (const job of Object.values(workflow.jobs)) {
        const both =
          job.environment !== undefined &&
          (job.steps ?? []).some(step => step.with?.['deployment-environment'] !== undefined);
        expect(both).toBe(false);
      }
    }
    expect(section('## Workflow examples')).toContain('Do not also set `deployment-environment:`');
  });

  it('troubleshooting starts with the empty api-key, as the action words it, then 401, 404, rate limits, timeouts', () => {
    const headings = [...section('## Troubleshooting').matchAll(/^### (.*)$/gm)].map(
      m => m[1] as string
    );
    expect(headings[0]).toContain("Input 'api-key' is required but was empty");
    // ...as the action says it: the first sentence of its error for an empty api-key.
    const empty = () => readSettings(name => (name === 'api-key' ? '' : 'x'), root);
    expect(empty).toThrow(InputError);
    expect(headings[0]).toContain(messageOf(empty).split('.')[0]);
    const at = (text: string) => headings.findIndex(h => h.includes(text));
    const order = ['HTTP 401', 'HTTP 404', 'Rate limits', 'Timeouts'].map(at);
    expect(order.every(i => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('names the runner version that runs node24, and the .gitattributes line for Windows', () => {
    expect(section('## Install')).toContain('2.327.1');
    expect(readme).toContain('theme/** text=auto eol=lf');
  });
});

interface ReadmeWorkflow {
  jobs: Record<
    string,
    {
      environment?: unknown;
      steps?: Array<{ id?: string; uses?: string; with?: Record<string, unknown> }>;
    }
  >;
}
