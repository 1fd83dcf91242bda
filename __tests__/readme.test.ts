// The README, action.yml and the code describe one action: these keep them from drifting.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  readActionMetadata,
  renderInputsTable,
  renderOutputsTable
} from '../scripts/action-tables.js';
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
