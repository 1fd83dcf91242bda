// Issue 10, "A hostile world": the action against an unkind Siteleaf. Answers cut off half-way,
// answers lost after the work was done, two runs at once, a cancel at the worst moment, servers
// that echo, redirect or speak the wrong format, and data that looks like a workflow command.
// Whatever happens, nothing is lost, no good publish turns red, and nothing from the server or
// the file system acts on the runner.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import type { JobStep } from '../emulator/server.js';
import { readSettings } from '../src/inputs.js';
import { DEFAULT_TUNING, publishSite } from '../src/main.js';
import { until, useEmulator } from './helpers/emulator.js';
import { recordingLog } from './helpers/fixtures.js';
import { md5 } from './helpers/hashes.js';
import { FAST_TUNING, runAction, type ActionResult } from './helpers/run-action.js';
import {
  EXAMPLE_THEME,
  KEY,
  SECRET,
  basicCredentials,
  inputsFor,
  makeWorkspace
} from './helpers/workspace.js';

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 5 } });

const inputs = (extra: Record<string, string> = {}): Record<string, string> =>
  inputsFor(emu.url, emu.options.siteId, extra);

/** The v1 site as `filename checksum` lines, one per asset (so a second copy shows). */
const siteAssets = () =>
  emu
    .themeAssets()
    .map(a => `${a.filename} ${a.checksum}`)
    .sort();
const assetsOf = (files: Record<string, string>) =>
  Object.entries(files)
    .map(([name, content]) => `${name} ${md5(content)}`)
    .sort();

/** The theme changed since the site got it: index.html is new, stale.html is gone. */
const OLD_INDEX = '<h1>Old</h1>\n';
function seedOldSite(): void {
  emu.seedThemeAssets([
    { filename: '_layouts/default.html', content: EXAMPLE_THEME['_layouts/default.html']! },
    { filename: 'assets/css/site.css', content: EXAMPLE_THEME['assets/css/site.css']! },
    { filename: 'index.html', content: OLD_INDEX },
    { filename: 'stale.html', content: 'gone' }
  ]);
}

/** The one error the step failed with (its last error annotation). */
const failure = (result: ActionResult) =>
  result.annotations.filter(a => a.kind === 'error').at(-1)?.message ?? '';

describe('1. a cut answer is a dropped connection', () => {
  it.each([
    ['the site', 'GET', '/v1/sites/:id'],
    ['the listing', 'GET', '/v1/sites/:id/theme/assets'],
    ['an upload', 'POST', '/v1/sites/:id/theme/assets'],
    ['a delete', 'DELETE', '/v1/assets/:id'],
    ['the publish', 'POST', '/v1/sites/:id/publish']
  ])('v1: %s cut off half-way is tried again, and the run ends green', async (_, method, path) => {
    seedOldSite();
    emu.failNext({ method, path, cutAnswer: true });
    const result = await runAction(inputs({ prune: 'true' }), { workspace: makeWorkspace() });

    expect(emu.requests.filter(r => r.cut)).toHaveLength(1);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/attempt 1 of 5 failed: the answer broke off/);
    // Nothing twice, nothing lost, nothing left behind.
    expect(siteAssets()).toEqual(assetsOf(EXAMPLE_THEME));
  });

  const V2_SITE = { 'index.html': '<h1>New</h1>\n', 'assets/site.css': 'b {}\n' };
  it.each([
    ['the site', 'GET', '/v2/sites/:id'],
    ['the listing', 'GET', '/v2/sites/:id/source'],
    ['an upload', 'PUT', '/v2/sites/:id/source/:name'],
    ['a delete', 'DELETE', '/v2/sites/:id/source/:name'],
    ['the publish', 'POST', '/v2/sites/:id/publish']
  ])('v2: %s cut off half-way is tried again, and the run ends green', async (_, method, path) => {
    emu.options.siteVersion = 'v2';
    emu.seedSource([
      { name: 'index.html', content: '<h1>Old</h1>\n' },
      { name: 'stale.html', content: 'gone' }
    ]);
    emu.failNext({ method, path, cutAnswer: true });
    const result = await runAction(inputs({ prune: 'true' }), {
      workspace: makeWorkspace(V2_SITE)
    });

    expect(emu.requests.filter(r => r.cut)).toHaveLength(1);
    expect(result.exitCode).toBe(0);
    expect(emu.sourceFiles().map(f => f.name)).toEqual(['assets/site.css', 'index.html']);
  });

  it('a cut that persists fails naming the request, never a bare "other side closed"', async () => {
    emu.failNext({ method: 'GET', path: '/v1/sites/:id/theme/assets', cutAnswer: true, times: 9 });
    const result = await runAction(inputs(), { workspace: makeWorkspace() });

    expect(result.exitCode).toBe(1);
    expect(failure(result)).toMatch(
      /^Listing the theme assets failed: the answer broke off half-way \(.*\) \(after 5 attempts\)/
    );
    expect(failure(result)).not.toMatch(/Could not reach/);
    for (const line of result.stdout.split('\n')) {
      if (/other side closed/.test(line)) expect(line).toMatch(/(failed|attempt \d+ of \d+)/);
    }
  });

  it('an upload whose answers are all cut off is checked by the listing: it landed, so green', async () => {
    // Every attempt was stored: the site holds five copies, and one listing settles them.
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      cutAnswer: true,
      times: 5
    });
    const result = await runAction(inputs({ concurrency: '1' }), { workspace: makeWorkspace() });

    expect(result.exitCode).toBe(0);
    expect(siteAssets()).toEqual(assetsOf(EXAMPLE_THEME));
  });
});

