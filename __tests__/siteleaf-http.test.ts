// The one HTTP client every Siteleaf request goes through, against the emulator over real HTTP:
// whole answers read inside the retry, what a failure says about whether the request may have
// been carried out, the job stream retried until its deadline, redirects, and ids in paths.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { startEmulator } from '../emulator/server.js';
import { silentLog, type Log } from '../src/log.js';
import {
  CancelledError,
  SiteleafApiError,
  SiteleafNetworkError,
  mayHaveLanded
} from '../src/siteleaf/errors.js';
import { RedirectError, SiteleafHttp, createDispatcher, idSegment } from '../src/siteleaf/http.js';
import { forgetSecrets, registerSecret } from '../src/secrets.js';
import { RequestPacer } from '../src/siteleaf/request-pacer.js';
import { DEFAULT_RETRY_POLICY } from '../src/siteleaf/retry-policy.js';
import { useEmulator } from './helpers/emulator.js';
import { recordingLog } from './helpers/fixtures.js';
import { closedPort } from './helpers/forward-proxy.js';

const emu = useEmulator({ job: { stepMs: 5 } });

const RETRY = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 2, maxDelayMs: 5 };

function client(
  options: { apiUrl?: string; pacer?: RequestPacer; signal?: AbortSignal; log?: Log } = {}
) {
  return new SiteleafHttp({
    apiUrl: options.apiUrl ?? emu.url,
    apiKey: emu.options.apiKey,
    apiSecret: emu.options.apiSecret,
    retry: RETRY,
    pacer: options.pacer ?? new RequestPacer({ limit: 1000, windowMs: 1000 }),
    dispatcher: createDispatcher(),
    log: options.log ?? silentLog,
    ...(options.signal ? { signal: options.signal } : {})
  });
}

const site = () => `/v1/sites/${emu.options.siteId}`;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('answers cut off half-way', () => {
  it('are read inside the retry: a cut body is tried again, and said', async () => {
    emu.failNext({ method: 'GET', path: '/v1/sites/:id', cutAnswer: true });
    const log = recordingLog();
    const answer = await client({ log }).json('Reading the site', 'GET', `${site()}.json`);
    expect(answer.value).toMatchObject({ id: emu.options.siteId });
    expect(log.messages('info')).toEqual([
      expect.stringMatching(
        /^Reading the site: attempt 1 of 5 failed: the answer broke off half-way/
      )
    ]);
  });

  it('fail for good naming the request, as a connection cut mid-answer', async () => {
    emu.failNext({ method: 'GET', path: '/v1/sites/:id', cutAnswer: true, times: 5 });
    const error = await failure(client().request('Reading the site', 'GET', site()));
    expect(error).toBeInstanceOf(SiteleafNetworkError);
    expect((error as SiteleafNetworkError).brokeOff).toBe(true);
    expect((error as Error).message).toMatch(
      /^Reading the site failed: the answer broke off half-way \(.*\) \(after 5 attempts\)\. /
    );
    expect((error as Error).message).not.toMatch(/Could not reach/);
  });

  it('an upload cut off may have landed, and a retry after it says so', async () => {
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', cutAnswer: true });
    let uncertain = false;
    await client().request('Starting the publish', 'POST', `${site()}/publish.json`, {
      onUncertainRetry: () => (uncertain = true)
    });
    expect(uncertain).toBe(true);
  });
});

describe('whether a failed request may have been carried out', () => {
  it('a 5xx to the end: it may have (a gateway may answer after the work was done)', async () => {
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', status: 502, times: 5 });
    const error = await failure(client().request('Publishing', 'POST', `${site()}/publish`));
    expect(error).toBeInstanceOf(SiteleafApiError);
    expect(mayHaveLanded(error)).toBe(true);
  });

  it('429 to the end: it was not', async () => {
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', status: 429, times: 5 });
    const error = await failure(client().request('Publishing', 'POST', `${site()}/publish`));
    expect(mayHaveLanded(error)).toBe(false);
  });

  it('a 422 after a dropped attempt: the drop may have landed', async () => {
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', drop: true });
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', status: 422 });
    const error = (await failure(
      client().request('Publishing', 'POST', `${site()}/publish`)
    )) as SiteleafApiError;
    expect(error.status).toBe(422);
    expect(error.afterUncertainAttempt).toBe(true);
    expect(mayHaveLanded(error)).toBe(true);
  });

  it('a connection refused: nothing was sent', async () => {
    const port = await closedPort();
    const error = await failure(
      client({ apiUrl: `http://127.0.0.1:${port}` }).request('Reading the site', 'GET', '/x')
    );
    expect(error).toBeInstanceOf(SiteleafNetworkError);
    expect(mayHaveLanded(error)).toBe(false);
  });

  it('a cancel while the request is on its way: it may have', async () => {
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', hang: true });
    const controller = new AbortController();
    const pending = failure(
      client({ signal: controller.signal }).request('Publishing', 'POST', `${site()}/publish`)
    );
    while (!emu.requests.some(r => r.route === 'POST /v1/sites/:id/publish')) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(CancelledError);
    expect(mayHaveLanded(error)).toBe(true);
  });

  it('a cancel before the request went out: it was not', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      client({ signal: controller.signal }).request('Publishing', 'POST', `${site()}/publish`)
    );
    expect(error).toBeInstanceOf(CancelledError);
    expect(mayHaveLanded(error)).toBe(false);
    expect(emu.requests).toEqual([]);
  });
});

