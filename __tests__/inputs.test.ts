// readSettings: every input of action.yml, read through a fake reader against a temp workspace.
// What is masked is seen through the secrets sink (the runner's `::add-mask::` in a real run).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InputError, readSettings } from '../src/inputs.js';
import { forgetSecrets, setSecretSink } from '../src/secrets.js';
import { basicAuthValue } from '../src/siteleaf/basic-auth.js';

/** Masks and reads, in the order they happened. */
const calls: string[] = [];
/** What was masked, in order. */
const masked: string[] = [];

const KEY = 'KEY-abc';
const SECRET = 'SECRET-xyz';

let workspace: string;

beforeAll(() => {
  setSecretSink(value => {
    masked.push(value);
    calls.push(`mask:${value}`);
  });
  workspace = mkdtempSync(path.join(tmpdir(), 'unit-inputs-'));
  mkdirSync(path.join(workspace, 'theme'));
  mkdirSync(path.join(workspace, 'a', 'b'), { recursive: true });
  mkdirSync(path.join(workspace, '..dots'));
  writeFileSync(path.join(workspace, 'a-file.txt'), 'not a folder');
});

afterAll(() => {
  setSecretSink(() => {});
  forgetSecrets();
  rmSync(workspace, { recursive: true, force: true });
});

beforeEach(() => {
  forgetSecrets();
  masked.length = 0;
  calls.length = 0;
});

/** A reader over a plain record: what `core.getInput` would return after trimming. */
function reader(values: Record<string, string>): (name: string) => string {
  const all: Record<string, string> = {
    'api-key': KEY,
    'api-secret': SECRET,
    'site-id': '5f1e2d3c4b5a69788796a5b4',
    ...values
  };
  return name => {
    calls.push(`read:${name}`);
    return all[name] ?? '';
  };
}

function settingsWith(values: Record<string, string>) {
  return readSettings(reader(values), workspace);
}

/** Runs readSettings and returns the one error it threw, checking it is an InputError. */
function inputErrorFor(values: Record<string, string>): Error {
  let thrown: unknown;
  try {
    settingsWith(values);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InputError);
  return thrown as Error;
}

describe('readSettings defaults', () => {
  it('fills every optional input with the documented default', () => {
    const s = settingsWith({});
    expect(s).toEqual({
      apiKey: KEY,
      apiSecret: SECRET,
      siteId: '5f1e2d3c4b5a69788796a5b4',
      themeDir: path.resolve(workspace),
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
      apiVersion: 'auto',
      overwriteContent: false,
      githubToken: '',
      deploymentEnvironment: ''
    });
  });

  it('reads explicit values of every input', () => {
    const s = settingsWith({
      'theme-dir': 'theme',
      files: '**/*.html',
      'upload-theme': 'false',
      prune: 'true',
      publish: 'false',
      wait: 'false',
      'dry-run': 'true',
      timeout: '60',
      concurrency: '32',
      'api-url': 'http://127.0.0.1:8080',
      'api-version': 'v1',
      'overwrite-content': 'true',
      'github-token': 'ghs_token',
      'deployment-environment': 'production'
    });
    expect(s).toMatchObject({
      themeDir: path.join(workspace, 'theme'),
      themeDirFromRepo: 'theme',
      filePatterns: ['**/*.html'],
      uploadTheme: false,
      prune: true,
      publish: false,
      wait: false,
      dryRun: true,
      timeoutSeconds: 60,
      concurrency: 32,
      apiUrl: 'http://127.0.0.1:8080',
      apiVersion: 'v1',
      overwriteContent: true,
      githubToken: 'ghs_token',
      deploymentEnvironment: 'production'
    });
  });

  it('accepts the YAML spellings True/TRUE/False/FALSE', () => {
    expect(settingsWith({ prune: 'True', wait: 'FALSE' })).toMatchObject({
      prune: true,
      wait: false
    });
    expect(settingsWith({ prune: 'TRUE', wait: 'False' })).toMatchObject({
      prune: true,
      wait: false
    });
  });

  it('accepts the bounds of timeout and concurrency', () => {
    expect(settingsWith({ timeout: '1', concurrency: '1' })).toMatchObject({
      timeoutSeconds: 1,
      concurrency: 1
    });
  });
});