describe('2. "taken" may be our own copy', () => {
  const CHANGED = { ...EXAMPLE_THEME, 'index.html': '<h1>New</h1>\n', 'new.html': '<p>new</p>\n' };

  it.each(['refuse', 'keep-both'] as const)(
    'two runs of one commit at once (%s) both end green, with one current copy per file',
    async mode => {
      emu.options.duplicateFilenames = mode;
      emu.options.latencyMs = 15; // both runs list the site before either uploads
      seedOldSite();
      const workspace = makeWorkspace(CHANGED);
      const settings = readSettings(name => inputs({ prune: 'true' })[name] ?? '', workspace);
      const run = () =>
        publishSite({
          settings,
          log: recordingLog(),
          tuning: { ...DEFAULT_TUNING, ...FAST_TUNING },
          signal: new AbortController().signal
        });
      const [a, b] = await Promise.all([run(), run()]);

      expect([a.verdict?.failure, b.verdict?.failure]).toEqual([undefined, undefined]);
      expect([a.verdict?.status, b.verdict?.status]).toEqual(['complete', 'complete']);
      expect(siteAssets()).toEqual(assetsOf(CHANGED));
      // Both runs uploaded what they found changed.
      expect(a.sync?.uploaded).toEqual(['index.html', 'new.html']);
      expect(b.sync?.uploaded).toEqual(['index.html', 'new.html']);
    }
  );

  it('refuse: a re-upload whose answer was lost, then "taken", is our own copy: green', async () => {
    emu.options.duplicateFilenames = 'refuse';
    seedOldSite();
    // 1st POST: taken (the old copy); DELETE; 2nd POST lands but its answer is lost; the
    // retry is refused as taken: by the copy the 2nd POST made.
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/theme/assets', skip: 1, loseAnswer: true });
    const result = await runAction(inputs({ prune: 'true', concurrency: '1' }), {
      workspace: makeWorkspace()
    });

    expect(result.exitCode).toBe(0);
    expect(siteAssets()).toEqual(assetsOf(EXAMPLE_THEME));
    expect(emu.requests.filter(r => r.route === 'PUT /v1/assets/:id/restore')).toEqual([]);
  });
});

