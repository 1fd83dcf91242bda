// V2Api.jobOutcomeOnSite: how a job whose stream answered 410 ended, as the site's
// `jobs.<kind>` tells it; against a fake SiteleafHttp that answers the site from a value.
import { describe, expect, it } from '@jest/globals';
import type { JobKind } from '../src/siteleaf/api.js';
import type { SiteleafHttp } from '../src/siteleaf/http.js';
import { V2Api } from '../src/siteleaf/v2/api.js';
import type { Site, SiteJobState } from '../src/siteleaf/v2/types.js';
import { recordingLog } from './helpers/fixtures.js';

const JOB = '6b0ffdb2b857ab5afa405818';
const OTHER = '6b0ffdb2b857ab5afa405819';

/** A SiteleafHttp whose every JSON answer is `site`; it records what was asked. */
function fakeHttp(site: Site) {
  const requested: string[] = [];
  const http = {
    async json(_step: string, method: string, path: string) {
      requested.push(`${method} ${path}`);
      const text = JSON.stringify(site);
      return { value: JSON.parse(text) as unknown, answer: { statusCode: 200, headers: {}, text } };
    }
  };
  return { http: http as unknown as SiteleafHttp, requested };
}

const siteWith = (jobs: Site['jobs']): Site => ({ id: 's1', version: 'v2', jobs });

async function outcome(jobs: Site['jobs'], kind: JobKind = 'publish', known?: Site) {
  const { http, requested } = fakeHttp(siteWith(jobs));
  const api = new V2Api(http, 's1', recordingLog(), known);
  return { outcome: await api.jobOutcomeOnSite(JOB, kind), requested };
}

describe('V2Api.jobOutcomeOnSite', () => {
  it.each<[string, SiteJobState]>([
    ['last_error null', { id: null, last_id: JOB, last_error: null }],
    ['no last_error at all', { id: null, last_id: JOB }]
  ])('the job is the last to end, %s: complete', async (_name, state) => {
    expect((await outcome({ publish: state })).outcome).toEqual({ status: 'complete' });
  });

  it('the job is the last to end, with last_error: failed with that message', async () => {
    const state = { id: null, last_id: JOB, last_error: 'Liquid error in index.html (line 3)' };
    expect((await outcome({ publish: state })).outcome).toEqual({
      status: 'failed',
      message: 'Liquid error in index.html (line 3)'
    });
  });

  it.each<[string, Site['jobs']]>([
    ['last_id is another job', { publish: { id: null, last_id: OTHER, last_error: null } }],
    ['another job ended with an error', { publish: { id: null, last_id: OTHER, last_error: 'x' } }],
    ['no job has ended', { publish: { id: null, last_id: null, last_error: null } }],
    ['the job is still running', { publish: { id: JOB, last_id: OTHER, last_error: null } }],
    [
      'the job is running and named last too (the site cannot be read)',
      { publish: { id: JOB, last_id: JOB, last_error: null } }
    ],
    ['the site names no publish jobs', { sync: { id: null, last_id: JOB, last_error: null } }],
    ['the site names no jobs', undefined]
  ])('%s: undefined, so the 410 stays the plain "job not found"', async (_name, jobs) => {
    expect((await outcome(jobs)).outcome).toBeUndefined();
  });

  it("a sync job is decided by jobs.sync, never by jobs.publish's record", async () => {
    const complete = { id: null, last_id: JOB, last_error: null };
    const failed = { id: null, last_id: JOB, last_error: 'Could not reach GitHub' };
    expect((await outcome({ sync: failed, publish: complete }, 'sync')).outcome).toEqual({
      status: 'failed',
      message: 'Could not reach GitHub'
    });
    expect((await outcome({ publish: complete }, 'sync')).outcome).toBeUndefined();
    expect((await outcome({ sync: complete }, 'publish')).outcome).toBeUndefined();
  });

  it('asks the site afresh, not the copy the API detection read', async () => {
    const detected = siteWith({ publish: { id: JOB, last_id: null, last_error: null } });
    const result = await outcome(
      { publish: { id: null, last_id: JOB, last_error: null } },
      'publish',
      detected
    );
    expect(result.outcome).toEqual({ status: 'complete' });
    expect(result.requested).toEqual(['GET /v2/sites/s1']);
  });
});