describe('the job stream', () => {
  it('is tried again past maxAttempts, until its signal aborts', async () => {
    const jobId = emu.startJob();
    emu.failNext({ method: 'GET', path: '/v1/jobs/:id', status: 503, times: 12 });
    const log = recordingLog();
    const stream = await client({ log }).openStream(
      'Following the publish job',
      `/v1/jobs/${jobId}`,
      AbortSignal.timeout(5000),
      [404, 410]
    );
    expect(stream.statusCode).toBe(200);
    stream.body.destroy();
    expect(log.messages('info')).toHaveLength(12);
    expect(log.messages('info')[11]).toMatch(
      /^Following the publish job: attempt 12 failed: HTTP 503/
    );
  });

  it("stops when the signal aborts (the follower's deadline)", async () => {
    // An emulator of its own: a request cut short by the abort may still arrive after the test.
    const own = await startEmulator();
    try {
      own.failNext({ method: 'GET', path: '/v1/jobs/:id', status: 503, times: 10_000 });
      const error = await failure(
        client({ apiUrl: own.url }).openStream(
          'Following the publish job',
          '/v1/jobs/x',
          AbortSignal.timeout(200),
          []
        )
      );
      expect(error).toBeInstanceOf(CancelledError);
    } finally {
      await own.close();
    }
  });
});

describe('redirects', () => {
  it('307 and 308 keep the method and the body', async () => {
    for (const status of [307, 308]) {
      emu.reset();
      emu.failNext({ method: 'POST', path: '/v2/sites/:id/publish', status, redirectTo: '/v2/x' });
      emu.failNext({ method: 'POST', path: '/v2/x', status: 200, body: '{"ok":true}' });
      await client().request('Publishing', 'POST', '/v2/sites/s/publish', { body: () => '{}' });
      expect(emu.requests.map(r => [r.method, r.path, r.bytesIn])).toEqual([
        ['POST', '/v2/sites/s/publish', 2],
        ['POST', '/v2/x', 2]
      ]);
    }
  });

  it('303 (and 301/302 after a POST) turns into a GET without a body', async () => {
    for (const status of [301, 302, 303]) {
      emu.reset();
      emu.failNext({ method: 'POST', path: '/v2/sites/:id/publish', status, redirectTo: '/v2/y' });
      emu.failNext({ method: 'GET', path: '/v2/y', status: 200, body: '{}' });
      await client().request('Publishing', 'POST', '/v2/sites/s/publish', { body: () => '{}' });
      expect(emu.requests.map(r => [r.method, r.path, r.bytesIn])).toEqual([
        ['POST', '/v2/sites/s/publish', 2],
        ['GET', '/v2/y', 0]
      ]);
    }
  });

  it('each hop waits for its own slot under the rate limit', async () => {
    let slots = 0;
    const pacer = new RequestPacer({ limit: 100, windowMs: 1000 }, { onWaited: () => slots++ });
    emu.failNext({ method: 'GET', path: '/a', status: 302, redirectTo: '/b' });
    emu.failNext({ method: 'GET', path: '/b', status: 302, redirectTo: '/c' });
    emu.failNext({ method: 'GET', path: '/c', status: 200, body: '{}' });
    await client({ pacer }).request('Reading', 'GET', '/a');
    expect(slots).toBe(3);
  });

  it('to another origin: refused, naming the Location, and nothing is sent there', async () => {
    const received: IncomingMessage[] = [];
    const other = createServer((req, res) => {
      received.push(req);
      res.end('{}');
    });
    await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve));
    const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}/v1/sites/x?from=api#top`;
    try {
      emu.failNext({
        method: 'GET',
        path: '/v1/sites/:id',
        status: 301,
        redirectTo: elsewhere.replace('http://', 'http://someone:pa55word@')
      });
      const error = await failure(client().request('Reading the site', 'GET', site()));
      expect(error).toBeInstanceOf(RedirectError);
      expect((error as Error).message).toBe(
        `Reading the site failed: Siteleaf redirected to ${elsewhere}, outside api-url ` +
          `(${emu.url}). The redirect was not followed and the credentials were not sent ` +
          'there; check api-url.'
      );
      expect(received).toEqual([]);
      expect(emu.requests).toHaveLength(1); // not retried either
    } finally {
      await new Promise(resolve => other.close(resolve));
    }
  });

  it('more than 5 in a row fail', async () => {
    emu.failNext({ method: 'GET', path: '/loop', status: 302, redirectTo: '/loop', times: 10 });
    const error = await failure(client().request('Reading', 'GET', '/loop'));
    expect((error as Error).message).toBe('Reading failed: more than 5 redirects.');
    expect(emu.requests).toHaveLength(6);
  });
});

describe('idSegment', () => {
  it.each(['5f1e2d3c4b5a69788796a5b4', 'abc-DEF_123'])('takes the plain id %p as it is', id => {
    expect(idSegment(id, 'job id')).toBe(id);
  });

  it.each([
    '../../v1/sites/x',
    'a/b',
    'a%2Fb',
    'x?y',
    'x#y',
    '..',
    '.',
    '',
    'a b',
    'é',
    'x'.repeat(129)
  ])('refuses %p', id => {
    expect(() => idSegment(id, 'job id')).toThrow(/job id that is not a plain id/);
  });

  it('shows no part of a secret in the refused id, even one the cut at 80 characters splits', () => {
    const secret = 'Sup3rSecretValue-0123456789abcdefXYZ';
    registerSecret(secret);
    try {
      const id = `x/${'y'.repeat(60)}${secret}`;
      expect(() => idSegment(id, 'job id')).toThrow(`("x/${'y'.repeat(60)}***")`);
      expect(() => idSegment(id, 'job id')).not.toThrow(/Sup3r/);
    } finally {
      forgetSecrets();
    }
  });

  it.each([null, undefined, 42, {}])('refuses a non-string (%p)', id => {
    expect(() => idSegment(id, 'asset id')).toThrow(/asset id that is not a plain id/);
  });
});
