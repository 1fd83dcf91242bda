// The whole action with deployment-environment set: a GitHub deployment whose status follows
// the publish, against a fake GitHub API and the Siteleaf emulator, both on loopback.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { useEmulator } from './helpers/emulator.js';
import { startFakeGitHubApi, type FakeGitHubApi } from './helpers/fake-github-api.js';
import { runAction } from './helpers/run-action.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

const SHA = 'a'.repeat(40);
const TOKEN = 'ghs_fake_token_0123456789';
const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 5 } });
let github: FakeGitHubApi;
let env: Record<string, string>;
let workspace: string;

beforeAll(async () => {
  github = await startFakeGitHubApi();
  const eventPath = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json');
  writeFileSync(eventPath, '{}');
  env = {
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'octo/theme',
    GITHUB_SHA: SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '7'
  };
  workspace = makeWorkspace();
});
afterAll(() => github.close());
beforeEach(() => github.reset());

const inputs = (extra: Record<string, string> = {}) =>
  inputsFor(emu.url, emu.options.siteId, {
    'deployment-environment': 'production',
    'github-token': TOKEN,
    ...extra
  });

const statuses = () =>
  github.requests
    .filter(r => r.path.endsWith('/statuses'))
    .map(r => r.body as { state: string; environment_url?: string });

it('records a deployment of the commit, in_progress then success with the site URL', async () => {
  const result = await runAction(inputs(), { workspace, env });
  expect(result.exitCode).toBe(0);
  const create = github.requests.find(r => r.path === '/repos/octo/theme/deployments');
  expect(create?.body).toMatchObject({
    ref: SHA,
    environment: 'production',
    required_contexts: []
  });
  expect(statuses().map(s => s.state)).toEqual(['in_progress', 'success']);
  expect(statuses()[1]?.environment_url).toBe('https://example.siteleaf.net');
  expect(result.everything).not.toContain(TOKEN);
});

it('marks the deployment failed when the publish fails', async () => {
  emu.options.job = { stepMs: 5, steps: [{ status: 'error', message: 'Build failed' }] };
  const result = await runAction(inputs(), { workspace, env });
  expect(result.exitCode).toBe(1);
  expect(statuses().map(s => s.state)).toEqual(['in_progress', 'failure']);
});

it('warns about the deployments: write permission and still publishes', async () => {
  github.script('createDeployment', {
    status: 403,
    body: { message: 'Resource not accessible by integration' }
  });
  const result = await runAction(inputs(), { workspace, env });
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('complete');
  expect(result.annotations).toContainEqual(
    expect.objectContaining({
      kind: 'warning',
      message: expect.stringContaining('deployments: write')
    })
  );
});

it('records no deployment on a dry run or without deployment-environment', async () => {
  const dry = await runAction(inputs({ 'dry-run': 'true' }), { workspace, env });
  const plain = await runAction(inputs({ 'deployment-environment': '' }), { workspace, env });
  expect([dry.exitCode, dry.outputs.status]).toEqual([0, 'dry-run']);
  expect([plain.exitCode, plain.outputs.status]).toEqual([0, 'complete']);
  expect(github.requests).toEqual([]);
});
