// The command's words: the action's messages, made by the action's own code, as the command
// says them, and the terminal that says every problem that way. Runs against the emulator
// (a 401, a 404, a timeout) are in cli.integration.test.ts.
import { describe, expect, it } from '@jest/globals';
import { CommandTerminal, forCommandLine } from '../src/cli/wording.js';
import { SiteleafApiError, SiteleafNetworkError, hintForStatus } from '../src/siteleaf/errors.js';
import { judgeRun, type RunFacts } from '../src/verdict.js';
import { syncResultOf } from './helpers/fixtures.js';
import { capturedTerminal } from './helpers/terminal.js';

const JOB = '5f1e2d3c4b5a69788796a5b4';
/** What the command must never say: the action's vocabulary. */
const ACTION_WORDS = /\binputs?\b|workflow|runner|re-run|the action\b|: (true|false)\b/i;

function facts(f: Partial<RunFacts>): RunFacts {
  return { dryRun: false, cancelled: false, jobIds: [JOB], timeoutSeconds: 900, ...f };
}

describe('forCommandLine', () => {
  it.each([
    ["Input 'files' has no pattern", 'Option --files has no pattern'],
    ["Input 'api-secret' is required", 'SITELEAF_API_SECRET is required'],
    [
      "Input 'files' matched no file in theme-dir 'theme' (…). Set upload-theme: false to publish only.",
      "Option --files matched no file in theme-dir 'theme' (…). Give --no-upload-theme to publish only."
    ],
    [
      "Input 'api-url' must not carry credentials: use the api-key and api-secret inputs.",
      'Option --api-url must not carry credentials: use SITELEAF_API_KEY and SITELEAF_API_SECRET.'
    ],
    [
      "Invalid pattern '/a' in the files input: patterns are relative to theme-dir, write it without the leading '/'.",
      "Invalid pattern '/a' in --files: patterns are relative to --theme-dir, write it without the leading '/'."
    ]
  ])('%j', (message, expected) => {
    expect(forCommandLine(message)).toBe(expected);
  });

  it('a 401 names SITELEAF_API_KEY and SITELEAF_API_SECRET', () => {
    expect(forCommandLine(hintForStatus(401))).toBe(
      'Check SITELEAF_API_KEY and SITELEAF_API_SECRET: Siteleaf did not accept them for this site.'
    );
  });

  it('a 404 names every place the site id comes from, and --api-url', () => {
    expect(forCommandLine(hintForStatus(404))).toBe(
      "Check the site id (--site-id, SITELEAF_SITE_ID, or the theme's .siteleaf.yml or " +
        'config.ru): Siteleaf has no such site for this key (or --api-url is wrong).'
    );
  });

  it('says no input, workflow or runner for any status, network failure or verdict', () => {
    const messages = [
      ...[401, 403, 404, 410, 413, 422, 429, 500, 503].map(status => hintForStatus(status)),
      new SiteleafApiError('Reading the site', 403, 'Rate limit exceeded').message,
      new SiteleafNetworkError('Reading the site', 'ECONNREFUSED').message,
      new SiteleafNetworkError('Reading the site', 'socket hang up', 1, true).message,
      judgeRun(facts({ publish: { result: 'timeout', jobId: JOB } })).failure,
      judgeRun(facts({ publish: { result: 'stale', jobId: JOB, rounds: 5 } })).failure,
      judgeRun(facts({ publish: { result: 'not-found', jobId: JOB, message: 'gone' } })).failure,
      judgeRun(
        facts({
          sync: syncResultOf({ failed: [{ filename: 'a.html', message: 'x', missingNow: true }] })
        })
      ).failure
    ];
    for (const message of messages) {
      expect(message).toBeDefined();
      expect(forCommandLine(message ?? '')).not.toMatch(ACTION_WORDS);
    }
  });

  it.each([
    [
      'the timeout',
      'It may still finish on Siteleaf; raise the timeout input if publishes take longer.',
      'It may still finish on Siteleaf; raise --timeout if publishes take longer.'
    ],
    [
      'the other API',
      "Siteleaf's v1 API does not know site x; check site-id, or the site may run on the v2 API " +
        '(api-version: v2, or auto to let the action ask)',
      "Siteleaf's v1 API does not know site x; check the site id, or the site may run on the v2 " +
        'API (--api-version v2, or --api-version auto to let the command ask)'
    ],
    [
      'kept content',
      "3 content file(s) differ on Siteleaf and were kept, since editors change them there; set overwrite-content: true to push the repository's version.",
      "3 content file(s) differ on Siteleaf and were kept, since editors change them there; give --overwrite-content to push the repository's version."
    ],
    [
      'a failed sync',
      '2 theme file(s) could not be synced, so the site was not published. Re-run the workflow to try again.',
      '2 theme file(s) could not be synced, so the site was not published. Run it again.'
    ],
    [
      'an unreachable API',
      'Reading the site failed: ECONNREFUSED. Could not reach the Siteleaf API: check api-url, ' +
        'and on self-hosted runners the network, firewall and HTTPS_PROXY/NO_PROXY settings.',
      'Reading the site failed: ECONNREFUSED. Could not reach the Siteleaf API: check --api-url, ' +
        'and the network, firewall and HTTPS_PROXY/NO_PROXY settings.'
    ]
  ])('%s', (_, message, expected) => {
    expect(forCommandLine(message)).toBe(expected);
  });

  it('leaves file names and job messages alone, re-run and workflow in them included', () => {
    for (const line of [
      'Uploaded theme/re-run.css (12 B)',
      'Liquid error in _layouts/re-run.html (line 3): re-run the build',
      'Uploaded docs/workflow.md (2 kB)'
    ]) {
      expect(forCommandLine(line)).toBe(line);
    }
  });

  it('changes nothing the second time, nor what names no input', () => {
    const once = forCommandLine(
      `${hintForStatus(404)} Re-run the workflow. Input 'timeout' must be a whole number.`
    );
    expect(forCommandLine(once)).toBe(once);
    for (const line of ['site-id: abc', 'overwrite-content: true', 'Uploaded index.html (12 B)']) {
      expect(forCommandLine(line)).toBe(line);
    }
  });
});

describe('CommandTerminal', () => {
  const terminal = () => capturedTerminal(CommandTerminal);

  it('rewords every error, warning, notice and report it prints', () => {
    const { out, log, problems } = terminal();
    out.error(`Reading the site failed with HTTP 401. ${hintForStatus(401)}`, {
      file: 'a',
      line: 2
    });
    out.warning('Publishing failed. Re-run the workflow.');
    out.notice('2 content file(s) were kept; set overwrite-content: true to push them.');
    out.say('Cancelled. Re-run the workflow.');

    expect(problems.text).toBe(
      'error: a:2: Reading the site failed with HTTP 401. Check SITELEAF_API_KEY and ' +
        'SITELEAF_API_SECRET: Siteleaf did not accept them for this site.\n' +
        'warning: Publishing failed. Run it again.\n' +
        'Cancelled. Run it again.\n'
    );
    expect(log.text).toBe(
      'notice: 2 content file(s) were kept; give --overwrite-content to push them.\n'
    );
  });

  it('leaves the log lines as they are: the settings read as the action prints them', () => {
    const { out, log } = terminal();
    out.info('overwrite-content: true');
    out.info('Siteleaf API: v2 (set by api-version)');
    expect(log.text).toBe('overwrite-content: true\nSiteleaf API: v2 (set by api-version)\n');
  });
});
