// chooseApi: which API a site runs on, through a real SiteleafHttp against a small in-test
// server on 127.0.0.1 that answers from a table and records every request.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { chooseApi, type ApiChoice } from '../src/siteleaf/choose-api.js';
import { SiteleafApiError } from '../src/siteleaf/errors.js';
import { SiteleafHttp } from '../src/siteleaf/http.js';
import { RequestPacer } from '../src/siteleaf/request-pacer.js';
import { recordingLog } from './helpers/fixtures.js';
import { basicCredentials } from './helpers/workspace.js';

interface Reply {
  readonly status: number;
  /** JSON unless a string. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

interface FakeSite {
  readonly url: string;
  /** `GET /v2/sites/s1`, …: every request, in order. */
  readonly requests: string[];
  readonly authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

const open: Array<{ site: FakeSite; agent: Agent }> = [];

afterEach(async () => {
  for (const { site, agent } of open.splice(0)) {
    await agent.close();
    await site.close();
  }
});

/**
 * Answers each `METHOD /path` from `routes` (a list is answered in turn, its last answer
 * repeated); anything else is a 404 `{"error":"Not found"}`.
 */
async function startSite(routes: Record<string, Reply | Reply[]>): Promise<FakeSite> {
  const requests: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    requests.push(key);
    authorizations.push(req.headers.authorization);
    const route = routes[key];
    const count = served.get(key) ?? 0;
    served.set(key, count + 1);
    const reply: Reply = Array.isArray(route)
      ? (route[Math.min(count, route.length - 1)] as Reply)
      : (route ?? { status: 404, body: { error: 'Not found' } });
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(text);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    authorizations,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

async function choose(routes: Record<string, Reply | Reply[]>, choice: ApiChoice, siteId = 's1') {
  const site = await startSite(routes);
  const agent = new Agent({ keepAliveTimeout: 10 });
  open.push({ site, agent });
  const log = recordingLog();
  const http = new SiteleafHttp({
    apiUrl: site.url,
    apiKey: 'KEY',
    apiSecret: 'SECRET',
    retry: {
      maxAttempts: 3,
      baseDelayMs: 1,
      maxDelayMs: 5,
      rateLimitMaxWaitMs: 1_000,
      rateLimitStepMs: 10
    },
    pacer: new RequestPacer({ limit: 1_000, windowMs: 60_000 }),
    dispatcher: agent,
    log
  });
  const outcome = await chooseApi(http, choice, siteId, log).then(
    chosen => ({ chosen, error: undefined }),
    (error: unknown) => ({ chosen: undefined, error })
  );
  return { ...outcome, requests: site.requests, site, log };
}

const V2_SITE: Reply = {
  status: 200,
  body: {
    id: 's1',
    title: 'Blog',
    domain: 'blog.example.com',
    version: 'v2',
    jobs: { sync: { id: 'sync1' }, publish: { id: null, last_id: 'p0' } }
  }
};
const V1_SITE: Reply = {
  status: 200,
  body: { id: 's1', title: 'Old blog', domain: 'old.example.com' }
};
const NOT_FOUND: Reply = { status: 404, body: { error: 'Not found' } };

/** The SiteleafApiError `error` is, checked to be one. */
function apiError(error: unknown): SiteleafApiError {
  expect(error).toBeInstanceOf(SiteleafApiError);
  return error as SiteleafApiError;
}

describe('chooseApi: auto', () => {
  it('a v2 answer means v2, read with one request', async () => {
    const { chosen, error, requests } = await choose({ 'GET /v2/sites/s1': V2_SITE }, 'auto');
    expect(error).toBeUndefined();
    expect(requests).toEqual(['GET /v2/sites/s1']);
    expect(chosen?.api.version).toBe('v2');
    expect(chosen?.detected).toBe(true);
    expect(chosen?.site).toEqual({
      title: 'Blog',
      domain: 'blog.example.com',
      runningSyncJob: 'sync1'
    });
  });

  it('an answer without a version is v2 too', async () => {
    const { chosen, requests } = await choose(
      { 'GET /v2/sites/s1': { status: 200, body: { id: 's1', title: 'T' } } },
      'auto'
    );
    expect(chosen?.api.version).toBe('v2');
    expect(chosen?.site).toEqual({ title: 'T', domain: '' });
    expect(requests).toHaveLength(1);
  });

  it('a 404 on v2 asks v1, whose answer confirms it', async () => {
    const { chosen, requests, site } = await choose(
      { 'GET /v2/sites/s1': NOT_FOUND, 'GET /v1/sites/s1.json': V1_SITE },
      'auto'
    );
    expect(requests).toEqual(['GET /v2/sites/s1', 'GET /v1/sites/s1.json']);
    expect(chosen?.api.version).toBe('v1');
    expect(chosen?.detected).toBe(true);
    expect(chosen?.site).toEqual({ title: 'Old blog', domain: 'old.example.com' });
    // Both requests carried the credentials.
    const basic = `Basic ${basicCredentials('KEY', 'SECRET')}`;
    expect(site.authorizations).toEqual([basic, basic]);
  });

  it('a v2 answer saying version "v1" asks v1', async () => {
    const { chosen, requests } = await choose(
      {
        'GET /v2/sites/s1': { status: 200, body: { id: 's1', version: 'v1' } },
        'GET /v1/sites/s1.json': V1_SITE
      },
      'auto'
    );
    expect(requests).toEqual(['GET /v2/sites/s1', 'GET /v1/sites/s1.json']);
    expect(chosen?.api.version).toBe('v1');
    expect(chosen?.site.title).toBe('Old blog');
  });

  it('a 404 on both fails and names site-id', async () => {
    const { error, requests } = await choose({}, 'auto');
    expect(requests).toEqual(['GET /v2/sites/s1', 'GET /v1/sites/s1.json']);
    const failure = apiError(error);
    expect(failure.status).toBe(404);
    expect(failure.message).toContain("neither Siteleaf's v2 nor its v1 API knows site s1");
    expect(failure.message).toContain('site-id');
  });

  it.each([
    [401, 'Unauthorized!'],
    [403, 'Forbidden']
  ])('a %i on v2 is a credentials failure, never a reason to try v1', async (status, said) => {
    const { error, requests } = await choose(
      { 'GET /v2/sites/s1': { status, body: { error: said } }, 'GET /v1/sites/s1.json': V1_SITE },
      'auto'
    );
    expect(requests).toEqual(['GET /v2/sites/s1']);
    const failure = apiError(error);
    expect(failure.status).toBe(status);
    expect(failure.message).toContain(said);
    expect(failure.message).toContain('api-key');
  });

  it('a 401 from v1 after a 404 on v2 stays a 401', async () => {
    const { error, requests } = await choose(
      {
        'GET /v2/sites/s1': NOT_FOUND,
        'GET /v1/sites/s1.json': { status: 401, body: { error: 'Unauthorized!' } }
      },
      'auto'
    );
    expect(requests).toHaveLength(2);
    expect(apiError(error).status).toBe(401);
  });

  it("Siteleaf's rate limit (a 403 that says so) is waited out, then the answer decides", async () => {
    const { chosen, requests, log } = await choose(
      {
        'GET /v2/sites/s1': [
          {
            status: 403,
            body: { error: 'Rate limit exceeded' },
            headers: { 'retry-after': '0' }
          },
          V2_SITE
        ]
      },
      'auto'
    );
    expect(requests).toEqual(['GET /v2/sites/s1', 'GET /v2/sites/s1']);
    expect(chosen?.api.version).toBe('v2');
    expect(log.messages('info').join('\n')).toMatch(/rate limit/);
  });

  it('an answer that is not JSON fails, naming the request', async () => {
    const { error } = await choose(
      { 'GET /v2/sites/s1': { status: 200, body: '<html>maintenance</html>' } },
      'auto'
    );
    expect((error as Error).message).toMatch(/^Reading the site failed: .*not JSON/);
  });

  it('a site id that is not a plain id is never sent', async () => {
    const { error, requests } = await choose({}, 'auto', '../other');
    expect((error as Error).message).toMatch(/not a plain id/);
    expect(requests).toEqual([]);
  });
});

describe('chooseApi: api-version set', () => {
  it('v1 asks only the v1 API', async () => {
    const { chosen, requests } = await choose(
      { 'GET /v2/sites/s1': V2_SITE, 'GET /v1/sites/s1.json': V1_SITE },
      'v1'
    );
    expect(requests).toEqual(['GET /v1/sites/s1.json']);
    expect(chosen?.api.version).toBe('v1');
    expect(chosen?.detected).toBe(false);
    expect(chosen?.site).toEqual({ title: 'Old blog', domain: 'old.example.com' });
  });

  it('v2 asks only the v2 API', async () => {
    const { chosen, requests } = await choose(
      { 'GET /v2/sites/s1': V2_SITE, 'GET /v1/sites/s1.json': V1_SITE },
      'v2'
    );
    expect(requests).toEqual(['GET /v2/sites/s1']);
    expect(chosen?.api.version).toBe('v2');
    expect(chosen?.detected).toBe(false);
    expect(chosen?.site.runningSyncJob).toBe('sync1');
  });

  it.each([
    ['v1', 'v2', 'GET /v1/sites/s1.json'],
    ['v2', 'v1', 'GET /v2/sites/s1']
  ] as Array<['v1' | 'v2', string, string]>)(
    'a 404 under %s names site-id and says the site may run on %s',
    async (choice, other, request) => {
      const { error, requests } = await choose({}, choice);
      expect(requests).toEqual([request]);
      const failure = apiError(error);
      expect(failure.status).toBe(404);
      expect(failure.message).toContain(`Siteleaf's ${choice} API does not know site s1`);
      expect(failure.message).toContain('site-id');
      expect(failure.message).toContain(`may run on the ${other} API (api-version: ${other}`);
    }
  );

  it('a 401 under an explicit version stays a 401', async () => {
    const { error, requests } = await choose(
      { 'GET /v1/sites/s1.json': { status: 401, body: { error: 'Unauthorized!' } } },
      'v1'
    );
    expect(requests).toEqual(['GET /v1/sites/s1.json']);
    const failure = apiError(error);
    expect(failure.status).toBe(401);
    expect(failure.message).not.toContain('may run on');
  });
});