describe('3. never lose a file, even on failure or cancel', () => {
  it('refuse: a re-upload after our own delete that fails for good restores the old copy', async () => {
    emu.options.duplicateFilenames = 'refuse';
    seedOldSite();
    // 1st POST: taken; DELETE; every re-upload: 500.
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      skip: 1,
      status: 500,
      times: 20
    });
    const result = await runAction(inputs({ concurrency: '1' }), { workspace: makeWorkspace() });

    expect(result.exitCode).toBe(1);
    expect(emu.requests.filter(r => r.route === 'PUT /v1/assets/:id/restore')).toHaveLength(1);
    // The old index.html is back, alone; nothing is missing.
    expect(siteAssets()).toEqual(
      assetsOf({ ...EXAMPLE_THEME, 'index.html': OLD_INDEX, 'stale.html': 'gone' })
    );
    expect(result.stdout).toMatch(/index\.html.*previous version was restored/);
    expect(result.everything).not.toMatch(/missing/i);
    expect(emu.requests.some(r => r.route === 'POST /v1/sites/:id/publish')).toBe(false);
  });

  it('refuse: a re-upload whose answers are all cut off landed: the listing says so, green', async () => {
    emu.options.duplicateFilenames = 'refuse';
    seedOldSite();
    // 1st POST: taken; DELETE; the re-upload is stored, its answer cut off; every retry is
    // refused as taken (by that copy), its answer cut off too.
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      skip: 1,
      cutAnswer: true,
      times: 5
    });
    const result = await runAction(inputs({ concurrency: '1', prune: 'true' }), {
      workspace: makeWorkspace()
    });

    expect(result.exitCode).toBe(0);
    expect(siteAssets()).toEqual(assetsOf(EXAMPLE_THEME));
    expect(emu.requests.filter(r => r.route === 'PUT /v1/assets/:id/restore')).toEqual([]);
    expect(result.everything).not.toMatch(/missing/i);
  });

  /** SIGTERM while the re-upload after our own delete of index.html waits for its answer. */
  async function cancelDuringReupload(options: {
    restoreFails?: boolean;
    /** The re-upload was carried out; only its answer is held back. */
    landed?: boolean;
  }) {
    emu.options.duplicateFilenames = 'refuse';
    seedOldSite();
    const theme = { ...EXAMPLE_THEME, 'new.html': '<p>new</p>\n' };
    // Uploads go one at a time, new files first: new.html, then index.html (taken), its
    // DELETE, and the re-upload, which never answers.
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      skip: 2,
      ...(options.landed ? { hangAfter: true } : { hang: true })
    });
    if (options.restoreFails) {
      emu.failNext({ method: 'PUT', path: '/v1/assets/:id/restore', status: 500, times: 50 });
    }
    const running = runAction(inputs({ concurrency: '1' }), { workspace: makeWorkspace(theme) });
    await until(
      () => emu.requests.filter(r => r.route === 'POST /v1/sites/:id/theme/assets').length >= 3
    );
    // A landed re-upload: cancel once the new copy is stored, not while it is on its way.
    if (options.landed)
      await until(() => siteAssets().includes(`index.html ${md5(EXAMPLE_THEME['index.html']!)}`));
    process.emit('SIGTERM');
    return running;
  }

  it('a cancel between our delete and a confirmed new copy restores the old one', async () => {
    const result = await cancelDuringReupload({ restoreFails: false });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('Received SIGTERM');
    expect(siteAssets()).toEqual(
      assetsOf({
        ...EXAMPLE_THEME,
        'index.html': OLD_INDEX,
        'stale.html': 'gone',
        'new.html': '<p>new</p>\n'
      })
    );
    expect(result.stdout).toMatch(/index\.html.*previous version was restored/);
    expect(failure(result)).toMatch(/^Cancelled\. Uploaded before stopping: new\.html\./);
    expect(failure(result)).not.toMatch(/missing/i);
  });

  it('a cancel while a re-upload that landed awaits its answer: the listing says so, no restore', async () => {
    const result = await cancelDuringReupload({ landed: true });

    expect(result.exitCode).toBe(1);
    expect(emu.requests.filter(r => r.route === 'PUT /v1/assets/:id/restore')).toEqual([]);
    expect(siteAssets()).toEqual(
      assetsOf({ ...EXAMPLE_THEME, 'stale.html': 'gone', 'new.html': '<p>new</p>\n' })
    );
    expect(failure(result)).toMatch(
      /^Cancelled\. Uploaded before stopping: index\.html, new\.html\./
    );
    expect(failure(result)).not.toMatch(/missing/i);
  });

  it('a cancel whose restore fails too names exactly the files that may be missing', async () => {
    const result = await cancelDuringReupload({ restoreFails: true });

    expect(result.exitCode).toBe(1);
    expect(emu.themeAssets().map(a => a.filename)).not.toContain('index.html');
    expect(failure(result)).toMatch(/now missing on Siteleaf: index\.html\)$/);
    expect(result.outputs.status).toBe('failed');
  });
});

