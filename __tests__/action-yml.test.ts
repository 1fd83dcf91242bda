// action.yml against the code and package.json: the Node it runs on, the inputs readSettings
// reads, the outputs the action sets, the version, and the install scripts npm must allow.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { readActionMetadata } from '../scripts/action-tables.js';
import { readSettings } from '../src/inputs.js';
import { outputsOf } from '../src/report/outputs.js';
import { createRunReport } from '../src/report/run-report.js';
import { forgetSecrets } from '../src/secrets.js';
import { ACTION_VERSION } from '../src/version.js';

const root = new URL('..', import.meta.url).pathname;
const action = readActionMetadata(root);
afterAll(() => forgetSecrets()); // readSettings registers what it reads as secrets

describe('action.yml', () => {
  it('is tested on the Node it runs on (node24, from the node devDependency)', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('runs on node24 from dist/', () => {
    const { runs } = parse(readFileSync(`${root}action.yml`, 'utf8')) as {
      runs: { using: string; main: string };
    };
    expect(runs).toMatchObject({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares every input the code reads, and the code reads every input it declares', () => {
    // readSettings through a reader that records every name it is asked for; the required
    // inputs are given, every other one left empty (its default), so none is skipped.
    const given: Record<string, string> = {
      'api-key': 'key',
      'api-secret': 'secret',
      'site-id': '5f1e2d3c4b5a69788796a5b4'
    };
    const read = new Set<string>();
    readSettings(name => {
      read.add(name);
      return given[name] ?? '';
    }, root);
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
