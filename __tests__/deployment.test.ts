// The GitHub deployment record, against a fake GitHub REST API on 127.0.0.1: what is sent, in
// what order, and that every failure is a warning that names the fix, never a thrown error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals';
import {
  DEPLOYMENT_ID,
  startFakeGitHubApi,
  type FakeGitHubApi
} from './helpers/fake-github-api.js';
import { GitHubDeployment } from '../src/deployment.js';
import type { DeploymentOutcome } from '../src/verdict.js';
import { recordingLog, type RecordingLog } from './helpers/fixtures.js';

const TOKEN = 'ghs_FakeTokenForTests0123456789abcdefABCDEF';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const RUN_URL = 'https://github.example/octo/theme/actions/runs/777';
const SITE_URL = 'https://example.siteleaf.net';

let api: FakeGitHubApi;
const savedEnv = { ...process.env };
let stdout = '';
let log: RecordingLog;

/**
 * A deployment started as the flow starts one, with this test's log: its id once created (or
 * undefined), and its finish.
 */
async function start(opts: {
  token: string;
  environment: string;
  siteUrl?: string;
  requestTimeoutMs?: number;
}) {
  const { siteUrl, ...options } = opts;
  const deployment = new GitHubDeployment({ ...options, log });
  deployment.start(siteUrl ?? '');
  const id = await deployment.created();
  if (id === undefined) return undefined;
  return { id, finish: (result: DeploymentOutcome, url: string) => deployment.finish(result, url) };
}

beforeAll(async () => {
  api = await startFakeGitHubApi();
  // @actions/github reads these when it is first imported (on the first startDeployment call):
  // set them before, once for this file.
  for (const key of [
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'http_proxy',
    'https_proxy',
    'ALL_PROXY',
    'all_proxy'
  ]) {
    delete process.env[key];
  }
  delete process.env.GITHUB_HEAD_REF;
  delete process.env.ACTIONS_ORCHESTRATION_ID;
  const eventPath = join(mkdtempSync(join(tmpdir(), 'deployment-test-')), 'event.json');
  writeFileSync(eventPath, '{}');
  Object.assign(process.env, {
    NO_PROXY: '127.0.0.1,localhost',
    GITHUB_API_URL: api.url,
    GITHUB_REPOSITORY: 'octo/theme',
    GITHUB_SHA: SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '777',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: 'push'
  });
});

afterAll(async () => {
  await api.close();
  process.env = savedEnv;
});

beforeEach(() => {
  api.reset();
  log = recordingLog();
  delete process.env.GITHUB_HEAD_REF;
  stdout = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  // Whatever happened, the token never reaches the log, nor anything else written to stdout.
  expect(log.all()).not.toContain(TOKEN);
  expect(stdout).not.toContain(TOKEN);
  // Every warning is one about the deployment.
  for (const entry of log.entries.filter(e => e.level === 'warning')) {
    expect(entry.place).toEqual({ title: 'GitHub deployment' });
  }
});

/** The warnings the deployment gave, in order. */
function warnings(): string[] {
  return log.messages('warning');
}

const deploymentRequests = () =>
  api.requests.filter(r => r.path === '/repos/octo/theme/deployments');
const statusRequests = () =>
  api.requests.filter(r => r.path === `/repos/octo/theme/deployments/${DEPLOYMENT_ID}/statuses`);
const states = () => statusRequests().map(r => (r.body as { state: string }).state);