describe('4. the job stream is followed until the job ends or the timeout', () => {
  it('5xx on the job stream are tried again for as long as the timeout allows', async () => {
    emu.failNext({ method: 'GET', path: '/v1/jobs/:id', status: 503, times: 12 });
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('complete');
  });

  it('429 (Retry-After honoured) and dropped connections on the job stream too', async () => {
    emu.failNext({
      method: 'GET',
      path: '/v1/jobs/:id',
      status: 429,
      headers: { 'Retry-After': '1' }
    });
    emu.failNext({ method: 'GET', path: '/v1/jobs/:id', drop: true, times: 8 });
    const started = Date.now();
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a job stream that keeps failing ends at the timeout, said as such', async () => {
    emu.failNext({ method: 'GET', path: '/v1/jobs/:id', status: 502, times: 10_000 });
    const result = await runAction(inputs({ 'upload-theme': 'false', timeout: '2' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(1);
    expect(failure(result)).toMatch(/did not finish within the timeout of 2 s/);
  });

  it('a 200 in JSON is called out, and its status read as an event', async () => {
    emu.options.jobStreamFormat = 'json';
    const result = await runAction(inputs({ 'upload-theme': 'false', timeout: '10' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/answered .*application\/json.*not an event stream/);
    expect(result.lines.some(line => /complete\s+Published$/.test(line))).toBe(true);
  });

  it('a 200 in HTML is called out, and the stream tried again until the timeout', async () => {
    emu.options.jobStreamFormat = 'html';
    const result = await runAction(inputs({ 'upload-theme': 'false', timeout: '2' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/answered .*text\/html.*not an event stream.*Just a moment/);
    expect(failure(result)).toMatch(/did not finish within the timeout of 2 s/);
  });
});

describe('5. no data becomes a command', () => {
  const ALLOWED = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup', 'add-mask']);

  /** Every line the runner reads (it splits at CR and LF alike) that starts a command. */
  function commands(stdout: string): string[] {
    return stdout
      .split(/\r\n|\r|\n/)
      .map(line => line.trimStart())
      .filter(line => line.startsWith('::'));
  }

  function expectNoInjectedCommand(result: ActionResult): void {
    expect(result.stdout).toContain('injected'); // the text is there, as text
    for (const line of commands(result.stdout)) {
      // Only the commands the action issues, and none of them made of the injected text.
      const name = /^::([^ :]*)/.exec(line)?.[1] ?? '';
      expect(ALLOWED.has(name) ? name : line).toBe(name);
      expect(line).not.toMatch(/^::[^:]*::injected/);
      if (name === 'add-mask') expect([KEY, SECRET, basicCredentials()]).toContain(line.slice(12));
    }
    // The old `##[command]` form is read anywhere in a line: it must not appear at all.
    expect(result.stdout).not.toContain('##[');
  }

  it('job messages with line breaks and workflow commands stay text, one line per event', async () => {
    const steps: JobStep[] = [
      { status: 'working', message: 'one\n::error::injected by a job message' },
      { status: 'working', message: 'two\r::add-mask::injected' },
      { status: 'working', message: '::warning::injected at the start' },
      { status: 'working', message: 'three ##[error]injected the old way' },
      { status: 'error', message: 'Failed\r\n::set-output name=status::injected' }
    ];
    emu.options.job = { stepMs: 5, steps };
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });

    expect(result.exitCode).toBe(1);
    expectNoInjectedCommand(result);
    // One event, one log line.
    expect(result.lines.filter(line => /working {3}(one|two|::|three)/.test(line))).toHaveLength(4);
  });

  it('error bodies with line breaks and workflow commands stay text', async () => {
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/publish',
      status: 422,
      body: JSON.stringify({ error: 'No\n::error::injected\r##[warning]injected\n::add-mask::x' })
    });
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(1);
    expectNoInjectedCommand(result);
  });

  it('file names that look like commands are uploaded and logged as text', async () => {
    const theme = {
      ...EXAMPLE_THEME,
      '::error::injected.html': 'a',
      '##[warning]injected.html': 'b'
    };
    const result = await runAction(inputs(), { workspace: makeWorkspace(theme) });
    expect(result.exitCode).toBe(0);
    expectNoInjectedCommand(result);
    expect(siteAssets()).toEqual(assetsOf(theme));
  });

  it('a file whose name holds a line break is skipped, shown escaped, and never uploaded', async () => {
    const theme = { ...EXAMPLE_THEME, 'bad\nname.html': 'x', 'cr\rname.html': 'y' };
    const workspace = makeWorkspace(theme);
    for (let run = 1; run <= 2; run++) {
      const result = await runAction(inputs(), { workspace });
      expect(result.exitCode).toBe(0);
      const warnings = result.annotations.filter(a => a.kind === 'warning').map(a => a.message);
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringContaining('theme/bad\\nname.html'),
          expect.stringContaining('theme/cr\\rname.html')
        ])
      );
      expect(warnings.join('\n')).not.toMatch(/bad\nname|cr\rname/);
    }
    const sent = emu.requests.map(r => r.fields?.filename ?? '');
    expect(sent.filter(name => /name\.html/.test(name))).toEqual([]);
    expect(siteAssets()).toEqual(assetsOf(EXAMPLE_THEME));
  });
});

