// A cancelled workflow (SIGINT, then SIGTERM): stop what is in flight, say what was uploaded
// and whether a publish had started, and exit non-zero.
import { expect, it } from '@jest/globals';
import { runDist } from '../runner/run-dist.js';
import { until, useEmulator } from './helpers/emulator.js';
import { runAction } from './helpers/run-action.js';
import { EXAMPLE_THEME, KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 5 } });
const theme = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`pages/page-${i}.html`, `<p>${i}</p>`])
);

const uploads = () => emu.requests.filter(r => r.route === 'POST /v1/sites/:id/theme/assets');
const uploadsAnswered = () => uploads().filter(r => r.status === 200);

it('on SIGINT during uploads: stops, lists what was uploaded, starts no publish', async () => {
  emu.options.latencyMs = 150;
  const workspace = makeWorkspace(theme);
  const running = runAction(inputsFor(emu.url, emu.options.siteId, { concurrency: '2' }), {
    workspace
  });
  // With two uploads in flight, a third arrives only once the action has taken an answer in.
  await until(() => uploads().length >= 3);
  process.emit('SIGINT');
  const answeredBeforeSignal = uploadsAnswered().length;
  const result = await running;

  expect(result.exitCode).toBe(1);
  // The uploads in flight were cut off, not waited for, and none was started after them.
  expect(uploadsAnswered()).toHaveLength(answeredBeforeSignal);
  expect(uploads().length).toBeLessThanOrEqual(answeredBeforeSignal + 2);
  expect(uploads().filter(r => r.status === 0).length).toBeGreaterThan(0);
  expect(result.stdout).toContain('Received SIGINT');
  expect(result.stdout).toMatch(/Cancelled\. Uploaded before stopping: pages\/page-\d+\.html/);
  expect(result.stdout).toContain('No publish was started.');
  expect(emu.requests.some(r => r.route === 'POST /v1/sites/:id/publish')).toBe(false);
  expect(uploadsAnswered().length).toBeLessThan(12);
  expect(result.summary).toContain('cancelled');
});

it('on SIGTERM while following the job: says the publish goes on, exits non-zero (dist/)', async () => {
  emu.options.job = { stepMs: 50, hang: true };
  const workspace = makeWorkspace(theme);
  const started = Date.now();
  const result = await runDist({
    inputs: inputsFor(emu.url, emu.options.siteId, { 'upload-theme': 'false' }),
    workspace,
    isolateProxy: true,
    timeoutMs: 20_000,
    onSpawn: child => {
      void until(() => emu.requests.some(r => r.route === 'GET /v1/jobs/:id')).then(() =>
        setTimeout(() => child.kill('SIGTERM'), 100)
      );
    }
  });

  expect(result.exitCode).not.toBe(0);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(result.stdout).toMatch(/Publish job [0-9a-f]{24} was started and goes on on Siteleaf/);
  expect(result.outputs['job-id']).toMatch(/^[0-9a-f]{24}$/);
});

it.each([
  ['restores the old copy, and names no file missing', false],
  ['names exactly the file the site may now lack when the restore fails too', true]
])(
  'on SIGTERM between our delete and a confirmed new copy, the built action %s (dist/)',
  async (_, restoreFails) => {
    emu.options.duplicateFilenames = 'refuse';
    emu.seedThemeAssets([
      { filename: '_layouts/default.html', content: EXAMPLE_THEME['_layouts/default.html']! },
      { filename: 'assets/css/site.css', content: EXAMPLE_THEME['assets/css/site.css']! },
      { filename: 'index.html', content: '<h1>Old</h1>\n' }
    ]);
    // One at a time, new files first: new.html, index.html (taken), its DELETE, and the
    // re-upload, which never answers.
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/theme/assets', skip: 2, hang: true });
    if (restoreFails) {
      emu.failNext({ method: 'PUT', path: '/v1/assets/:id/restore', status: 500, times: 50 });
    }
    const result = await runDist({
      inputs: inputsFor(emu.url, emu.options.siteId, { concurrency: '1' }),
      workspace: makeWorkspace({ ...EXAMPLE_THEME, 'new.html': '<p>new</p>\n' }),
      isolateProxy: true,
      timeoutMs: 20_000,
      onSpawn: child => {
        void until(() => uploads().length >= 3).then(() => child.kill('SIGTERM'));
      }
    });

    expect(result.exitCode).not.toBe(0);
    const names = emu.themeAssets().map(a => a.filename);
    const failure = result.stdout
      .split('\n')
      .filter(line => line.startsWith('::error::Cancelled.'))
      .at(-1);
    if (restoreFails) {
      expect(names).not.toContain('index.html');
      expect(failure).toMatch(/now missing on Siteleaf: index\.html\)$/);
    } else {
      expect(names).toContain('index.html');
      expect(result.stdout).toContain('Restored the previous version of index.html');
      expect(failure).toBe(
        '::error::Cancelled. Uploaded before stopping: new.html. No publish was started.'
      );
    }
  }
);
