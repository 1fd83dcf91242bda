// The README, action.yml and the code describe one action: these keep them from drifting.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  readActionMetadata,
  renderInputsTable,
  renderOutputsTable
} from '../scripts/action-tables.js';
import { parse } from 'yaml';
import { ACTION_VERSION } from '../src/version.js';
import { outputsOf } from '../src/report/outputs.js';
import { createRunReport } from '../src/report/run-report.js';

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(`${root}README.md`, 'utf8');
const action = readActionMetadata(root);

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
    const inputs = readFileSync(`${root}src/inputs.ts`, 'utf8');
    expect(inputs).toContain('is required but was empty');
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

describe('action.yml', () => {
  it('is tested on the Node it runs on (node24, from the node devDependency)', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('runs on node24 from dist/', () => {
    const yaml = readFileSync(`${root}action.yml`, 'utf8');
    expect(yaml).toMatch(/using: node24/);
    expect(yaml).toMatch(/main: dist\/index\.js/);
  });

  it('declares every input the code reads, and the code reads every input it declares', () => {
    const source = readFileSync(`${root}src/inputs.ts`, 'utf8');
    const read = new Set([...source.matchAll(/(?:input\(|\(input, )'([a-z-]+)'/g)].map(m => m[1]));
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('declares exactly the outputs the action sets', () => {
    expect(Object.keys(outputsOf(createRunReport())).sort()).toEqual(
      Object.keys(action.outputs).sort()
    );
  });

  it('every dependency install script is approved, so an npm that blocks the rest still installs Node 24', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      allowScripts?: Record<string, boolean>;
    };
    const approved = (name: string, version: string) =>
      pkg.allowScripts?.[name] === true || pkg.allowScripts?.[`${name}@${version}`] === true;
    const unapproved = installScriptPackages(join(root, 'node_modules')).filter(
      ({ name, version }) => !approved(name, version)
    );
    expect(unapproved).toEqual([]);
    // The one that matters: the `node` devDependency fetches the Node 24 binary in its script.
    expect(installScriptPackages(join(root, 'node_modules')).map(p => p.name)).toContain('node');
  });

  it('has the version package.json has, as the User-Agent reports it', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
    expect(ACTION_VERSION).toBe(pkg.version);
  });
});

/**
 * Installed packages that run a script at install time, as npm counts them: a preinstall,
 * install or postinstall script, or a binding.gyp (npm then runs node-gyp itself).
 */
function installScriptPackages(modules: string): Array<{ name: string; version: string }> {
  const found: Array<{ name: string; version: string }> = [];
  const visit = (folder: string) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder)) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        visit(join(folder, entry));
        continue;
      }
      const dir = join(folder, entry);
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const {
        name,
        version,
        scripts = {}
      } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name: string;
        version: string;
        scripts?: Record<string, string>;
      };
      const hooks = ['preinstall', 'install', 'postinstall'].some(hook => scripts[hook]);
      if (hooks || existsSync(join(dir, 'binding.gyp'))) found.push({ name, version });
      visit(join(dir, 'node_modules'));
    }
  };
  visit(modules);
  return found;
}
