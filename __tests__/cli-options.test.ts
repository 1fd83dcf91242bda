// The command line → the action's inputs, and the errors of a bad one.
import { describe, expect, it } from '@jest/globals';
import { ACTION_INPUTS } from '../src/cli/action-inputs.js';
import {
  ALL_FLAGS,
  ENVIRONMENT_INPUTS,
  GITHUB_ONLY_INPUTS,
  INPUT_FLAGS,
  parseCommandLine,
  UsageError
} from '../src/cli/options.js';

function usageError(args: string[]): string {
  try {
    parseCommandLine(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${args.join(' ')}`);
}

describe('the options are the action inputs', () => {
  it('has a flag of the same name for every input, but the credentials and the GitHub-only ones', () => {
    for (const input of ACTION_INPUTS) {
      const flag = INPUT_FLAGS.find(f => f.name === input.name);
      const elsewhere = input.name in ENVIRONMENT_INPUTS || input.name in GITHUB_ONLY_INPUTS;
      expect({ input: input.name, flag: flag !== undefined }).toEqual({
        input: input.name,
        flag: !elsewhere
      });
    }
    expect(Object.keys(ENVIRONMENT_INPUTS).sort()).toEqual(['api-key', 'api-secret']);
    expect(Object.keys(GITHUB_ONLY_INPUTS).sort()).toEqual([
      'deployment-environment',
      'github-token'
    ]);
  });

  it('has no option that sets an input the action does not have', () => {
    const inputs = new Set(ACTION_INPUTS.map(input => input.name));
    for (const flag of INPUT_FLAGS) expect(inputs.has(flag.name)).toBe(true);
    for (const name of ['json', 'verbose', 'help', 'version']) {
      expect(ALL_FLAGS.find(f => f.name === name)?.input).toBeUndefined();
      expect(inputs.has(name)).toBe(false);
    }
  });

  it('makes an input whose default is true or false a boolean option', () => {
    for (const flag of INPUT_FLAGS) {
      const boolean = flag.input?.default === 'true' || flag.input?.default === 'false';
      expect({ name: flag.name, kind: flag.kind }).toEqual({
        name: flag.name,
        kind: boolean ? 'boolean' : 'value'
      });
    }
  });
});

describe('parseCommandLine', () => {
  it('gives nothing for what was not given, so the action defaults apply', () => {
    expect(parseCommandLine([])).toEqual({
      action: 'run',
      json: false,
      verbose: false,
      inputs: {}
    });
  });

  it('reads booleans both ways: --prune, --no-publish, --no-wait, --publish, --wait', () => {
    expect(
      parseCommandLine(['--prune', '--no-publish', '--no-wait', '--dry-run', '--no-upload-theme'])
        .inputs
    ).toEqual({
      prune: 'true',
      publish: 'false',
      wait: 'false',
      'dry-run': 'true',
      'upload-theme': 'false'
    });
    expect(parseCommandLine(['--publish', '--wait', '--no-prune']).inputs).toEqual({
      publish: 'true',
      wait: 'true',
      prune: 'false'
    });
  });

  it('takes the last of two contradicting booleans', () => {
    expect(parseCommandLine(['--no-publish', '--publish']).inputs.publish).toBe('true');
  });

  it('reads values with a space or an equals sign', () => {
    expect(
      parseCommandLine([
        '--site-id',
        'abc',
        '--theme-dir=theme',
        '--timeout',
        '60',
        '--concurrency=2',
        '--api-url',
        'http://127.0.0.1:1'
      ]).inputs
    ).toEqual({
      'site-id': 'abc',
      'theme-dir': 'theme',
      timeout: '60',
      concurrency: '2',
      'api-url': 'http://127.0.0.1:1'
    });
  });

  it('joins repeated --files into the lines of the files input, excludes included', () => {
    expect(
      parseCommandLine(['--files', '**/*.html', '--files=assets/**', '--files', '!drafts/**'])
        .inputs.files
    ).toBe('**/*.html\nassets/**\n!drafts/**');
  });

  it('knows --json, --verbose, --help (-h) and --version; help wins', () => {
    expect(parseCommandLine(['--json', '--verbose'])).toMatchObject({
      action: 'run',
      json: true,
      verbose: true
    });
    expect(parseCommandLine(['-h']).action).toBe('help');
    expect(parseCommandLine(['--version']).action).toBe('version');
    expect(parseCommandLine(['--version', '--help', '--prune']).action).toBe('help');
  });
});

describe('usage errors', () => {
  it('never take the key or secret as an option, and never echo the value given', () => {
    const message = usageError(['--api-secret=s3cr3t-value']);
    expect(message).toContain('--api-secret is not an option: set SITELEAF_API_SECRET');
    expect(message).not.toContain('s3cr3t-value');
    expect(usageError(['--api-key', 'k3y'])).toContain('set SITELEAF_API_KEY');
  });

  it('say the GitHub-only inputs belong to the action', () => {
    expect(usageError(['--deployment-environment', 'production'])).toContain(
      '--deployment-environment is only for the GitHub Action'
    );
    expect(usageError(['--github-token=x'])).toContain(
      '--github-token is only for the GitHub Action'
    );
  });

  it('suggest the option a typo meant', () => {
    expect(usageError(['--prun'])).toBe('Unknown option --prun. Did you mean --prune? See --help.');
    expect(usageError(['--dryrun'])).toContain('Did you mean --dry-run?');
    expect(usageError(['--no-wiat'])).toContain('Did you mean --no-wait?');
    expect(usageError(['--zzzzzzzz'])).toBe('Unknown option --zzzzzzzz. See --help.');
  });

  it('refuse arguments, a value for a boolean, a missing value', () => {
    expect(usageError(['publish'])).toContain('siteleaf-publish takes no arguments');
    expect(usageError(['--prune=yes'])).toContain("Option '--prune' does not take an argument");
    expect(usageError(['--site-id'])).toContain("Option '--site-id <value>' argument missing");
    expect(usageError(['--files', '-x'])).toContain("'--files' argument is ambiguous");
  });
});