describe('readSettings rejects bad input with one InputError naming the input', () => {
  it.each([
    ['api-key', { 'api-key': '' }],
    ['api-secret', { 'api-secret': '' }],
    ['site-id', { 'site-id': '' }]
  ])('missing %s', (name, values) => {
    const error = inputErrorFor(values);
    expect(error.message).toContain(`'${name}'`);
    expect(error.message).toMatch(/required/);
  });

  it('names api-key first when every required input is missing', () => {
    const error = inputErrorFor({ 'api-key': '', 'api-secret': '', 'site-id': '' });
    expect(error.message).toContain("'api-key'");
    expect(error.message).not.toContain("'site-id'");
  });

  it.each(['upload-theme', 'prune', 'publish', 'wait', 'dry-run', 'overwrite-content'])(
    'boolean %s that is not true/false',
    name => {
      for (const bad of ['yes', '1', 'on', 'tru', 'false ']) {
        const error = inputErrorFor({ [name]: bad });
        expect(error.message).toContain(`'${name}'`);
        expect(error.message).toContain('true or false');
        expect(error.message).toContain(bad);
      }
    }
  );

  it.each([
    ['timeout', '0'],
    ['timeout', '21601'],
    ['timeout', '1.5'],
    ['timeout', 'abc'],
    ['timeout', '-1'],
    ['timeout', '1e3'],
    ['concurrency', '0'],
    ['concurrency', '33'],
    ['concurrency', '1.5'],
    ['concurrency', 'abc'],
    ['concurrency', '-1'],
    ['concurrency', '99999999999999999999']
  ])('%s = %p is refused', (name, value) => {
    const error = inputErrorFor({ [name]: value });
    expect(error.message).toContain(`'${name}'`);
    expect(error.message).toContain(`'${value}'`);
    expect(error.message).toMatch(/whole number from 1 to/);
  });

  it('concurrency error states the 1 to 32 range', () => {
    expect(inputErrorFor({ concurrency: '33' }).message).toContain('from 1 to 32');
  });

  it('theme-dir that does not exist', () => {
    const error = inputErrorFor({ 'theme-dir': 'no-such-dir' });
    expect(error.message).toContain("'theme-dir'");
    expect(error.message).toContain('no-such-dir');
  });

  it('theme-dir that is a file', () => {
    const error = inputErrorFor({ 'theme-dir': 'a-file.txt' });
    expect(error.message).toContain("'theme-dir'");
    expect(error.message).toContain('a-file.txt');
  });

  it.each([['!**/*.bak'], ['!a\n!b'], ['# only a comment\n\n'], ['\n  \n']])(
    'files with no including pattern: %p',
    files => {
      const error = inputErrorFor({ files });
      expect(error.message).toContain("'files'");
    }
  );

  it.each([
    ['malformed', 'not a url'],
    ['no scheme', 'api.siteleaf.com'],
    ['ftp', 'ftp://api.siteleaf.com'],
    ['credentials', 'https://user:pass@api.siteleaf.com'],
    ['user only', 'https://user@api.siteleaf.com'],
    ['query', 'https://api.siteleaf.com/?x=1'],
    ['fragment', 'https://api.siteleaf.com/#top']
  ])('api-url %s (%p)', (_label, url) => {
    const error = inputErrorFor({ 'api-url': url });
    expect(error.message).toContain("'api-url'");
  });

  it('api-url with credentials does not echo them', () => {
    const error = inputErrorFor({ 'api-url': 'https://someone:hunter2@api.siteleaf.com' });
    expect(error.message).not.toContain('hunter2');
  });

  it('site-id with characters no Siteleaf id has', () => {
    const error = inputErrorFor({ 'site-id': '../sites/x' });
    expect(error.message).toContain("'site-id'");
  });

  it('checks nothing network-ish before failing: the error is thrown synchronously', () => {
    expect(() => settingsWith({ 'api-key': '' })).toThrow(InputError);
  });
});

describe('api-version and overwrite-content', () => {
  it.each([
    ['auto', 'auto'],
    ['v1', 'v1'],
    ['v2', 'v2'],
    ['V2', 'v2'],
    ['AUTO', 'auto']
  ])('api-version %p reads as %p', (raw, value) => {
    expect(settingsWith({ 'api-version': raw }).apiVersion).toBe(value);
  });

  it.each(['v3', '2', 'v2.0', 'latest', 'v1,v2'])(
    'api-version %p is refused, naming the input',
    raw => {
      const error = inputErrorFor({ 'api-version': raw });
      expect(error.message).toContain("'api-version'");
      expect(error.message).toContain(`'${raw}'`);
      expect(error.message).toContain('auto, v1, v2');
    }
  );

  it('overwrite-content reads true and false', () => {
    expect(settingsWith({ 'overwrite-content': 'true' }).overwriteContent).toBe(true);
    expect(settingsWith({ 'overwrite-content': 'False' }).overwriteContent).toBe(false);
  });
});