describe('a deployment started and finished', () => {
  it('creates a deployment of the exact commit, sets it in_progress, then success with the site URL', async () => {
    const tracker = await start({
      token: TOKEN,
      environment: 'production',
      siteUrl: SITE_URL
    });
    expect(tracker?.id).toBe(DEPLOYMENT_ID);

    const [create] = deploymentRequests();
    expect(create?.method).toBe('POST');
    expect(create?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(create?.headers['user-agent']).toMatch(/^siteleaf-publish\/\d+\.\d+\.\d+/);
    expect(create?.body).toEqual({
      ref: SHA,
      environment: 'production',
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: true,
      description: 'Siteleaf publish',
      payload: { ref: 'refs/heads/main', sha: SHA }
    });
    expect(statusRequests()[0]?.body).toMatchObject({
      state: 'in_progress',
      log_url: RUN_URL,
      environment_url: SITE_URL
    });

    await tracker?.finish('success', SITE_URL);
    expect(states()).toEqual(['in_progress', 'success']);
    const success = statusRequests()[1];
    expect(success?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(success?.body).toMatchObject({
      state: 'success',
      environment_url: SITE_URL,
      log_url: RUN_URL,
      auto_inactive: true
    });
    expect(api.requests).toHaveLength(3);
    expect(warnings()).toEqual([]);
    expect(log.messages('info')).toEqual([
      `GitHub deployment ${DEPLOYMENT_ID}: octo/theme@${SHA.slice(0, 12)} (refs/heads/main) to environment 'production'.`,
      `GitHub deployment ${DEPLOYMENT_ID}: success (${SITE_URL}).`
    ]);
  });

  it('records a failed publish as failure, without auto_inactive, and a later finish changes nothing', async () => {
    const tracker = await start({ token: TOKEN, environment: 'staging' });
    expect(deploymentRequests()[0]?.body).toMatchObject({
      environment: 'staging',
      production_environment: false
    });
    expect(statusRequests()[0]?.body).not.toHaveProperty('environment_url');

    await tracker?.finish('failure', SITE_URL);
    await tracker?.finish('success', SITE_URL);
    expect(states()).toEqual(['in_progress', 'failure']);
    const failure = statusRequests()[1]?.body;
    expect(failure).toMatchObject({
      state: 'failure',
      environment_url: SITE_URL,
      log_url: RUN_URL
    });
    expect(failure).not.toHaveProperty('auto_inactive');
    expect(warnings()).toEqual([]);
  });

  it("treats 'Production' as a production environment and leaves out an empty site URL", async () => {
    const tracker = await start({ token: TOKEN, environment: 'Production' });
    expect(deploymentRequests()[0]?.body).toMatchObject({
      environment: 'Production',
      production_environment: true
    });
    await tracker?.finish('error', '');
    expect(states()).toEqual(['in_progress', 'error']);
    expect(statusRequests()[1]?.body).not.toHaveProperty('environment_url');
  });

  it('keeps the pull request branch (GITHUB_HEAD_REF) in the payload and deploys the sha', async () => {
    process.env.GITHUB_HEAD_REF = 'feature/new-layout';
    await start({ token: TOKEN, environment: 'preview' });
    expect(deploymentRequests()[0]?.body).toMatchObject({
      ref: SHA,
      payload: { ref: 'feature/new-layout', sha: SHA }
    });
  });
});

describe('failures are warnings, and the publish goes on', () => {
  it('a 403 (no deployments: write) warns how to grant it and returns undefined', async () => {
    api.script('createDeployment', {
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url:
          'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
        status: '403'
      }
    });
    await expect(start({ token: TOKEN, environment: 'production' })).resolves.toBeUndefined();
    const [warning, ...more] = warnings();
    expect(more).toEqual([]);
    expect(warning).toContain("environment 'production'");
    expect(warning).toContain('HTTP 403: Resource not accessible by integration');
    expect(warning).toContain('permissions: deployments: write');
    expect(warning).toContain('publish goes on');
    expect(statusRequests()).toEqual([]);
  });

  it('a 404 (a token without access) names the repository and the fix', async () => {
    api.script('createDeployment', { status: 404, body: { message: 'Not Found' } });
    await expect(start({ token: TOKEN, environment: 'production' })).resolves.toBeUndefined();
    const [warning] = warnings();
    expect(warning).toContain('HTTP 404: Not Found');
    expect(warning).toContain('octo/theme');
    expect(warning).toContain('deployments: write');
  });

  it('a rate-limited 403 says so instead of asking for a permission', async () => {
    api.script('createDeployment', {
      status: 403,
      body: { message: 'API rate limit exceeded for installation ID 1.' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '9999999999' }
    });
    await expect(start({ token: TOKEN, environment: 'production' })).resolves.toBeUndefined();
    const [warning] = warnings();
    expect(warning).toContain('rate limit');
    expect(warning).not.toContain('permissions: deployments: write');
  });

  it('a server that echoes the token never gets it into the log', async () => {
    api.script('createDeployment', { status: 401, body: { message: `Bad credentials: ${TOKEN}` } });
    await expect(start({ token: TOKEN, environment: 'production' })).resolves.toBeUndefined();
    const [warning] = warnings();
    expect(warning).toContain('HTTP 401: Bad credentials: ***');
    expect(warning).toContain('github-token');
    // afterEach checks the whole log, and stdout.
  });

  it('a 422 (a commit GitHub does not know) warns and returns undefined', async () => {
    api.script('createDeployment', { status: 422, body: { message: `No ref found for: ${SHA}` } });
    await expect(start({ token: TOKEN, environment: 'production' })).resolves.toBeUndefined();
    expect(warnings()[0]).toContain(`HTTP 422: No ref found for: ${SHA}`);
    expect(warnings()[0]).toContain('was it pushed');
  });

  it('a 202 without a deployment (auto-merge) warns and returns undefined', async () => {
    api.script('createDeployment', {
      status: 202,
      body: { message: 'Auto-merged main into topic on deployment.' }
    });
    await expect(start({ token: TOKEN, environment: 'production' })).resolves.toBeUndefined();
    expect(warnings()[0]).toContain('HTTP 202 without a deployment');
  });

  it('an API that never answers times out into a warning', async () => {
    api.script('createDeployment', { hang: true });
    const started = Date.now();
    await expect(
      start({ token: TOKEN, environment: 'production', requestTimeoutMs: 300 })
    ).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(warnings()[0]).toContain(`no answer from ${api.url} within`);
  });

  it('an empty token warns and sends nothing', async () => {
    await expect(start({ token: '  ', environment: 'production' })).resolves.toBeUndefined();
    expect(warnings()[0]).toContain('github-token input is empty');
    expect(api.requests).toEqual([]);
  });

  it('outside a GitHub Actions run (no GITHUB_REPOSITORY) warns and sends nothing', async () => {
    const repository = process.env.GITHUB_REPOSITORY;
    delete process.env.GITHUB_REPOSITORY;
    try {
      await expect(start({ token: TOKEN, environment: 'production' })).resolves.toBeUndefined();
    } finally {
      process.env.GITHUB_REPOSITORY = repository;
    }
    expect(warnings()[0]).toContain('GITHUB_REPOSITORY');
    expect(api.requests).toEqual([]);
  });

  it('a failed in_progress status keeps the deployment, and finish still records the outcome', async () => {
    api.script('createStatus', { status: 500, body: { message: 'Server Error' } });
    const tracker = await start({ token: TOKEN, environment: 'production' });
    expect(tracker?.id).toBe(DEPLOYMENT_ID);
    expect(warnings()[0]).toContain('in_progress (HTTP 500: Server Error)');
    await tracker?.finish('success', SITE_URL);
    expect(states()).toEqual(['in_progress', 'success']);
    expect(warnings()).toHaveLength(1);
  });

  it('a failing finish is a warning, not an error', async () => {
    const tracker = await start({ token: TOKEN, environment: 'production' });
    api.script('createStatus', {
      status: 403,
      body: { message: 'Resource not accessible by integration' }
    });
    await expect(tracker?.finish('success', SITE_URL)).resolves.toBeUndefined();
    const [warning] = warnings();
    expect(warning).toContain(`GitHub deployment ${DEPLOYMENT_ID}`);
    expect(warning).toContain('to success (HTTP 403: Resource not accessible by integration)');
    expect(warning).toContain('deployments: write');
    expect(log.messages('error')).toEqual([]);
  });
});

describe('start-up cost', () => {
  it('loads @actions/github only once a deployment is asked for', () => {
    // A fresh Node that records whether @actions/github is resolved: not when deployment.ts is
    // imported or made, only once it is started (here it then stops, outside a GitHub run).
    const probe = join(mkdtempSync(join(tmpdir(), 'deployment-probe-')), 'probe.mjs');
    writeFileSync(
      probe,
      `import { registerHooks } from 'node:module';
const resolved = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === '@actions/github') resolved.push(specifier);
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw error;
      return nextResolve(specifier.slice(0, -3) + '.ts', context);
    }
  }
});
const { GitHubDeployment } = await import(process.argv[2]);
const afterImport = resolved.length;
const warnings = [];
const quiet = () => {};
const deployment = new GitHubDeployment({
  token: 'x',
  environment: 'production',
  log: { info: quiet, debug: quiet, notice: quiet, error: quiet, warning: m => warnings.push(m), group: (_n, body) => body() }
});
const afterCreate = resolved.length;
deployment.start('');
await deployment.created();
console.log(JSON.stringify({ afterImport, afterCreate, afterStart: resolved.length, warnings }));
`
    );
    const { GITHUB_REPOSITORY: _repository, ...env } = process.env;
    const output = execFileSync(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', probe, SOURCE],
      { env: { ...env, NODE_OPTIONS: '' }, encoding: 'utf8' }
    );
    const seen = JSON.parse(output) as {
      afterImport: number;
      afterCreate: number;
      afterStart: number;
      warnings: string[];
    };
    expect(seen.afterImport).toBe(0);
    expect(seen.afterCreate).toBe(0);
    expect(seen.afterStart).toBe(1);
    expect(seen.warnings).toEqual([expect.stringContaining('GITHUB_REPOSITORY')]);
  });
});

const SOURCE = fileURLToPath(new URL('../src/deployment.ts', import.meta.url));
