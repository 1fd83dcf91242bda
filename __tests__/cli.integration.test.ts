// `siteleaf-publish`, the built command (dist/cli.js from today's sources), run as a process
// against the emulator: what a GitLab job or a laptop sees, output and exit code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { INPUT_FLAGS } from '../src/cli/options.js';
import { flagLabel } from '../src/cli/help.js';
import { cleanEnv, cliDist, nodeOlderThan, run, type CommandResult } from './helpers/cli.js';
import { useEmulator } from './helpers/emulator.js';
import { KEY, SECRET, basicCredentials, makeWorkspace } from './helpers/workspace.js';
import { ACTION_VERSION } from '../src/version.js';

const LIQUID_ERROR = "Liquid syntax error in _layouts/default.html (line 6): Unknown tag 'endfor'";

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 10 } });
let dist: string;
let workspace: string;
/** Every run's output, checked at the end for secrets. */
const everything: string[] = [];

beforeAll(async () => {
  dist = await cliDist();
  workspace = makeWorkspace();
}, 600_000);

function siteleafPublish(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; credentials?: boolean } = {}
): Promise<CommandResult> {
  const credentials: Record<string, string> =
    options.credentials === false ? {} : { SITELEAF_API_KEY: KEY, SITELEAF_API_SECRET: SECRET };
  return run(process.execPath, [join(dist, 'cli.js'), ...args], {
    cwd: options.cwd ?? workspace,
    env: cleanEnv({ ...credentials, ...options.env })
  }).then(result => {
    everything.push(result.stdout, result.stderr);
    return result;
  });
}

const site = () => ['--site-id', emu.options.siteId, '--api-url', emu.url, '--theme-dir', 'theme'];