describe('6. what is final', () => {
  const jobOf = (steps: JobStep[]) => ({ stepMs: 5, steps });

  it('an unknown status followed by more events is progress, a log line', async () => {
    emu.options.job = jobOf([
      { status: 'working', message: 'Checking...' },
      { status: 'building', message: 'Building 3 pages', final: false },
      { status: 'complete', message: 'Published' }
    ]);
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(0);
    expect(result.lines.filter(line => /building\s+Building 3 pages$/.test(line))).toHaveLength(1);
  });

  it('an unknown status the job ends on is final: the step fails, naming it', async () => {
    emu.options.job = jobOf([
      { status: 'working', message: 'Checking...' },
      { status: 'archived', message: 'Stopped by an administrator' }
    ]);
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(1);
    expect(failure(result)).toMatch(/'archived'/);
    expect(failure(result)).toMatch(/Stopped by an administrator/);
  });

  it('events whose updated_at goes backwards are all printed, once, across a reopen', async () => {
    const steps: JobStep[] = [
      { status: 'working', message: 'first' },
      { status: 'working', message: 'second', clockOffset: -5 },
      { status: 'working', message: 'third', clockOffset: -10 },
      { status: 'working', message: 'fourth', clockOffset: 3 },
      { status: 'working', message: 'fifth', clockOffset: -30 },
      { status: 'complete', message: 'Published', clockOffset: -60 }
    ];
    emu.options.job = { ...jobOf(steps), dropStreamAfter: 4 };
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(0);
    for (const step of steps) {
      expect(result.lines.filter(line => line.endsWith(`  ${step.message}`))).toHaveLength(1);
    }
    expect(emu.requests.filter(r => r.route === 'GET /v1/jobs/:id').length).toBeGreaterThan(1);
  });
});

