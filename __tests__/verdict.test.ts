// judgeRun: the run's status, the one sentence that says why it failed, the files the site may
// now lack, and what the GitHub deployment records, from the facts alone.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../src/inputs.js';
import type { PublishResult } from '../src/publish.js';
import type { JobEvent } from '../src/siteleaf/job-events.js';
import type { ThemeSyncFailure } from '../src/theme/sync.js';
import { judgeRun, type RunFacts } from '../src/verdict.js';
import { syncResultOf } from './helpers/fixtures.js';

const JOB = '5f1e2d3c4b5a69788796a5b4';

const event = (status: string, message: string): JobEvent => ({
  status,
  message,
  updatedAt: '1700000000'
});

function facts(f: Partial<RunFacts>): RunFacts {
  return { dryRun: false, cancelled: false, jobIds: [], timeoutSeconds: 900, ...f };
}

const published = (publish: PublishResult): RunFacts => facts({ publish, jobIds: [JOB] });

const failure = (filename: string, missingNow = false): ThemeSyncFailure => ({
  filename,
  message: `Could not upload ${filename}: HTTP 500`,
  missingNow
});

describe('judgeRun: runs that pass', () => {
  it('a complete publish is complete', () => {
    const first = event('working', 'Starting');
    expect(
      judgeRun(
        published({ result: 'complete', jobId: JOB, first, last: event('complete', 'Done') })
      )
    ).toEqual({ status: 'complete', missing: [], deployment: 'success' });
  });

  it('wait: false gives queued, which a deployment records as success', () => {
    expect(judgeRun(published({ result: 'queued', jobId: JOB }))).toEqual({
      status: 'queued',
      missing: [],
      deployment: 'success'
    });
  });

  it('publish: false gives skipped', () => {
    expect(judgeRun(facts({ sync: syncResultOf({ uploaded: ['a.html'] }) }))).toEqual({
      status: 'skipped',
      missing: [],
      deployment: 'success'
    });
  });

  it('a dry run is dry-run, publish or not', () => {
    expect(judgeRun(facts({ dryRun: true }))).toEqual({
      status: 'dry-run',
      missing: [],
      deployment: 'success'
    });
  });
});

describe('judgeRun: a publish job that did not end well', () => {
  const first = event('working', 'Starting');

  it("a failed job: its own message is the failure and the job's error", () => {
    const message = "Liquid syntax error in _layouts/default.html (line 6): Unknown tag 'endfor'";
    expect(
      judgeRun(published({ result: 'failed', jobId: JOB, first, last: event('error', message) }))
    ).toEqual({
      status: 'failed',
      failure: `Siteleaf publish job ${JOB} failed: ${message}`,
      jobError: message,
      missing: [],
      deployment: 'failure'
    });
  });

  it('a failed job without a message says the status it ended with', () => {
    const verdict = judgeRun(
      published({ result: 'failed', jobId: JOB, first, last: event('cancelled', '') })
    );
    expect(verdict.failure).toBe(
      `Siteleaf publish job ${JOB} failed: the job ended with status 'cancelled'`
    );
    expect(verdict.status).toBe('failed');
  });

  it('a job Siteleaf no longer knows: unknown outcome, said plainly', () => {
    const verdict = judgeRun(
      published({ result: 'not-found', jobId: JOB, message: 'Job not found' })
    );
    expect(verdict).toEqual({
      status: 'failed',
      failure:
        `Siteleaf no longer knows publish job ${JOB} (Job not found): it expired or never ` +
        'existed, so whether this publish succeeded is unknown. Re-run the workflow.',
      missing: [],
      deployment: 'failure'
    });
  });

  it('a timeout names the timeout and the last status seen', () => {
    const verdict = judgeRun({
      ...published({
        result: 'timeout',
        jobId: JOB,
        first,
        last: event('working', 'Checking... /home')
      }),
      timeoutSeconds: 120
    });
    expect(verdict.failure).toBe(
      `Publish job ${JOB} did not finish within the timeout of 120 s (last status: working ` +
        'Checking... /home). It may still finish on Siteleaf; raise the timeout input if ' +
        'publishes take longer.'
    );
    expect(verdict.deployment).toBe('failure');
  });

  it('a timeout after a GitHub Sync wait says how much of it the sync took', () => {
    const verdict = judgeRun({
      ...published({ result: 'timeout', jobId: JOB }),
      timeoutSeconds: 120,
      syncWaitedMs: 95_000
    });
    expect(verdict.failure).toBe(
      `Publish job ${JOB} did not finish within the timeout of 120 s, 1 min 35 s of it spent ` +
        "waiting for the site's GitHub Sync. It may still finish on Siteleaf; raise the timeout " +
        'input if publishes take longer.'
    );
  });

  it('a timeout before any event says no last status', () => {
    const verdict = judgeRun(published({ result: 'timeout', jobId: JOB }));
    expect(verdict.failure).toBe(
      `Publish job ${JOB} did not finish within the timeout of 900 s. It may still finish on ` +
        'Siteleaf; raise the timeout input if publishes take longer.'
    );
  });

  it('stale jobs over and over: the new theme may not be live', () => {
    const verdict = judgeRun(published({ result: 'stale', jobId: JOB, rounds: 5 }));
    expect(verdict.failure).toBe(
      "Siteleaf kept handing back publish jobs that began before this run's uploads finished " +
        '(5 in a row), so the new theme may not be live. Re-run the workflow.'
    );
    expect(verdict.status).toBe('failed');
  });
});