describe('siteleaf-publish against the emulator', () => {
  it('--help lists every option, exit 0', async () => {
    const result = await siteleafPublish(['--help']);

    expect(result.exitCode).toBe(0);
    for (const flag of INPUT_FLAGS) expect(result.stdout).toContain(flagLabel(flag));
    expect(result.stdout).toContain('SITELEAF_API_KEY');
    expect(result.stderr).toBe('');
  });

  it('a dry run prints the plan, changes nothing, exit 0', async () => {
    const result = await siteleafPublish([...site(), '--dry-run']);

    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toContain('==> Plan for 3 theme files');
    expect(result.stdout).toContain('+ _layouts/default.html (upload)');
    expect(result.stdout).toContain('Dry run: nothing was changed on Siteleaf');
    expect(result.stdout).toMatch(/^Done: dry-run\. 3 to upload, 0 unchanged, 0 to delete/m);
    expect(emu.requests.filter(r => r.method !== 'GET')).toEqual([]);
    expect(emu.jobs()).toEqual([]);
  });

  it('publishes: one line per uploaded file and per job event, no workflow command, exit 0', async () => {
    const result = await siteleafPublish(site());

    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const [job] = emu.jobs();
    expect(emu.themeAssets()).toHaveLength(3);
    expect(result.stdout).toContain('==> Upload');
    expect(result.stdout).toMatch(/^Uploaded index\.html \(\d+ B\)$/m);
    expect(result.stdout).toContain(`Publishing: job ${job?.id}`);
    expect(result.stdout).toMatch(/Published$/m);
    expect(result.stdout).toContain(
      `Done: complete. 3 uploaded, 0 unchanged, 0 deleted; job ${job?.id}; https://example.siteleaf.net.`
    );
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s*::/m);
    expect(`${result.stdout}${result.stderr}`).not.toContain('\x1b[');
  });

  it('a failing job: exit 1, the file and line in the error, on stderr', async () => {
    emu.options.job = {
      stepMs: 10,
      steps: [
        { status: 'working', message: 'Building site...' },
        { status: 'error', message: LIQUID_ERROR }
      ]
    };
    const result = await siteleafPublish(site());

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error: theme/_layouts/default.html:6: ${LIQUID_ERROR}`);
    expect(result.stderr).toMatch(/^error: Siteleaf publish job \w+ failed: Liquid syntax error/m);
    expect(result.stdout).not.toContain('Done:');
  });

  it.each([
    [['--timeout', '0'], "Option --timeout must be a whole number from 1 to 21600, got '0'."],
    [['--theme-dir', 'nowhere'], "Option --theme-dir must be a folder, but 'nowhere'"],
    [['--api-url', 'ftp://x'], "Option --api-url must use https:// (or http://), got 'ftp://x'."],
    [['--files', 'nothing/**'], "Option --files matched no file in theme-dir 'theme'"],
    [['--prune=yes'], "Option '--prune' does not take an argument"],
    [['--frobnicate'], 'Unknown option --frobnicate.'],
    [['publish'], 'siteleaf-publish takes no arguments, only options']
  ])('bad input %j: exit 2 before any change, naming the option', async (args, message) => {
    const result = await siteleafPublish([...site(), ...args]);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`error: ${message}`);
    expect(result.stderr).not.toMatch(/actions\/checkout|upload-theme: false/);
    expect(emu.requests.filter(r => r.method !== 'GET')).toEqual([]);
  });

  it('missing credentials and site id: exit 2, one error naming every place looked', async () => {
    const result = await siteleafPublish(['--api-url', emu.url, '--theme-dir', 'theme'], {
      credentials: false
    });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'error: Missing SITELEAF_API_KEY, SITELEAF_API_SECRET and the site id.'
    );
    for (const place of [
      '--site-id: not given',
      'SITELEAF_SITE_ID: not set',
      'theme/.siteleaf.yml: no such file',
      'theme/config.ru: no such file'
    ]) {
      expect(result.stderr).toContain(place);
    }
    expect(result.stderr.match(/error:/g)).toHaveLength(1);
    expect(emu.requests).toEqual([]);
  });

  it("finds the site id in the theme's .siteleaf.yml, as the v2 gem does", async () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws, 'theme', '.siteleaf.yml'), `---\nsite_id: ${emu.options.siteId}\n`);
    const result = await siteleafPublish(['--api-url', emu.url, '--theme-dir', 'theme'], {
      cwd: ws
    });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Site id ${emu.options.siteId} from theme/.siteleaf.yml.`);
    expect(emu.themeAssets()).toHaveLength(3);
  });

  it('--json: the outputs alone on stdout, the log on stderr', async () => {
    const result = await siteleafPublish([...site(), '--json']);

    expect(result.exitCode).toBe(0);
    const outputs = JSON.parse(result.stdout) as Record<string, string>;
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(outputs).toEqual({
      'job-id': emu.jobs()[0]?.id,
      status: 'complete',
      uploaded: '3',
      replaced: '0',
      unchanged: '0',
      deleted: '0',
      'uploaded-files': JSON.stringify([
        '_layouts/default.html',
        'assets/css/site.css',
        'index.html'
      ]),
      'site-url': 'https://example.siteleaf.net',
      'api-version': 'v1',
      kept: '0'
    });
    expect(result.stderr).toContain('==> Plan for 3 theme files');
    expect(result.stderr).toContain('Done: complete.');
  });

  it('--json on bad input still prints one object, status failed, exit 2', async () => {
    const result = await siteleafPublish([...site(), '--json', '--concurrency', '99']);

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', 'job-id': '' });
    expect(result.stderr).toContain('error: Option --concurrency must be a whole number');
  });

  it('Ctrl-C while following the job: says the publish goes on, exit 130', async () => {
    emu.options.job = { stepMs: 10, hang: true };
    const result = await run(process.execPath, [join(dist, 'cli.js'), ...site()], {
      cwd: workspace,
      env: cleanEnv({ SITELEAF_API_KEY: KEY, SITELEAF_API_SECRET: SECRET }),
      onSpawn: child => {
        let seen = '';
        const interrupt = (chunk: Buffer) => {
          seen += chunk.toString();
          if (!/Compiling\.\.\./.test(seen)) return;
          child.stdout?.off('data', interrupt);
          child.kill('SIGINT'); // once: a second Ctrl-C quits at once, without the report
        };
        child.stdout?.on('data', interrupt);
      }
    });
    everything.push(result.stdout, result.stderr);

    expect(result.exitCode).toBe(130);
    expect(result.stdout).toContain('Received SIGINT: stopping what is in flight');
    const [job] = emu.jobs();
    expect(result.stderr).toContain(
      'Cancelled. Uploaded before stopping: _layouts/default.html, assets/css/site.css, index.html.'
    );
    expect(result.stderr).toContain(`Publish job ${job?.id} was started and goes on on Siteleaf.`);
  });

  it('goes on when the reader of its output goes away (| head), exit code of the run', async () => {
    const result = await run(process.execPath, [join(dist, 'cli.js'), ...site(), '--dry-run'], {
      cwd: workspace,
      env: cleanEnv({ SITELEAF_API_KEY: KEY, SITELEAF_API_SECRET: SECRET }),
      onSpawn: child => child.stdout?.destroy()
    });

    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
  });

  describe("a failure's advice is the command's: options and variables, no input, no workflow", () => {
    const UNKNOWN_SITE = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const actionWords = (result: CommandResult) =>
      `${result.stdout}${result.stderr}`.match(/input|workflow|runner|the action\b/gi);

    it('credentials refused (401): names SITELEAF_API_KEY and SITELEAF_API_SECRET, exit 1', async () => {
      const result = await siteleafPublish(site(), {
        env: { SITELEAF_API_SECRET: 'not-the-secret' }
      });

      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /^error: Reading the site failed with HTTP 401: Unauthorized! Check SITELEAF_API_KEY and SITELEAF_API_SECRET: Siteleaf did not accept them for this site\.$/m
      );
      expect(actionWords(result)).toBeNull();
      expect(emu.requests.filter(r => r.method !== 'GET')).toEqual([]);
    });

    it('no such site (404): names --site-id, SITELEAF_SITE_ID, --api-version and --api-url, exit 1', async () => {
      const result = await siteleafPublish([
        ...['--site-id', UNKNOWN_SITE, '--api-url', emu.url, '--theme-dir', 'theme'],
        ...['--api-version', 'v1']
      ]);

      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        `error: Reading the site failed with HTTP 404: Siteleaf's v1 API does not know site ` +
          `${UNKNOWN_SITE}; check the site id, or the site may run on the v2 API ` +
          '(--api-version v2, or --api-version auto to let the command ask). Check the site id ' +
          "(--site-id, SITELEAF_SITE_ID, or the theme's .siteleaf.yml or config.ru): Siteleaf " +
          'has no such site for this key (or --api-url is wrong).'
      );
      expect(actionWords(result)).toBeNull();
    });

    it('a publish past --timeout: says to raise --timeout, exit 1', async () => {
      emu.options.job = { stepMs: 10, hang: true };
      const result = await siteleafPublish([...site(), '--timeout', '1']);

      expect(result.exitCode).toBe(1);
      const [job] = emu.jobs();
      expect(result.stderr).toContain(
        `error: Publish job ${job?.id} did not finish within the timeout of 1 s`
      );
      expect(result.stderr).toMatch(
        /It may still finish on Siteleaf; raise --timeout if publishes take longer\.$/m
      );
      expect(actionWords(result)).toBeNull();
    });
  });

  it('--verbose prints debug lines, still without a secret, even one a server echoes', async () => {
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      status: 422,
      body: JSON.stringify({ error: `Key ${KEY} and secret ${SECRET} are not welcome here` })
    });
    const result = await siteleafPublish([...site(), '--verbose', '--concurrency', '1']);

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^debug: GET http:\/\/127\.0\.0\.1:\d+\/v1\/sites\//m);
    expect(result.stderr).toContain('Key *** and secret *** are not welcome here');
  });
});

