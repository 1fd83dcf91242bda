// Faults injected at the emulator: the action either finishes with nothing lost or fails
// with an error that names the cause.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../emulator/server.js';
import { runDist } from '../runner/run-dist.js';
import { useEmulator } from './helpers/emulator.js';
import { closedPort, startForwardProxy } from './helpers/forward-proxy.js';
import { md5 } from './helpers/hashes.js';
import { FAST_TUNING, runAction } from './helpers/run-action.js';
import {
  EXAMPLE_THEME,
  KEY,
  SECRET,
  basicCredentials,
  inputsFor,
  makeWorkspace,
  writeTheme
} from './helpers/workspace.js';

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 5 } });
let workspace: string;

beforeAll(() => {
  workspace = makeWorkspace();
});

const inputs = (extra: Record<string, string> = {}) =>
  inputsFor(emu.url, emu.options.siteId, extra);

describe('retries', () => {
  it('retries 500s with backoff and says so', async () => {
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', status: 500, times: 2 });
    const result = await runAction(inputs(), { workspace });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /Starting the publish: attempt 1 of 5 failed: HTTP 500.*retrying in \d+ ms/
    );
    expect(result.stdout).toMatch(/attempt 2 of 5 failed/);
    expect(emu.requests.filter(r => r.route === 'POST /v1/sites/:id/publish')).toHaveLength(3);
  });

  it('honours Retry-After on a 503', async () => {
    emu.failNext({
      method: 'GET',
      path: '/v1/sites/:id/theme/assets',
      status: 503,
      headers: { 'retry-after': '1' }
    });
    const started = Date.now();
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.stdout).toMatch(/retrying in 1 s/);
  });

  it('retries a dropped connection, re-sending the whole file', async () => {
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/theme/assets', drop: true });
    const result = await runAction(inputs({ concurrency: '1' }), { workspace });

    expect(result.exitCode).toBe(0);
    const site = Object.fromEntries(emu.themeAssets().map(a => [a.filename, a.checksum]));
    expect(site).toEqual(
      Object.fromEntries(Object.entries(EXAMPLE_THEME).map(([n, c]) => [n, md5(c)]))
    );
    const uploads = emu.requests.filter(
      r => r.route === 'POST /v1/sites/:id/theme/assets' && r.status === 200
    );
    for (const upload of uploads) {
      expect(upload.file?.md5).toBe(md5(EXAMPLE_THEME[upload.fields?.filename ?? ''] ?? ''));
    }
    expect(result.stdout).toMatch(/attempt 1 of 5 failed/);
  });

  it.each(['keep-both', 'overwrite', 'refuse'] as const)(
    'after a lost upload answer (%s), leaves exactly one current copy of each file',
    async mode => {
      emu.options.duplicateFilenames = mode;
      const ws = makeWorkspace();
      await runAction(inputs(), { workspace: ws }); // the site holds the theme
      writeTheme(join(ws, 'theme'), { 'index.html': '<h1>New</h1>\n', 'new.html': '<p>new</p>\n' });
      // Both uploads are carried out, but their answers never arrive.
      emu.failNext({
        method: 'POST',
        path: '/v1/sites/:id/theme/assets',
        loseAnswer: true,
        times: 2
      });

      const result = await runAction(inputs({ concurrency: '1' }), { workspace: ws });
      expect(result.exitCode).toBe(0);
      const site = emu
        .themeAssets()
        .map(a => `${a.filename} ${a.checksum}`)
        .sort();
      const expected = {
        ...EXAMPLE_THEME,
        'index.html': '<h1>New</h1>\n',
        'new.html': '<p>new</p>\n'
      };
      expect(site).toEqual(
        Object.entries(expected)
          .map(([n, c]) => `${n} ${md5(c)}`)
          .sort()
      );
      expect(JSON.parse(result.outputs['uploaded-files'] ?? '[]')).toEqual([
        'index.html',
        'new.html'
      ]);
    }
  );

  it('retries 429', async () => {
    emu.failNext({
      method: 'GET',
      path: '/v1/sites/:id',
      status: 429,
      body: '{"error":"Slow down"}'
    });
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/HTTP 429 \(Slow down\)/);
  });

  it('does not retry other 4xx answers, and shows the server message', async () => {
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/publish',
      status: 422,
      body: '{"error":"Site has no domain"}'
    });
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(1);
    expect(emu.requests.filter(r => r.route === 'POST /v1/sites/:id/publish')).toHaveLength(1);
    expect(result.stdout).toMatch(/Starting the publish failed with HTTP 422: Site has no domain/);
  });

  it('gives up on persistent 5xx with a hint to re-run later', async () => {
    emu.failNext({
      method: 'GET',
      path: '/v1/sites/:id',
      status: 502,
      times: 10,
      body: '<html><title>502 Bad Gateway</title></html>'
    });
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /HTTP 502: 502 Bad Gateway \(after 5 attempts\)\. Siteleaf is unavailable/
    );
  });

  it('says the API could not be reached when nothing answers', async () => {
    const port = await closedPort();
    const result = await runAction(
      { ...inputs(), 'api-url': `http://127.0.0.1:${port}` },
      { workspace }
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/Could not reach the Siteleaf API: check api-url/);
  });
});