describe('judgeRun: files that could not be synced', () => {
  it('say how many, and that the site was not published', () => {
    const verdict = judgeRun(
      facts({ sync: syncResultOf({ failed: [failure('a.html'), failure('b.html')] }) })
    );
    expect(verdict).toEqual({
      status: 'failed',
      failure:
        '2 theme file(s) could not be synced, so the site was not published. ' +
        'Re-run the workflow to try again.',
      missing: [],
      deployment: 'failure'
    });
  });

  it('name the files the site may now lack', () => {
    const verdict = judgeRun(
      facts({
        sync: syncResultOf({
          failed: [failure('a.html', true), failure('b.html'), failure('c.html', true)]
        })
      })
    );
    expect(verdict.missing).toEqual(['a.html', 'c.html']);
    expect(verdict.failure).toBe(
      '3 theme file(s) could not be synced, so the site was not published; now missing on ' +
        'Siteleaf: a.html, c.html. Re-run the workflow to try again.'
    );
  });

  it('outweigh a dry run and a publish', () => {
    const sync = syncResultOf({ failed: [failure('a.html')] });
    expect(judgeRun(facts({ sync, dryRun: true })).status).toBe('failed');
    expect(judgeRun({ ...published({ result: 'queued', jobId: JOB }), sync }).failure).toMatch(
      /^1 theme file\(s\) could not be synced/
    );
  });
});

describe('judgeRun: a run ended early by an error', () => {
  it("the error's message is the failure", () => {
    const verdict = judgeRun(
      facts({ error: new InputError("Input 'api-version' must be one of auto, v1, v2.") })
    );
    expect(verdict).toEqual({
      status: 'failed',
      failure: "Input 'api-version' must be one of auto, v1, v2.",
      missing: [],
      deployment: 'failure'
    });
  });

  it('a thrown value that is not an Error is said as it is', () => {
    expect(judgeRun(facts({ error: 'something odd' })).failure).toBe('something odd');
  });

  it('outweighs failed files, and still names the files now missing', () => {
    const verdict = judgeRun(
      facts({
        error: new Error('Uploading b.html failed with HTTP 401: Unauthorized!'),
        sync: syncResultOf({ failed: [failure('a.html', true), failure('c.html')] })
      })
    );
    expect(verdict.failure).toBe(
      'Uploading b.html failed with HTTP 401: Unauthorized! (now missing on Siteleaf: a.html)'
    );
    expect(verdict.missing).toEqual(['a.html']);
    expect(verdict.deployment).toBe('failure');
  });
});

describe('judgeRun: a cancelled run', () => {
  it('says nothing was uploaded or published, and records an error deployment', () => {
    expect(judgeRun(facts({ cancelled: true }))).toEqual({
      status: 'failed',
      failure: 'Cancelled. No file was uploaded. No publish was started.',
      missing: [],
      deployment: 'error'
    });
  });

  it('says what was uploaded and which publish job goes on (the last one started)', () => {
    const verdict = judgeRun(
      facts({
        cancelled: true,
        sync: syncResultOf({ uploaded: ['a.html', 'b.css'] }),
        jobIds: ['aaa', 'bbb']
      })
    );
    expect(verdict.failure).toBe(
      'Cancelled. Uploaded before stopping: a.html, b.css. ' +
        'Publish job bbb was started and goes on on Siteleaf.'
    );
    expect(verdict.deployment).toBe('error');
  });

  it('names ten uploaded files at most, then how many more', () => {
    const uploaded = Array.from({ length: 1500 }, (_, i) => `f${String(i).padStart(4, '0')}.css`);
    const verdict = judgeRun(facts({ cancelled: true, sync: syncResultOf({ uploaded }) }));
    expect(verdict.failure).toContain(
      `Uploaded before stopping: ${uploaded.slice(0, 10).join(', ')} and 1490 more.`
    );
    expect(verdict.failure?.length).toBeLessThan(400);
  });

  it('names the files the cancel left missing', () => {
    const verdict = judgeRun(
      facts({
        cancelled: true,
        sync: syncResultOf({ failed: [failure('a.html', true), failure('b.html', true)] })
      })
    );
    expect(verdict.failure).toBe(
      'Cancelled. No file was uploaded. No publish was started. ' +
        '(now missing on Siteleaf: a.html, b.html)'
    );
    expect(verdict.missing).toEqual(['a.html', 'b.html']);
  });

  it('outweighs an error and a finished publish', () => {
    const first = event('working', 'Starting');
    const verdict = judgeRun({
      ...published({ result: 'complete', jobId: JOB, first, last: event('complete', 'Done') }),
      cancelled: true,
      error: new Error('boom')
    });
    expect(verdict.status).toBe('failed');
    expect(verdict.failure).toMatch(/^Cancelled\. /);
    expect(verdict.failure).toContain(`Publish job ${JOB} was started`);
    expect(verdict.deployment).toBe('error');
  });
});
