// The package as npm delivers it: `npm pack` of this repository (its package.json, `files`
// and `bin`, with a fresh dist/cli.js), installed into an empty folder with no network, and
// its `siteleaf-publish` run against the emulator.
//
// The install is `npm ci --offline` with a lock written for that folder: the package's
// runtime dependencies pinned as this repository's package-lock.json pins them, so npm takes
// them from its cache (filled by the `npm ci` that installed this repository) and never asks
// a registry for package metadata, which its cache does not keep.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACTION_VERSION } from '../src/version.js';
import { cleanEnv, cliDist, REPO, run, type CommandResult } from './helpers/cli.js';
import { useEmulator } from './helpers/emulator.js';
import { KEY, SECRET, basicCredentials, makeWorkspace } from './helpers/workspace.js';

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 10 } });
let bin: string;
/** The pack, tarball and install folders, removed at the end (an install is megabytes). */
const folders: string[] = [];
let packed: string[];
const outputs: string[] = [];

function npmEnv(): NodeJS.ProcessEnv {
  // The cache `npm ci` filled, wherever this machine's npm keeps it.
  const cache = process.env.npm_config_cache;
  return cleanEnv(cache ? { npm_config_cache: cache } : {});
}

async function npm(args: string[], cwd: string): Promise<CommandResult> {
  const result = await run('npm', args, { cwd, env: npmEnv(), timeoutMs: 300_000 });
  if (result.exitCode !== 0) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${result.stderr.slice(-3000)}`);
  }
  return result;
}

/** The folder npm packs: this repository's package files around a fresh dist/. */
async function packageFolder(): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'siteleaf-publish-pack-'));
  folders.push(folder);
  for (const name of ['package.json', 'README.md', 'LICENSE']) {
    cpSync(join(REPO, name), join(folder, name));
  }
  cpSync(await cliDist(), join(folder, 'dist'), { recursive: true });
  return folder;
}

/** An empty project that depends on the tarball alone, locked for an offline install. */
function installFolder(tarball: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'siteleaf-publish-install-'));
  folders.push(folder);
  cpSync(tarball, join(folder, 'siteleaf-publish.tgz'));
  const spec = 'file:siteleaf-publish.tgz';
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  // Only runtime dependencies sit in the lock outside devDependencies' trees.
  const runtime = Object.fromEntries(
    Object.entries(lock.packages).filter(
      ([path, entry]) => path !== '' && !entry.dev && !entry.devOptional
    )
  );
  const project = {
    name: 'empty-project',
    private: true,
    dependencies: { 'siteleaf-publish': spec }
  };
  writeFileSync(join(folder, 'package.json'), JSON.stringify(project, null, 2));
  writeFileSync(
    join(folder, 'package-lock.json'),
    JSON.stringify(
      {
        name: project.name,
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': project,
          'node_modules/siteleaf-publish': {
            version: pkg.version,
            resolved: spec,
            license: pkg.license,
            dependencies: pkg.dependencies ?? {},
            bin: pkg.bin,
            engines: pkg.engines
          },
          ...runtime
        }
      },
      null,
      2
    )
  );
  return folder;
}

beforeAll(async () => {
  const source = await packageFolder();
  const destination = mkdtempSync(join(tmpdir(), 'siteleaf-publish-tarball-'));
  folders.push(destination);
  const pack = await npm(['pack', '--json', '--pack-destination', destination], source);
  const [report] = JSON.parse(pack.stdout) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  packed = (report?.files ?? []).map(file => file.path).sort();
  const project = installFolder(join(destination, report?.filename ?? ''));
  await npm(['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
  bin = join(project, 'node_modules', '.bin', 'siteleaf-publish');
}, 900_000);
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function siteleafPublish(
  args: string[],
  workspace = makeWorkspace()
): Promise<CommandResult> {
  const result = await run(
    bin,
    ['--site-id', emu.options.siteId, '--api-url', emu.url, '--theme-dir', 'theme', ...args],
    { cwd: workspace, env: cleanEnv({ SITELEAF_API_KEY: KEY, SITELEAF_API_SECRET: SECRET }) }
  );
  outputs.push(result.stdout, result.stderr);
  return result;
}

describe('the packed package', () => {
  it('holds the command and its bundle, none of the sources', () => {
    expect(packed).toContain('dist/cli.js');
    expect(packed).toContain('package.json');
    expect(packed.some(path => /^dist\/\d+\.cli\.js$/.test(path))).toBe(true);
    expect(
      packed.filter(path => /^(src|__tests__|emulator|runner|scripts|node_modules)\//.test(path))
    ).toEqual([]);
  });

  it('installs a siteleaf-publish command that knows its version', async () => {
    const result = await run(bin, ['--version'], { env: cleanEnv() });
    expect(result).toMatchObject({ exitCode: 0, stdout: `siteleaf-publish ${ACTION_VERSION}\n` });
  });

  it('dry run: exit 0, the plan, nothing changed', async () => {
    const result = await siteleafPublish(['--dry-run']);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('+ index.html (upload)');
    expect(result.stdout).toContain('Done: dry-run. 3 to upload');
    expect(emu.requests.filter(r => r.method !== 'GET')).toEqual([]);
  });

  it('publish: exit 0, the theme uploaded and the job complete', async () => {
    const result = await siteleafPublish([]);

    expect(result.exitCode).toBe(0);
    expect(emu.themeAssets()).toHaveLength(3);
    expect(result.stdout).toContain(
      `Done: complete. 3 uploaded, 0 unchanged, 0 deleted; job ${emu.jobs()[0]?.id}`
    );
  });

  it('a failing job: exit 1, file and line in the output', async () => {
    emu.options.job = {
      stepMs: 10,
      steps: [
        {
          status: 'error',
          message: "Liquid syntax error in _layouts/default.html (line 6): Unknown tag 'endfor'"
        }
      ]
    };
    const result = await siteleafPublish([]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error: theme/_layouts/default.html:6: Liquid syntax error');
  });

  it('bad input: exit 2, naming the option', async () => {
    const result = await siteleafPublish(['--concurrency', '0']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "error: Option --concurrency must be a whole number from 1 to 32, got '0'.\n"
    );
    expect(emu.requests).toEqual([]);
  });

  it('printed no secret', () => {
    const all = outputs.join('\n');
    expect(all).toContain('Done:');
    for (const secret of [KEY, SECRET, basicCredentials()]) {
      expect(all).not.toContain(secret);
    }
  });
});
