// The action against a v2 site whose GitHub Sync is under way: it follows the sync to its end
// before it uploads or publishes (with upload-theme: false too), a failed, unknown or endless
// sync stops it, a 410 for the sync is decided by the site's `jobs.sync`, and the wait counts
// against `timeout`, which is one budget from the first publish request less what the sync took.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { until, useEmulator } from './helpers/emulator.js';
import { runAction } from './helpers/run-action.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

const emu = useEmulator({
  apiKey: KEY,
  apiSecret: SECRET,
  siteVersion: 'v2',
  job: { stepMs: 10 }
});

// The action's modules load on its first run, which takes seconds under ts-jest: load them
// first, so that a sync started just before a run is still under way when the run reads the site.
beforeAll(async () => {
  await import('../src/main.js');
});

const SITE: Record<string, string> = {
  '_config.yml': 'title: Example\n',
  '_layouts/default.html': '<!doctype html>\n<title>{{ site.title }}</title>\n{{ content }}\n',
  'index.html': '---\nlayout: default\n---\n<h1>Hello</h1>\n',
  'assets/css/site.css': 'body { font-family: system-ui; }\n'
};

const inputs = (extra: Record<string, string> = {}) =>
  inputsFor(emu.url, emu.options.siteId, extra);

const puts = () => emu.requests.filter(r => r.method === 'PUT');
const publishes = () => emu.requests.filter(r => r.route === 'POST /v2/sites/:id/publish');
const syncStreams = (syncId: string) => emu.requests.filter(r => r.path === `/v2/jobs/${syncId}`);
const siteReads = () => emu.requests.filter(r => r.route === 'GET /v2/sites/:id');
const errorOf = (result: { annotations: Array<{ kind: string; message: string }> }) =>
  result.annotations.find(a => a.kind === 'error')?.message ?? '';
/** A sync line of the log: `sync: HH:MM:SS  <status>  <message>`. */
const syncLine = (lines: string[], status: string, message: string) =>
  lines.some(line => new RegExp(`^sync: \\S+ +${status} +`).test(line) && line.endsWith(message));
const working = (count: number, stem = 'Syncing') =>
  Array.from({ length: count }, (_, i) => ({ status: 'working', message: `${stem} ${i}...` }));

/**
 * A sync long enough to be under way when the action reads the site (a run takes a few hundred
 * ms to get there): eight `working` steps 60 ms apart, then `last`.
 */
const longSync = (last = { status: 'complete', message: 'Synced' }) => ({
  stepMs: 60,
  steps: [...working(8), last]
});

/** A sync that has ended, so `jobs.sync.last_id` names it and not the one a test follows. */
async function endedSync(): Promise<string> {
  const id = emu.startSyncJob({ stepMs: 5 });
  await until(() => emu.jobs().some(job => job.id === id && job.final));
  return id;
}

