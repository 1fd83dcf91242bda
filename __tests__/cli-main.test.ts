// The command's front door in this process: help, version, usage errors, exit codes and the
// result line. Runs against the emulator are in cli.integration.test.ts.
import { afterEach, describe, expect, it } from '@jest/globals';
import { EXIT, exitCodeOf, resultLine, runCli, type CommandIo } from '../src/cli/main.js';
import { InputError } from '../src/inputs.js';
import { createRunReport, type RunReport } from '../src/report/run-report.js';
import { forgetSecrets } from '../src/secrets.js';
import { ACTION_VERSION } from '../src/version.js';

class Captured {
  text = '';
  constructor(readonly isTTY = false) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

async function command(args: string[], env: NodeJS.ProcessEnv = {}, tty = false) {
  const stdout = new Captured(tty);
  const stderr = new Captured(tty);
  const io: CommandIo = { args, env, cwd: process.cwd(), stdout, stderr };
  const exitCode = await runCli(io);
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

afterEach(() => forgetSecrets());

describe('runCli', () => {
  it('--help: the help on stdout, exit 0', async () => {
    const result = await command(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^siteleaf-publish \d+\.\d+\.\d+: /);
    expect(result.stderr).toBe('');
  });

  it('--version: the version on stdout, exit 0', async () => {
    expect(await command(['--version'])).toEqual({
      exitCode: 0,
      stdout: `siteleaf-publish ${ACTION_VERSION}\n`,
      stderr: ''
    });
  });

  it('an unknown option: one error on stderr, nothing on stdout, exit 2', async () => {
    expect(await command(['--publsh'])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'error: Unknown option --publsh. Did you mean --publish? See --help.\n'
    });
  });

  it('a usage error with --json: still one JSON object on stdout', async () => {
    const result = await command(['--json', '--bogus']);
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', 'job-id': '' });
  });

  it('nothing configured: exit 2 before any request, never an echo of a secret', async () => {
    const result = await command(['--site-id', 'x', '--theme-dir', 'nowhere'], {
      SITELEAF_API_KEY: 'key-that-is-secret'
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: Missing SITELEAF_API_SECRET.');
    expect(result.stderr).not.toContain('key-that-is-secret');
  });

  it('colours the error label on a terminal, not with NO_COLOR', async () => {
    const coloured = (await command(['--bogus'], {}, true)).stderr;
    expect(coloured.startsWith('\x1b[31merror:\x1b[39m Unknown option --bogus.')).toBe(true);
    expect((await command(['--bogus'], { NO_COLOR: '1' }, true)).stderr).toMatch(/^error: /);
  });
});

describe('exitCodeOf', () => {
  const judged = (
    status: NonNullable<RunReport['verdict']>['status'],
    extra: Partial<RunReport> = {}
  ) => ({
    ...createRunReport(),
    verdict: { status, missing: [], deployment: 'success' as const },
    ...extra
  });

  it.each(['complete', 'queued', 'skipped', 'dry-run'] as const)('%s → 0', status => {
    expect(exitCodeOf(judged(status))).toBe(EXIT.ok);
  });

  it('failed → 1; failed on an input the flow checked (no file matched) → 2', () => {
    expect(exitCodeOf(judged('failed', { error: new Error('503') }))).toBe(1);
    expect(exitCodeOf(judged('failed', { error: new InputError('no file') }))).toBe(2);
  });

  it('cancelled → 130 after SIGINT, 143 after SIGTERM', () => {
    expect(exitCodeOf(judged('failed', { cancelled: true }), 'SIGINT')).toBe(130);
    expect(exitCodeOf(judged('failed', { cancelled: true }), 'SIGTERM')).toBe(143);
  });

  it('no verdict (cannot happen) → 1', () => {
    expect(exitCodeOf(createRunReport())).toBe(1);
  });
});

describe('resultLine', () => {
  it('says the status, the counts, the job and the site', () => {
    const report: RunReport = {
      ...createRunReport(),
      verdict: { status: 'complete', missing: [], deployment: 'success' },
      jobId: 'abc',
      siteUrl: 'https://example.com',
      sync: {
        uploaded: ['a', 'b'],
        replaced: [],
        pruned: ['c'],
        duplicatesRemoved: [],
        failed: [],
        restored: [],
        renamed: []
      }
    };
    expect(resultLine(report)).toBe(
      'Done: complete. 2 uploaded, 0 unchanged, 1 deleted; job abc; https://example.com.'
    );
  });

  it('says what a dry run would do', () => {
    const report: RunReport = {
      ...createRunReport(),
      verdict: { status: 'dry-run', missing: [], deployment: 'success' }
    };
    expect(resultLine(report)).toBe('Done: dry-run. 0 to upload, 0 unchanged, 0 to delete.');
  });
});