describe('secrets never appear in error messages', () => {
  const badInputs: Array<Record<string, string>> = [
    { 'api-secret': '' },
    { 'site-id': '' },
    { 'site-id': 'bad id!' },
    { prune: 'maybe' },
    { wait: 'nope' },
    { timeout: '0' },
    { concurrency: 'abc' },
    { 'theme-dir': 'missing' },
    { files: '!x' },
    { 'api-url': 'ftp://x' },
    { 'api-url': `https://${KEY}:${SECRET}@api.siteleaf.com` },
    { 'api-url': `https://api.siteleaf.com/?key=${KEY}&secret=${SECRET}` },
    { 'api-url': 'nonsense' },
    { 'api-version': SECRET },
    { 'overwrite-content': KEY }
  ];
  it.each(badInputs)('%p', values => {
    const error = inputErrorFor(values);
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(basicAuthValue(KEY, SECRET));
    expect(String(error.stack)).not.toContain(SECRET);
  });

  it('an api-key containing ":" is refused without printing the key', () => {
    const error = inputErrorFor({ 'api-key': 'KEY:abc' });
    expect(error.message).toContain("'api-key'");
    expect(error.message).not.toContain('KEY:abc');
  });
});

describe('masking', () => {
  const base64 = Buffer.from(`${KEY}:${SECRET}`).toString('base64');

  it('masks key, secret and the Basic auth value before failing on a missing site-id', () => {
    inputErrorFor({ 'site-id': '' });
    expect(masked).toEqual(expect.arrayContaining([KEY, SECRET, base64]));
    expect(basicAuthValue(KEY, SECRET)).toBe(base64);
  });

  it('masks before any other input is even read', () => {
    settingsWith({});
    const firstOther = calls.findIndex(
      c => c.startsWith('read:') && c !== 'read:api-key' && c !== 'read:api-secret'
    );
    const lastMask = calls.map(c => c.startsWith('mask:')).lastIndexOf(true);
    expect(firstOther).toBeGreaterThan(-1);
    expect(lastMask).toBeGreaterThan(-1);
    expect(lastMask).toBeLessThan(firstOther);
  });

  it('masks the key even when the secret is missing', () => {
    const error = inputErrorFor({ 'api-secret': '' });
    expect(error.message).toContain("'api-secret'");
    expect(masked).toContain(KEY);
  });

  it('masks before refusing a bad boolean or a bad api-url', () => {
    inputErrorFor({ prune: 'maybe' });
    expect(masked).toContain(SECRET);
    masked.length = 0;
    forgetSecrets();
    inputErrorFor({ 'api-url': 'ftp://x' });
    expect(masked).toContain(SECRET);
  });

  it('never masks an empty string (that would mask nothing useful and everything visible)', () => {
    inputErrorFor({ 'api-key': '', 'api-secret': '' });
    expect(masked).not.toContain('');
  });
});

describe('theme-dir → themeDirFromRepo', () => {
  it.each([
    ['theme', 'theme'],
    ['theme/', 'theme'],
    ['./theme', 'theme'],
    ['a/b', 'a/b'],
    ['a/b/', 'a/b'],
    ['.', ''],
    ['', ''],
    ['a/..', ''],
    ['..dots', '..dots']
  ])('%p gives %p', (dir, expected) => {
    const s = settingsWith({ 'theme-dir': dir });
    expect(s.themeDirFromRepo).toBe(expected);
    expect(s.themeDir).toBe(path.resolve(workspace, dir));
  });

  it('an absolute theme-dir inside the workspace is made relative', () => {
    const s = settingsWith({ 'theme-dir': path.join(workspace, 'a', 'b') });
    expect(s.themeDirFromRepo).toBe('a/b');
  });
});

describe('api-url and files normalising', () => {
  it.each([
    ['https://api.siteleaf.com/', 'https://api.siteleaf.com'],
    ['https://api.siteleaf.com//', 'https://api.siteleaf.com'],
    ['http://127.0.0.1:4567/', 'http://127.0.0.1:4567'],
    ['http://127.0.0.1:4567/base/', 'http://127.0.0.1:4567/base'],
    ['https://api.siteleaf.com', 'https://api.siteleaf.com']
  ])('api-url %p → %p', (raw, expected) => {
    expect(settingsWith({ 'api-url': raw }).apiUrl).toBe(expected);
  });

  it('splits files by newline and drops blank and # lines', () => {
    const s = settingsWith({
      files: '# theme files\n_layouts/**\n\n   \n  assets/**  \r\n!assets/**/*.map\n  # comment\n'
    });
    expect(s.filePatterns).toEqual(['_layouts/**', 'assets/**', '!assets/**/*.map']);
  });

  it('a ! pattern next to an including one is fine', () => {
    expect(settingsWith({ files: '**\n!*.bak' }).filePatterns).toEqual(['**', '!*.bak']);
  });
});