describe('siteleaf-publish against a v2 site', () => {
  const JEKYLL_SITE: Record<string, string> = {
    '_config.yml': 'title: Example\nexclude:\n  - drafts\n',
    '_layouts/default.html': '<!doctype html>\n{{ content }}\n',
    'index.html': '---\nlayout: default\n---\n<h1>Hello</h1>\n',
    'drafts/wip.md': 'not yet\n'
  };
  const v2 = useEmulator({
    apiKey: KEY,
    apiSecret: SECRET,
    siteVersion: 'v2',
    job: { stepMs: 10 }
  });

  const v2Site = () => [
    '--site-id',
    v2.options.siteId,
    '--api-url',
    v2.url,
    '--theme-dir',
    'theme'
  ];

  it("detects v2, uploads by Jekyll's rules with PUTs, publishes: exit 0", async () => {
    const result = await siteleafPublish([...v2Site(), '--json'], {
      cwd: makeWorkspace(JEKYLL_SITE)
    });

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'complete',
      'api-version': 'v2',
      uploaded: '3',
      kept: '0'
    });
    expect(result.stderr).toContain('Siteleaf API: v2 (detected: the site runs on it)');
    expect(v2.requests.filter(r => r.method === 'PUT')).toHaveLength(3);
    expect(v2.sourceFiles().map(f => f.name)).not.toContain('drafts/wip.md');
  });

  it('--api-version v2 and a broken _config.yml: exit 1 on its file and line, no request', async () => {
    const result = await siteleafPublish([...v2Site(), '--api-version', 'v2'], {
      cwd: makeWorkspace({ ...JEKYLL_SITE, '_config.yml': 'title: Example\nexclude: [a, b\n' })
    });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^error: theme\/_config\.yml:\d+: theme\/_config\.yml, line \d+: /m
    );
    expect(v2.requests).toEqual([]);
  });

  it('--overwrite-content and --api-version are options like any other', async () => {
    const result = await siteleafPublish(
      [...v2Site(), '--api-version', 'V2', '--overwrite-content', '--dry-run'],
      { cwd: makeWorkspace(JEKYLL_SITE) }
    );

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('overwrite-content: true');
    expect(result.stdout).toContain('Siteleaf API: v2 (set by api-version)');
    const bad = await siteleafPublish([...v2Site(), '--api-version', 'v3']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain(
      "error: Option --api-version must be one of auto, v1, v2, got 'v3'."
    );
  });
});