describe('timeouts', () => {
  it('retries an answer slower than the headers timeout, then says what failed', async () => {
    // undici's timers have about a second's resolution: an answer 1.5 s late is past a 100 ms
    // timeout for certain.
    emu.options.latencyMs = 1500;
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace,
      tuning: {
        http: { connectMs: 1000, headersMs: 100, bodyMs: 1000 },
        retry: { ...FAST_TUNING.retry!, maxAttempts: 2 }
      }
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /Reading the site: attempt 1 of 2 failed: .*UND_ERR_HEADERS_TIMEOUT/
    );
    expect(result.stdout).toMatch(/Reading the site failed: .*\(after 2 attempts\)/);
  });

  it.each(['v1', 'v2'] as const)(
    'lets a quiet job stream stay open past the body timeout (it has its own timers; %s site)',
    async version => {
      emu.options.siteVersion = version;
      // A 2 s silence, well past the body timeout (undici's timers resolve to about a second).
      emu.options.job = {
        stepMs: 2000,
        steps: [
          { status: 'working', message: 'Compiling theme...' },
          { status: 'complete', message: 'Published' }
        ]
      };
      const result = await runAction(inputs({ 'upload-theme': 'false' }), {
        workspace,
        tuning: { http: { connectMs: 1000, headersMs: 1000, bodyMs: 150 }, idleTimeoutMs: 5000 }
      });
      expect(result.exitCode).toBe(0);
      expect(result.outputs['api-version']).toBe(version);
      expect(result.stdout).not.toContain('reopening');
      expect(emu.requests.filter(r => r.route === `GET /${version}/jobs/:id`)).toHaveLength(1);
    }
  );
});

describe('rate limit', () => {
  it('waits out a 403 that speaks of the rate limit, honouring Retry-After', async () => {
    emu.options.rateLimit = { limit: 3, windowMs: 1000, retryAfterSeconds: 1 };
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /rate limit was reached \(HTTP 403: Rate limit exceeded\); waiting 1 s/
    );
  });

  it('waits out a rate-limit 403 without Retry-After in steps', async () => {
    // Refused requests count too, so a step shorter than the window would never get through.
    emu.options.rateLimit = { limit: 3, windowMs: 500 };
    const result = await runAction(inputs(), {
      workspace,
      tuning: { retry: { ...FAST_TUNING.retry!, rateLimitStepMs: 600 } }
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /rate limit was reached \(HTTP 403: Rate limit exceeded\); waiting 600 ms/
    );
  });

  it('paces itself under the limit so no request is refused, with no margin needed', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`page-${i}.html`, `<p>${i}</p>`])
    );
    // The same budget on both sides: slots count from each answer, so arrival jitter cannot
    // put one request too many into the server's window.
    emu.options.rateLimit = { limit: 5, windowMs: 1200 };
    const result = await runAction(inputs(), {
      workspace: makeWorkspace(files),
      tuning: { pacing: { limit: 5, windowMs: 1200 } }
    });
    expect(result.exitCode).toBe(0);
    expect(emu.requests.filter(r => r.status === 403)).toEqual([]);
    expect(result.stdout).toMatch(/Pausing \d+ s to stay under Siteleaf's limit of 5 requests/);
    expect(emu.themeAssets()).toHaveLength(8);
  });
});

