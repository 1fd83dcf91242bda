// A cancelled workflow (SIGINT, then SIGTERM): stop what is in flight, say what was uploaded
// and whether a publish had started, and exit non-zero.
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { runDist } from '../scripts/runner.js';
import { runAction } from './helpers/run-action.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

let emu: Emulator;
const theme = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`pages/page-${i}.html`, `<p>${i}</p>`])
);

beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 5 } });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.options.latencyMs = 0;
  emu.options.job = { stepMs: 5 };
});

const uploadsAnswered = () =>
  emu.requests.filter(r => r.route === 'POST /v1/sites/:id/theme/assets' && r.status === 200);

/** Resolves once `condition` holds, polling the emulator's records. */
async function when(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise(resolve => setTimeout(resolve, 5));
}

it('on SIGINT during uploads: stops, lists what was uploaded, starts no publish', async () => {
  emu.options.latencyMs = 150;
  const workspace = makeWorkspace(theme);
  const running = runAction(inputsFor(emu.url, emu.options.siteId, { concurrency: '2' }), {
    workspace
  });
  await when(() => uploadsAnswered().length >= 2);
  process.emit('SIGINT');
  const result = await running;

  expect(result.exitCode).toBe(1);
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
    env: { NO_PROXY: '*' },
    onSpawn: child => {
      void when(() => emu.requests.some(r => r.route === 'GET /v1/jobs/:id')).then(() =>
        setTimeout(() => child.kill('SIGTERM'), 100)
      );
    }
  });

  expect(result.exitCode).not.toBe(0);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(result.stdout).toMatch(/Publish job [0-9a-f]{24} was started and goes on on Siteleaf/);
  expect(result.outputs['job-id']).toMatch(/^[0-9a-f]{24}$/);
});
