// Options and environment → the action's own Settings, through its own readSettings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parseCommandLine, UsageError } from '../src/cli/options.js';
import { readCommandSettings } from '../src/cli/settings.js';
import { forgetSecrets, redact } from '../src/secrets.js';
import { KEY, SECRET, makeWorkspace } from './helpers/workspace.js';

const SITE = '5f1e2d3c4b5a69788796a5b4';
const credentials = { SITELEAF_API_KEY: KEY, SITELEAF_API_SECRET: SECRET };

afterEach(() => forgetSecrets());

function settingsFor(args: string[], env: NodeJS.ProcessEnv = credentials, cwd = makeWorkspace()) {
  return readCommandSettings(parseCommandLine(args), env, cwd);
}

function failure(args: string[], env: NodeJS.ProcessEnv = credentials, cwd = makeWorkspace()) {
  try {
    settingsFor(args, env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('readCommandSettings', () => {
  it('gives the action defaults for what was not given', () => {
    const cwd = makeWorkspace();
    const { settings, siteIdFrom } = settingsFor(['--site-id', SITE], credentials, cwd);

    expect(siteIdFrom).toBe('--site-id');
    expect(settings).toMatchObject({
      apiKey: KEY,
      apiSecret: SECRET,
      siteId: SITE,
      themeDir: cwd,
      themeDirFromRepo: '',
      filePatterns: ['**'],
      uploadTheme: true,
      prune: false,
      publish: true,
      wait: true,
      timeoutSeconds: 900,
      concurrency: 6,
      dryRun: false,
      apiUrl: 'https://api.siteleaf.com',
      githubToken: '',
      deploymentEnvironment: ''
    });
  });

  it('reads every option into the setting of its input; theme-dir from the current folder', () => {
    const cwd = makeWorkspace();
    const { settings } = settingsFor(
      [
        '--site-id',
        SITE,
        '--theme-dir',
        'theme',
        '--files',
        '**/*.html',
        '--files',
        '!drafts/**',
        '--no-upload-theme',
        '--prune',
        '--no-publish',
        '--no-wait',
        '--timeout',
        '60',
        '--concurrency',
        '3',
        '--dry-run',
        '--api-url',
        'http://127.0.0.1:8080/'
      ],
      credentials,
      cwd
    );

    expect(settings).toMatchObject({
      themeDir: join(cwd, 'theme'),
      themeDirFromRepo: 'theme',
      filePatterns: ['**/*.html', '!drafts/**'],
      uploadTheme: false,
      prune: true,
      publish: false,
      wait: false,
      timeoutSeconds: 60,
      concurrency: 3,
      dryRun: true,
      apiUrl: 'http://127.0.0.1:8080'
    });
  });

  it('trims the credentials, as the action trims its inputs, and takes them out of any text', () => {
    const { settings } = settingsFor(['--site-id', SITE], {
      SITELEAF_API_KEY: ` ${KEY}\n`,
      SITELEAF_API_SECRET: SECRET
    });
    expect(settings.apiKey).toBe(KEY);
    expect(redact(`${KEY} ${SECRET}`)).toBe('*** ***');
  });

  it('says where a site id came from when it is not the option', () => {
    const cwd = makeWorkspace();
    writeFileSync(join(cwd, 'theme', '.siteleaf.yml'), `site_id: ${SITE}\n`);
    expect(settingsFor(['--theme-dir', 'theme'], credentials, cwd).siteIdFrom).toBe(
      'theme/.siteleaf.yml'
    );
    expect(settingsFor([], { ...credentials, SITELEAF_SITE_ID: SITE }, cwd).siteIdFrom).toBe(
      'SITELEAF_SITE_ID'
    );
  });

  it('names the file a malformed site id came from', () => {
    const cwd = makeWorkspace();
    writeFileSync(join(cwd, 'theme', '.siteleaf.yml'), 'site_id: not an id\n');
    expect(failure(['--theme-dir', 'theme'], credentials, cwd)).toBe(
      "Option --site-id must be a Siteleaf site id (letters, digits, '-' or '_'), got 'not an id'. " +
        '(The site id came from theme/.siteleaf.yml.)'
    );
  });

  it('lists everything missing in one message: both variables and every place looked', () => {
    const message = failure(['--theme-dir', 'theme'], {});
    expect(message.split('\n')).toEqual([
      'Missing SITELEAF_API_KEY, SITELEAF_API_SECRET and the site id.',
      "Set SITELEAF_API_KEY and SITELEAF_API_SECRET in the environment (from your CI's secret variables); they are never options.",
      'Looked for the site id in:',
      '  --site-id: not given',
      '  SITELEAF_SITE_ID: not set',
      '  theme/.siteleaf.yml: no such file',
      '  theme/config.ru: no such file',
      'Give --site-id, set SITELEAF_SITE_ID, or write `site_id: <id>` in theme/.siteleaf.yml.'
    ]);
  });

  it('says only what is missing', () => {
    expect(failure(['--site-id', SITE], { SITELEAF_API_KEY: KEY })).toBe(
      'Missing SITELEAF_API_SECRET.\n' +
        "Set SITELEAF_API_KEY and SITELEAF_API_SECRET in the environment (from your CI's secret variables); they are never options."
    );
    expect(failure([], credentials).split('\n')[0]).toBe('Missing the site id.');
  });

  it("rewords the action's input errors for a command line", () => {
    expect(failure(['--site-id', SITE, '--timeout', '0'])).toBe(
      "Option --timeout must be a whole number from 1 to 21600, got '0'."
    );
    const missingDir = failure(['--site-id', SITE, '--theme-dir', 'nowhere']);
    expect(missingDir).toMatch(
      /^Option --theme-dir must be a folder, but 'nowhere' \(.*\) does not exist or is not a folder\.$/
    );
    expect(
      failure(['--site-id', SITE], { SITELEAF_API_KEY: 'a:b', SITELEAF_API_SECRET: SECRET })
    ).toBe("SITELEAF_API_KEY must not contain ':' (it is the Basic auth user name).");
  });
});