// The stale-job rule holds for both APIs: each runs on a site of its own version.
describe.each(['v1', 'v2'] as const)('stale jobs (%s)', version => {
  it('waits for a job that began before the uploads, then publishes again and follows the new one', async () => {
    emu.options.siteVersion = version;
    const staleId = emu.startJob({
      startedAt: Math.floor(Date.now() / 1000) - 30,
      script: {
        // Long enough that this run's publish finds it still running, even on a slow machine.
        stepMs: 1500,
        steps: [
          { status: 'working', message: 'Publishing an older theme' },
          { status: 'complete', message: 'Published (old)' }
        ]
      }
    });
    const result = await runAction(inputs(), { workspace: makeWorkspace() });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['api-version']).toBe(version);
    const ids = emu.jobs().map(j => j.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(staleId);
    expect(result.outputs['job-id']).toBe(ids[1]);
    expect(result.stdout).toMatch(/already under way before this run's uploads finished/);
    expect(emu.requests.filter(r => r.route === `POST /${version}/sites/:id/publish`)).toHaveLength(
      2
    );
  });

  it('accepts a running job when this run uploaded nothing', async () => {
    emu.options.siteVersion = version;
    await runAction(inputs(), { workspace }); // everything current now
    const running = emu.startJob({
      startedAt: Math.floor(Date.now() / 1000) - 30,
      script: { stepMs: 400 }
    });
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['api-version']).toBe(version);
    expect(result.outputs.uploaded).toBe('0');
    expect(result.outputs['job-id']).toBe(running);
  });
});

