// The action run against the emulator over loopback: publish, follow the job stream, report.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { useEmulator } from './helpers/emulator.js';
import { runAction } from './helpers/run-action.js';
import { KEY, SECRET, basicCredentials, inputsFor, makeWorkspace } from './helpers/workspace.js';

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 10 } });
let workspace: string;

beforeAll(() => {
  workspace = makeWorkspace();
});

/** The emulator's default job, each event printed exactly once. */
function expectEachDefaultEventOnce(lines: string[]): void {
  for (const message of ['Fetching inventory...', 'Compiling...', 'Checking... /', 'Published']) {
    expect(lines.filter(line => line.endsWith(message))).toHaveLength(1);
  }
}

const publishOnly = (extra: Record<string, string> = {}) =>
  inputsFor(emu.url, emu.options.siteId, { 'upload-theme': 'false', ...extra });

describe('publish and follow', () => {
  it('passes the step when the job completes, one log line per event', async () => {
    const result = await runAction(publishOnly(), { workspace });

    expect(result.exitCode).toBe(0);
    const [job] = emu.jobs();
    expect(result.outputs).toMatchObject({
      'job-id': job?.id,
      status: 'complete',
      'site-url': 'https://example.siteleaf.net'
    });
    expectEachDefaultEventOnce(result.lines);
    expect(result.annotations.filter(a => a.kind === 'error')).toEqual([]);
    expect(result.summary).toContain('Siteleaf publish complete');
    expect(result.summary).toContain('Published');
    expect(result.summary).toContain('https://example.siteleaf.net');
    expect(result.summary).toContain(`\`${job?.id}\``);
  });

  it('sends Basic auth and the User-Agent on every request', async () => {
    await runAction(publishOnly(), { workspace });
    const auth = `Basic ${basicCredentials()}`;
    expect(emu.requests.length).toBeGreaterThanOrEqual(3);
    for (const request of emu.requests) {
      expect(request.headers.authorization).toBe(auth);
      expect(request.headers['user-agent']).toMatch(/^siteleaf-publish\/\d+\.\d+\.\d+$/);
    }
  });

  it('fails the step with an annotation on the theme file a job error names', async () => {
    emu.options.job = {
      stepMs: 10,
      steps: [
        { status: 'working', message: 'Compiling theme...' },
        {
          status: 'error',
          message: "Liquid syntax error in _layouts/default.html (line 6): Unknown tag 'endfor'"
        }
      ]
    };
    const result = await runAction(publishOnly(), { workspace });

    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    const annotation = result.annotations.find(a => a.properties.file);
    expect(annotation).toMatchObject({
      kind: 'error',
      properties: { file: 'theme/_layouts/default.html', line: '6' },
      message: "Liquid syntax error in _layouts/default.html (line 6): Unknown tag 'endfor'"
    });
    expect(result.summary).toContain('Siteleaf publish failed');
  });

  it('fails on a message beginning "Publish error" even while the status says working', async () => {
    emu.options.job = {
      stepMs: 10,
      steps: [
        { status: 'working', message: 'Publish error: could not reach the host' },
        { status: 'complete', message: 'Published' }
      ]
    };
    const result = await runAction(publishOnly(), { workspace });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('Publish error: could not reach the host');
  });

  it.each(['v1', 'v2'] as const)(
    'with wait: false returns at once with status queued (%s site)',
    async version => {
      emu.options.siteVersion = version;
      emu.options.job = { stepMs: 10, hang: true };
      const result = await runAction(publishOnly({ wait: 'false' }), { workspace });

      expect(result.exitCode).toBe(0);
      expect(result.outputs['api-version']).toBe(version);
      expect(result.outputs.status).toBe('queued');
      expect(result.outputs['job-id']).toMatch(/^[0-9a-f]{24}$/);
      expect(result.outputs['job-id']).toBe(emu.jobs()[0]?.id);
      expect(
        emu.requests.filter(r => r.route === `POST /${version}/sites/:id/publish`)
      ).toHaveLength(1);
      expect(emu.requests.some(r => r.route.includes('/jobs/'))).toBe(false);
    }
  );

  it('with publish: false publishes nothing and says skipped', async () => {
    const result = await runAction(publishOnly({ publish: 'false' }), { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('skipped');
    expect(result.outputs['job-id']).toBe('');
    expect(emu.jobs()).toHaveLength(0);
  });

  it.each(['v1', 'v2'] as const)(
    'fails when the job does not finish within the timeout, and says so (%s site)',
    async version => {
      emu.options.siteVersion = version;
      emu.options.job = { stepMs: 10, hang: true };
      const started = Date.now();
      const result = await runAction(publishOnly({ timeout: '1' }), { workspace });

      expect(result.exitCode).toBe(1);
      expect(result.outputs['api-version']).toBe(version);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result.stdout).toMatch(/did not finish within the timeout of 1 s/);
      expect(emu.requests.some(r => r.route === `GET /${version}/jobs/:id`)).toBe(true);
    }
  );

  it('reopens a stream that closes before the job ends, printing no event twice', async () => {
    emu.options.job = { stepMs: 30, dropStreamAfter: 2, dropStreamTimes: 2 };
    const result = await runAction(publishOnly(), { workspace });

    expect(result.exitCode).toBe(0);
    expect(emu.requests.filter(r => r.route.includes('/jobs/')).length).toBeGreaterThanOrEqual(3);
    expectEachDefaultEventOnce(result.lines);
    expect(result.stdout).toContain('reopening it');
  });

  it('reopens a stream that replays only its last event', async () => {
    emu.options.replay = 'last';
    emu.options.job = { stepMs: 60, dropStreamAfter: 1, dropStreamTimes: 2 };
    const result = await runAction(publishOnly(), { workspace });
    expect(result.exitCode).toBe(0);
    // Each reopened stream starts with the event printed last: printed once all the same.
    expect(emu.requests.filter(r => r.route.includes('/jobs/')).length).toBeGreaterThanOrEqual(3);
    expectEachDefaultEventOnce(result.lines);
  });

  it('reopens a stream that stalls', async () => {
    emu.options.job = { stepMs: 20, stallStreamAfter: 1 };
    const result = await runAction(publishOnly(), { workspace, tuning: { idleTimeoutMs: 300 } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/stalled/);
    expect(result.lines.filter(line => line.endsWith('Checking... /'))).toHaveLength(1);
  });

  it('falls back to /api/v1/jobs/:id when /v1/jobs/:id answers 404', async () => {
    emu.options.jobsPath = 'api';
    const result = await runAction(publishOnly(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(emu.requests.map(r => r.route)).toEqual(
      expect.arrayContaining(['GET /v1/jobs/:id', 'GET /api/v1/jobs/:id'])
    );
  });

  it('follows v2 sites whose events are named "status"', async () => {
    emu.options.eventName = 'status';
    const result = await runAction(publishOnly(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('complete');
  });

  it('says plainly when the job is unknown (410 Job not found)', async () => {
    emu.options.job = { stepMs: 50, hang: true };
    emu.options.jobsPath = 'v1';
    emu.failNext({
      method: 'GET',
      path: '/v1/jobs/:id',
      status: 410,
      body: 'event:publish\ndata:{"status":"error","message":"Job not found"}\n\n',
      headers: { 'content-type': 'text/event-stream' }
    });
    const result = await runAction(publishOnly(), { workspace });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /no longer knows publish job [0-9a-f]{24} \(HTTP 410: Job not found\)/
    );
  });

  it('shows data that is not JSON as a warning and carries on', async () => {
    emu.options.job = { stepMs: 10, rawDataBefore: 'this is not json' };
    const result = await runAction(publishOnly(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        kind: 'warning',
        message: expect.stringContaining('this is not json')
      })
    );
  });

  it('explains a 401 by pointing at the key and secret', async () => {
    const result = await runAction(
      { ...publishOnly(), 'api-secret': 'wrong-secret' },
      { workspace }
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/HTTP 401: Unauthorized!.*api-key and api-secret/);
    expect(emu.jobs()).toHaveLength(0);
  });

  it('explains a 404 by pointing at site-id', async () => {
    const result = await runAction(
      { ...publishOnly(), 'site-id': 'aaaaaaaaaaaaaaaaaaaaaaaa' },
      { workspace }
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/HTTP 404.*Check the site-id input/);
  });
});

describe('log groups', () => {
  const groups = (stdout: string) => {
    const lines = stdout.split('\n');
    return {
      names: lines.filter(l => l.startsWith('::group::')).map(l => l.slice(9)),
      open: lines.filter(l => l.startsWith('::group::')).length,
      closed: lines.filter(l => l === '::endgroup::').length
    };
  };

  it('has one per phase, and every group closes, green or red', async () => {
    const green = await runAction(inputsFor(emu.url, emu.options.siteId), { workspace });
    expect(groups(green.stdout).names).toEqual([
      'Settings',
      expect.stringMatching(/^Plan for 3 theme files/),
      'Upload',
      'Publish log'
    ]);
    expect(groups(green.stdout).open).toBe(groups(green.stdout).closed);

    emu.options.job = { stepMs: 5, steps: [{ status: 'error', message: 'Build failed' }] };
    const red = await runAction(publishOnly(), { workspace });
    expect(red.exitCode).toBe(1);
    expect(groups(red.stdout).open).toBe(groups(red.stdout).closed);
    // The failure is said outside the groups, where a collapsed log still shows it.
    const lines = red.stdout.trimEnd().split('\n');
    expect(lines.lastIndexOf('::endgroup::')).toBeLessThan(
      lines.findIndex(l => l.startsWith('::error::Siteleaf publish job'))
    );
  });

  it('lists the settings without the key or the secret', async () => {
    const result = await runAction(publishOnly(), { workspace });
    const settings = result.lines.slice(0, 8).join('\n');
    expect(settings).toContain(`site-id: ${emu.options.siteId}`);
    expect(settings).toContain('theme-dir: theme');
    const written = result.everything.split('\n').filter(l => !l.startsWith('::add-mask::'));
    expect(written.filter(l => l.includes(KEY) || l.includes(SECRET))).toEqual([]);
  });
});

describe('bad input fails before any request, naming the input', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['missing api-key', { 'api-key': '' }, /'api-key' is required/],
    ['missing api-secret', { 'api-secret': '' }, /'api-secret' is required/],
    ['missing site-id', { 'site-id': '' }, /'site-id' is required/],
    [
      'a boolean that is not true/false',
      { prune: 'yes' },
      /'prune' must be true or false, got 'yes'/
    ],
    ['wait not boolean', { wait: 'maybe' }, /'wait' must be true or false/],
    ['dry-run not boolean', { 'dry-run': '1' }, /'dry-run' must be true or false/],
    ['upload-theme not boolean', { 'upload-theme': 'on' }, /'upload-theme' must be true or false/],
    ['publish not boolean', { publish: 'no' }, /'publish' must be true or false/],
    ['timeout out of range', { timeout: '0' }, /'timeout' must be a whole number from 1 to/],
    ['timeout not a number', { timeout: 'ten' }, /'timeout' must be a whole number/],
    [
      'concurrency out of range',
      { concurrency: '33' },
      /'concurrency' must be a whole number from 1 to 32/
    ],
    [
      'theme-dir missing',
      { 'theme-dir': 'no-such-dir' },
      /'theme-dir' must be a folder.*no-such-dir/
    ],
    ['files matching nothing', { files: '*.nothing' }, /'files' matched no file/],
    ['api-url malformed', { 'api-url': 'not a url' }, /'api-url' must be an http\(s\) URL/],
    ['api-url not http', { 'api-url': 'ftp://example.com' }, /'api-url' must use https/],
    ['site-id malformed', { 'site-id': '../../users' }, /'site-id' must be a Siteleaf site id/],
    ['theme-dir a file', { 'theme-dir': 'theme/index.html' }, /'theme-dir' must be a folder/],
    ['files with only exclusions', { files: '!**/*.css' }, /'files' has no pattern that includes/],
    ['files reaching outside', { files: '../secrets/**' }, /files.*'\.\.' is not allowed/],
    ['concurrency not a number', { concurrency: 'many' }, /'concurrency' must be a whole number/]
  ];

  it.each(cases)('%s', async (_name, change, expected) => {
    const result = await runAction(
      { ...inputsFor(emu.url, emu.options.siteId), ...change },
      { workspace }
    );
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter(a => a.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(expected);
    expect(result.stdout).not.toMatch(/\n\s+at /); // no stack trace
    expect(emu.requests).toHaveLength(0);
  });
});