describe('7. redirects', () => {
  it.each([301, 302, 303])('a %i within the api-url origin is followed (GET)', async status => {
    const site = `/v1/sites/${emu.options.siteId}`;
    emu.failNext({ method: 'GET', path: '/v1/sites/:id', status, redirectTo: site });
    emu.failNext({
      method: 'GET',
      path: '/v1/sites/:id/theme/assets',
      status,
      redirectTo: `${emu.url}${site}/theme/assets`
    });
    const result = await runAction(inputs(), { workspace: makeWorkspace() });
    expect(result.exitCode).toBe(0);
    expect(siteAssets()).toEqual(assetsOf(EXAMPLE_THEME));
  });

  it.each([307, 308])('a %i keeps the method and the body (uploads, publish)', async status => {
    const site = `/v1/sites/${emu.options.siteId}`;
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      status,
      redirectTo: `${site}/theme/assets`,
      times: 3
    });
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/publish',
      status,
      redirectTo: `${site}/publish`
    });
    const result = await runAction(inputs(), { workspace: makeWorkspace() });
    expect(result.exitCode).toBe(0);
    expect(siteAssets()).toEqual(assetsOf(EXAMPLE_THEME));
    const uploads = emu.requests.filter(r => r.route === 'POST /v1/sites/:id/theme/assets');
    expect(
      uploads
        .filter(r => r.status === 200)
        .map(r => r.file?.md5)
        .sort()
    ).toEqual(Object.values(EXAMPLE_THEME).map(md5).sort());
  });

  it('a 307 on a v2 PUT keeps the method and the body', async () => {
    emu.options.siteVersion = 'v2';
    emu.failNext({
      method: 'PUT',
      path: '/v2/sites/:id/source/:name',
      status: 307,
      redirectTo: `/v2/sites/${emu.options.siteId}/source/index.html`
    });
    const result = await runAction(inputs(), { workspace: makeWorkspace({ 'index.html': 'hi' }) });
    expect(result.exitCode).toBe(0);
    expect(emu.sourceFiles().map(f => [f.name, f.filesize])).toEqual([['index.html', 2]]);
  });

  it('every hop of a redirect counts against the rate limit: paced, never refused', async () => {
    const site = `/v1/sites/${emu.options.siteId}`;
    // 4 requests, 3 of them redirected: 7 for Siteleaf to count, against a limit of 5.
    emu.options.rateLimit = { limit: 5, windowMs: 1500 };
    emu.failNext({
      method: 'GET',
      path: '/v2/sites/:id',
      status: 301,
      redirectTo: `/v2${site.slice(3)}`
    });
    emu.failNext({ method: 'GET', path: '/v1/sites/:id', status: 302, redirectTo: site });
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/publish',
      status: 307,
      redirectTo: `${site}/publish`
    });
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace(),
      tuning: { pacing: { limit: 5, windowMs: 1500 } }
    });
    expect(result.exitCode).toBe(0);
    expect(emu.requests.filter(r => r.status === 403)).toEqual([]);
    expect(emu.requests.filter(r => [301, 302, 307].includes(r.status))).toHaveLength(3);
  });

  it('a redirect to another origin is not followed, and nothing is sent there', async () => {
    const received: IncomingMessage[] = [];
    const other = createServer((req, res) => {
      received.push(req);
      res.end('{}');
    });
    await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve));
    const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal/assets.json`;
    try {
      emu.failNext({
        method: 'GET',
        path: '/v1/sites/:id/theme/assets',
        status: 302,
        redirectTo: elsewhere
      });
      const result = await runAction(inputs(), { workspace: makeWorkspace() });
      expect(result.exitCode).toBe(1);
      expect(failure(result)).toMatch(/^Listing the theme assets failed: /);
      expect(failure(result)).toContain(elsewhere);
      expect(failure(result)).toMatch(/credentials were not sent there/);
      expect(received).toEqual([]);
    } finally {
      await new Promise(resolve => other.close(resolve));
    }
  });
});

describe('8. ids are one path segment', () => {
  it.each(['../../v1/sites/x/publish', 'abc/def', 'a%2Fb', 'x?y=1', 'x#y', '..', ''])(
    'a job id %p is refused, and no request lands anywhere else',
    async jobId => {
      emu.options.forgedJobId = jobId || ' ';
      const result = await runAction(inputs({ 'upload-theme': 'false' }), {
        workspace: makeWorkspace()
      });
      expect(result.exitCode).toBe(1);
      expect(failure(result)).toMatch(/job id that is not a plain id/);
      expect(emu.requests.map(r => r.route)).toEqual([
        'GET /v2/sites/:id',
        'GET /v1/sites/:id',
        'POST /v1/sites/:id/publish'
      ]);
      expect(result.outputs['job-id']).toBe('');
    }
  );

  it('v2: a job id that is not a plain token is refused, and no request lands anywhere else', async () => {
    emu.options.siteVersion = 'v2';
    emu.options.forgedJobId = '../sites/x/publish';
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(1);
    expect(failure(result)).toMatch(/job id that is not a plain id/);
    expect(emu.requests.map(r => r.route)).toEqual([
      'GET /v2/sites/:id',
      'POST /v2/sites/:id/publish'
    ]);
    // Refused before it is printed or set as an output, as on v1.
    expect(result.outputs['job-id']).toBe('');
    expect(result.stdout).not.toContain('Publishing: job');
  });

  it('an asset id that is not a plain token is never put in a URL', async () => {
    const site = emu.options.siteId;
    emu.seedThemeAssets([
      { filename: 'index.html', content: OLD_INDEX, id: `../sites/${site}/publish` },
      { filename: 'stale.html', content: 'gone', id: '..%2F..%2Fv1%2Fsites' }
    ]);
    const result = await runAction(inputs({ prune: 'true' }), { workspace: makeWorkspace() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/asset id that is not a plain id/);
    expect(emu.requests.filter(r => r.route === 'unknown')).toEqual([]);
    expect(emu.requests.filter(r => r.method === 'DELETE')).toEqual([]);
    expect(emu.requests.some(r => r.route === 'POST /v1/sites/:id/publish')).toBe(false);
  });
});

describe('10. redaction is last', () => {
  /** Every form a secret may take on the way out: escaped, quoted, line by line. */
  function forms(secret: string): string[] {
    const lines = secret.split(/\r?\n/).filter(line => line.length >= 4);
    return [secret, ...lines].flatMap(text => [
      text,
      JSON.stringify(text).slice(1, -1),
      text.replace(/\n/g, '\\n'),
      text.replace(/\n/g, ' '),
      // Markdown, as the summary quotes a message
      text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\n/g, ' '),
      encodeURIComponent(text)
    ]);
  }

  function leaks(result: ActionResult, secrets: string[]): string[] {
    const all = secrets.flatMap(forms);
    return result.everything
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .filter(line => all.some(form => line.includes(form)));
  }

  it('a server echoing the key, the secret and the Basic value, a multi-line secret included, leaks nothing', async () => {
    const secret = 'first-line_of*the|secret\nsecond<line>of_the`secret`';
    emu.options.apiSecret = secret;
    emu.options.echoCredentials = true;
    // An error body (retried, then failing the step), and every job message, echo them.
    emu.failNext({ method: 'GET', path: '/v1/sites/:id/theme/assets', status: 500 });
    emu.failNext({ method: 'GET', path: '/v1/sites/:id', status: 500, body: '<html>oops</html>' });
    emu.options.job = {
      stepMs: 5,
      steps: [
        { status: 'working', message: 'Checking...' },
        { status: 'error', message: 'Failed in _layouts/default.html (line 2)' }
      ]
    };
    const result = await runAction(
      { ...inputs(), 'api-secret': secret },
      { workspace: makeWorkspace(), env: { RUNNER_DEBUG: '1' } }
    );

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('***');
    expect(leaks(result, [KEY, secret, basicCredentials(KEY, secret)])).toEqual([]);
  });

  it('a secret a cut would split leaves no part of itself: each long text is redacted before it is cut', async () => {
    const secret = 'Sup3rSecretValue-0123456789abcdef';
    emu.options.apiSecret = secret;
    // Each message puts the secret across one of the cuts, after what precedes the message
    // there: a summary log line (1,000) and a kept job line (2,000) start with the time and
    // the status (20 characters), the quoted failure (4,000) with "Siteleaf publish job <id>
    // failed: " (54).
    const across = (cut: number, before: number) =>
      `${'x'.repeat(cut - before - 10)}${secret} and more text after it`;
    emu.options.job = {
      stepMs: 5,
      steps: [
        { status: 'working', message: across(1_000, 20) },
        { status: 'working', message: across(2_000, 20) },
        { status: 'error', message: across(4_000, 54) }
      ]
    };
    const result = await runAction(
      { ...inputs({ 'upload-theme': 'false' }), 'api-secret': secret },
      { workspace: makeWorkspace() }
    );
    expect(result.exitCode).toBe(1);
    expect(result.summary).toContain('more characters cut here'); // the cuts were made
    const outside = result.everything.split('\n').filter(line => !line.startsWith('::add-mask::'));
    expect(outside.filter(line => line.includes(secret.slice(0, 6)))).toEqual([]);
  });

  it('a server echoing credentials in a failure that ends the run leaks nothing (Markdown included)', async () => {
    const secret = 'sec_ret*with|marks<b>&"quotes"';
    emu.options.apiSecret = secret;
    emu.options.echoCredentials = true;
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', status: 422 });
    const result = await runAction(
      { ...inputs({ 'upload-theme': 'false' }), 'api-secret': secret },
      { workspace: makeWorkspace(), env: { RUNNER_DEBUG: '1' } }
    );
    expect(result.exitCode).toBe(1);
    expect(failure(result)).toMatch(/^Starting the publish failed with HTTP 422/);
    expect(result.summary).toMatch(/secret \\?\*\\?\*\\?\*/); // redacted, then quoted
    expect(leaks(result, [KEY, secret, basicCredentials(KEY, secret)])).toEqual([]);
  });
});