describe('on a Node older than 24', () => {
  const fake =
    'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"22.1.0"})';
  const onFakeOldNode = (...args: string[]) =>
    run(process.execPath, ['--import', fake, join(dist, 'cli.js'), ...args], { env: cleanEnv() });

  it('prints one line and exits 2, whatever the bundle would have crashed on', async () => {
    const result = await onFakeOldNode('--dry-run', '--site-id', 'abc');
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^siteleaf-publish needs Node\.js 24 or newer, but this is Node\.js 22\.1\.0 /
      )
    ]);
  });

  it('still answers --help (with a note on the Node it needs) and --version', async () => {
    const help = await onFakeOldNode('--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--site-id');
    expect(help.stdout).toMatch(/Note: siteleaf-publish needs Node\.js 24 or newer/);
    const version = await onFakeOldNode('--version');
    expect(version).toMatchObject({ exitCode: 0, stdout: `siteleaf-publish ${ACTION_VERSION}\n` });
  });

  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find(path => nodeOlderThan(path, 24));
  (oldNode ? it : it.skip)(`really: ${oldNode ?? 'no older Node on this machine'}`, async () => {
    const refused = await run(oldNode as string, [join(dist, 'cli.js'), '--dry-run'], {
      env: cleanEnv()
    });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(
      /^siteleaf-publish needs Node\.js 24 or newer, but this is Node\.js \d+/
    );
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    // The issue's own check: `node dist/cli.js --help` lists every input, whatever the Node.
    const help = await run(oldNode as string, [join(dist, 'cli.js'), '--help'], {
      env: cleanEnv()
    });
    expect(help.exitCode).toBe(0);
    for (const flag of [
      '--site-id',
      '--theme-dir',
      '--files',
      '--api-version',
      '--overwrite-content'
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });
});

// Last: every run of this file, v1 and v2, piped and --json, is in `everything`.
it('prints no secret in any run above', () => {
  const output = everything.join('\n');
  expect(output.length).toBeGreaterThan(1000);
  for (const secret of [KEY, SECRET, basicCredentials()]) expect(output).not.toContain(secret);
});