describe('waiting for a sync under way', () => {
  it('waits for it before uploading, its lines marked', async () => {
    const syncId = emu.startSyncJob(longSync());
    const syncEndedAtPut: boolean[] = [];
    emu.options.onResponse = request => {
      if (request.method !== 'PUT') return;
      syncEndedAtPut.push(emu.jobs().find(job => job.id === syncId)?.final ?? false);
    };
    const result = await runAction(inputs(), { workspace: makeWorkspace(SITE) });
    expect(result.exitCode).toBe(0);
    expect(syncLine(result.lines, 'working', 'Syncing 0...')).toBe(true);
    expect(syncLine(result.lines, 'complete', 'Synced')).toBe(true);
    expect(syncEndedAtPut).toEqual(Object.keys(SITE).map(() => true));
  });

  it('waits for it with upload-theme: false too, publishing only once it has ended', async () => {
    const syncId = emu.startSyncJob(longSync());
    let syncEndedAtPublish: boolean | undefined;
    emu.options.onResponse = request => {
      if (request.route !== 'POST /v2/sites/:id/publish') return;
      syncEndedAtPublish = emu.jobs().find(job => job.id === syncId)?.final;
    };
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('complete');
    expect(syncLine(result.lines, 'complete', 'Synced')).toBe(true);
    const finished = result.lines.indexOf(`GitHub Sync job ${syncId} finished; going on.`);
    expect(finished).toBeGreaterThanOrEqual(0);
    expect(finished).toBeLessThan(result.lines.findIndex(line => line.startsWith('Publishing: ')));
    expect(publishes()).toHaveLength(1);
    expect(syncEndedAtPublish).toBe(true);
    expect(puts()).toHaveLength(0);
  });

  it('a failed sync fails the step, nothing uploaded or published', async () => {
    emu.startSyncJob(longSync({ status: 'error', message: 'Could not reach GitHub' }));
    const result = await runAction(inputs(), { workspace: makeWorkspace(SITE) });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(/GitHub Sync job .* failed \(Could not reach GitHub\)/);
    expect(puts()).toHaveLength(0);
    expect(publishes()).toHaveLength(0);
  });

  it('a sync that outlasts timeout fails the step, nothing uploaded or published', async () => {
    const syncId = emu.startSyncJob({ stepMs: 20, hang: true });
    const started = Date.now();
    const result = await runAction(inputs({ timeout: '1' }), { workspace: makeWorkspace(SITE) });
    expect(result.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(errorOf(result)).toBe(
      `The site's GitHub Sync job ${syncId} did not finish within the timeout of 1 s, ` +
        'so nothing was uploaded or published.'
    );
    expect(syncLine(result.lines, 'working', 'Syncing with GitHub...')).toBe(true);
    expect(puts()).toHaveLength(0);
    expect(publishes()).toHaveLength(0);
  });
});

describe('a 410 for the sync is decided by jobs.sync', () => {
  // Slow enough that the stream is open before the sync ends; expireAfterEndMs: 0 cuts it
  // inside the final event, so only the site can tell how the sync ended.
  it('jobs.sync says it completed: the run goes on, uploads and publishes', async () => {
    const syncId = emu.startSyncJob({
      stepMs: 100,
      expireAfterEndMs: 0,
      steps: [...working(6), { status: 'complete', message: 'Synced' }]
    });
    const result = await runAction(inputs(), { workspace: makeWorkspace(SITE) });
    expect(result.exitCode).toBe(0);
    expect(syncStreams(syncId).map(r => r.status)).toContain(410);
    expect(syncLine(result.lines, 'complete', 'Synced')).toBe(false);
    expect(result.lines).toContain(`GitHub Sync job ${syncId} finished; going on.`);
    // The site was asked after the 410: the detection's read, then the one that decided.
    const gone = syncStreams(syncId).find(r => r.status === 410)?.at ?? Infinity;
    expect(siteReads().filter(r => r.at >= gone)).toHaveLength(1);
    expect(puts()).toHaveLength(Object.keys(SITE).length);
    expect(result.outputs.status).toBe('complete');
  });

  it('jobs.sync says it failed: the step fails with its last_error, nothing uploaded or published', async () => {
    const syncId = emu.startSyncJob({
      stepMs: 100,
      expireAfterEndMs: 0,
      steps: [...working(6), { status: 'error', message: 'Could not reach GitHub' }]
    });
    const result = await runAction(inputs(), { workspace: makeWorkspace(SITE) });
    expect(result.exitCode).toBe(1);
    expect(syncStreams(syncId).map(r => r.status)).toContain(410);
    expect(syncLine(result.lines, 'error', 'Could not reach GitHub')).toBe(false);
    expect(errorOf(result)).toMatch(
      new RegExp(`GitHub Sync job ${syncId} failed \\(Could not reach GitHub\\)`)
    );
    expect(puts()).toHaveLength(0);
    expect(publishes()).toHaveLength(0);
  });

  it('jobs.sync does not name it (gone while running): the plain not-found failure', async () => {
    await endedSync();
    const syncId = emu.startSyncJob({ stepMs: 20, hang: true });
    const run = runAction(inputs(), { workspace: makeWorkspace(SITE) });
    await until(() => syncStreams(syncId).some(r => r.status === 200));
    await new Promise(resolve => setTimeout(resolve, 200)); // its events reach the action
    emu.expireJob(syncId);
    const result = await run;
    expect(result.exitCode).toBe(1);
    expect(syncLine(result.lines, 'working', 'Syncing with GitHub...')).toBe(true);
    expect(errorOf(result)).toBe(
      `Siteleaf no longer knows the site's GitHub Sync job ${syncId} (HTTP 410: Job not found), ` +
        'so whether the sync finished is unknown; nothing was uploaded or published. ' +
        'Re-run the workflow.'
    );
    const gone = syncStreams(syncId).find(r => r.status === 410)?.at ?? Infinity;
    expect(siteReads().filter(r => r.at >= gone)).toHaveLength(1);
    expect(puts()).toHaveLength(0);
    expect(publishes()).toHaveLength(0);
  });
});

describe('timeout is one budget for the sync and the publish', () => {
  it('uploads after a sync do not count: a publish that ends within timeout less the sync passes', async () => {
    // Every answer 200 ms late, one upload at a time: the sync wait takes a few hundred ms, the
    // uploads well over the 2 s timeout, and the publish about 500 ms of what is left.
    emu.options.latencyMs = 200;
    const syncId = emu.startSyncJob(longSync());
    const files = { ...SITE };
    for (let i = 0; i < 10; i++) files[`assets/css/part-${i}.css`] = `.part-${i} { margin: 0; }\n`;
    const result = await runAction(inputs({ timeout: '2', concurrency: '1' }), {
      workspace: makeWorkspace(files)
    });
    // The premise: from the sync wait to the last upload's answer took longer than the timeout.
    const syncWaitFrom = Math.min(...syncStreams(syncId).map(r => r.at));
    const uploadsTo = Math.max(...puts().map(r => r.answeredAt ?? 0));
    expect(puts()).toHaveLength(Object.keys(files).length);
    expect(uploadsTo - syncWaitFrom).toBeGreaterThan(2000);

    expect(result.exitCode).toBe(0);
    expect(result.lines).toContain(`GitHub Sync job ${syncId} finished; going on.`);
    expect(result.outputs.status).toBe('complete');
    expect(result.annotations.filter(a => a.kind === 'error')).toEqual([]);
  });

  it('a sync that took most of timeout leaves the publish only the rest: it times out', async () => {
    // The sync takes about 1.5 s of the 2 s; the publish job would take 1.2 s, within 2 s but
    // not within the 0.5 s left.
    const syncId = emu.startSyncJob({
      stepMs: 250,
      steps: [...working(6), { status: 'complete', message: 'Synced' }]
    });
    emu.options.job = { stepMs: 400 };
    const result = await runAction(inputs({ timeout: '2', 'upload-theme': 'false' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.lines).toContain(`GitHub Sync job ${syncId} finished; going on.`);
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    expect(errorOf(result)).toMatch(
      /^Publish job [0-9a-f]{24} did not finish within the timeout of 2 s, [12] s of it spent waiting for the site's GitHub Sync[ .]/
    );
    // Given up before the job could end: the publish had the rest of the budget, not 2 s.
    const publish = emu.jobs().find(job => job.kind === 'publish');
    expect(publish?.final).toBe(false);
  });
});