describe('proxies', () => {
  it('sends every request, the job stream included, through HTTP_PROXY (loopback is not special)', async () => {
    const proxy = await startForwardProxy();
    try {
      // siteleaf.test resolves nowhere but in the proxy: only a run whose every request,
      // the job stream included, went through the proxy can pass.
      const host = `siteleaf.test:${new URL(emu.url).port}`;
      const result = await runAction(
        { ...inputs(), 'api-url': `http://${host}` },
        { workspace, env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1,localhost' } }
      );
      expect(result.exitCode).toBe(0);
      expect(result.outputs.status).toBe('complete');
      expect(proxy.targets.length).toBeGreaterThan(0);
      expect(proxy.targets.every(t => t === host)).toBe(true);
      expect(emu.requests.some(r => r.route === 'GET /v1/jobs/:id')).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('honours lowercase http_proxy', async () => {
    const proxy = await startForwardProxy();
    try {
      const host = `siteleaf.test:${new URL(emu.url).port}`;
      const result = await runAction(
        { ...inputs(), 'api-url': `http://${host}` },
        { workspace, env: { http_proxy: proxy.url } }
      );
      expect(result.exitCode).toBe(0);
      expect(proxy.targets.length).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    const proxy = await startForwardProxy();
    try {
      const result = await runAction(inputs(), {
        workspace,
        env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }
      });
      expect(result.exitCode).toBe(0);
      expect(proxy.targets).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('sends HTTPS requests through HTTPS_PROXY (dist/, TLS to the emulator)', async () => {
    const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
    const tlsEmu = await startEmulator({
      apiKey: KEY,
      apiSecret: SECRET,
      job: { stepMs: 5 },
      tls: {
        key: readFileSync(`${fixtures}loopback-key.pem`),
        cert: readFileSync(`${fixtures}loopback-cert.pem`)
      }
    });
    const proxy = await startForwardProxy();
    try {
      const result = await runDist({
        inputs: inputsFor(tlsEmu.url, tlsEmu.options.siteId),
        workspace: makeWorkspace(),
        isolateProxy: true,
        timeoutMs: 30_000,
        env: {
          NODE_EXTRA_CA_CERTS: `${fixtures}loopback-cert.pem`,
          HTTPS_PROXY: proxy.url,
          HTTP_PROXY: `http://127.0.0.1:${await closedPort()}`, // would fail if used for https
          NO_PROXY: ''
        }
      });
      expect(result.exitCode).toBe(0);
      expect(tlsEmu.url).toMatch(/^https:/);
      expect(proxy.targets.length).toBeGreaterThan(0);
      expect(proxy.targets.every(t => t === new URL(tlsEmu.url).host)).toBe(true);
      expect(tlsEmu.requests.some(r => r.route === 'GET /v1/jobs/:id')).toBe(true);
    } finally {
      await proxy.close();
      await tlsEmu.close();
    }
  });

  it('fails with a proxy hint when the proxy is unreachable', async () => {
    const result = await runAction(inputs(), {
      workspace,
      env: { HTTP_PROXY: `http://127.0.0.1:${await closedPort()}` }
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/HTTPS_PROXY\/NO_PROXY/);
  });
});

describe('secrets', () => {
  const basic = basicCredentials();
  const leaks = (text: string) =>
    text
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::')) // how the runner learns what to mask
      .filter(line => line.includes(KEY) || line.includes(SECRET) || line.includes(basic));

  it('never writes the key, the secret or the Basic auth value, debug logging on', async () => {
    const env = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' };
    const green = await runAction(inputs(), { workspace: makeWorkspace(), env });
    expect(green.exitCode).toBe(0);
    expect(green.stdout).toContain('::debug::');
    expect(leaks(green.everything)).toEqual([]);
    // The masks themselves are registered first thing.
    const masks = green.stdout.split('\n').filter(l => l.startsWith('::add-mask::'));
    expect(masks.map(l => l.slice('::add-mask::'.length)).sort()).toEqual(
      [KEY, SECRET, basic].sort()
    );
  });

  it('redacts secrets a server echoes back in errors and job messages', async () => {
    emu.options.job = {
      stepMs: 5,
      steps: [{ status: 'error', message: `Publish failed for ${KEY} using ${SECRET}` }]
    };
    emu.failNext({
      method: 'GET',
      path: '/v1/sites/:id',
      status: 500,
      body: `{"error":"bad auth ${basic}"}`
    });
    const red = await runAction(inputs(), { workspace, env: { RUNNER_DEBUG: '1' } });
    expect(red.exitCode).toBe(1);
    expect(red.stdout).toContain('***');
    expect(leaks(red.everything)).toEqual([]);
  });

  it('keeps secrets out of input errors', async () => {
    const result = await runAction(
      { ...inputs(), 'api-url': `https://${SECRET}@example.com` },
      { workspace }
    );
    expect(result.exitCode).toBe(1);
    expect(leaks(result.everything)).toEqual([]);
  });
});

describe('malformed proxy settings', () => {
  it('fail the step with one clear error naming the variable, before any request', async () => {
    const result = await runAction(inputs(), {
      workspace,
      env: { HTTPS_PROXY: '10.0.0.1:3128', HTTP_PROXY: '10.0.0.1:3128' }
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter(a => a.kind === 'error')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/HTTPS_PROXY and HTTP_PROXY must be URLs/)
      })
    ]);
    expect(result.stdout).toContain('::add-mask::');
    expect(emu.requests).toHaveLength(0);
  });
});
