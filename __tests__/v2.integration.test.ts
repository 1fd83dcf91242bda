// The action against a v2 site on the emulator: choosing the API, Jekyll's exclusions, the
// source tree's listing, PUT uploads, content safety, prune scope, publish and follow, and the
// v1 rules that hold for v2 too (rate limit, dropped streams, 410). GitHub Sync has its own
// file, github-sync.integration.test.ts.
import { describe, expect, it } from '@jest/globals';
import { until, useEmulator } from './helpers/emulator.js';
import { gitBlobSha1 } from './helpers/hashes.js';
import { runAction } from './helpers/run-action.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

const emu = useEmulator({
  apiKey: KEY,
  apiSecret: SECRET,
  siteVersion: 'v2',
  job: { stepMs: 10 }
});

const SITE: Record<string, string> = {
  '_config.yml': 'title: Example\nexclude:\n  - drafts\n  - "*.psd"\n',
  '_layouts/default.html': '<!doctype html>\n<title>{{ site.title }}</title>\n{{ content }}\n',
  'index.html': '---\nlayout: default\n---\n<h1>Hello</h1>\n',
  'about.md': '---\ntitle: About\n---\nAbout us.\n',
  '_posts/2024-01-01-hello.md': '---\ntitle: Hello\n---\nFirst post.\n',
  'assets/css/site.css': 'body { font-family: system-ui; }\n'
};

const inputs = (extra: Record<string, string> = {}) =>
  inputsFor(emu.url, emu.options.siteId, extra);

const puts = () => emu.requests.filter(r => r.method === 'PUT');
const names = () => emu.sourceFiles().map(f => f.name);

describe('choosing the API', () => {
  it('auto: a v2 site is detected with one request, said in the Settings group and the output', async () => {
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['api-version']).toBe('v2');
    expect(result.lines).toContain('Siteleaf API: v2 (detected: the site runs on it)');
    expect(result.outputs['site-url']).toBe(`https://${emu.options.domain}`);
    // One site read (the detection itself), the publish, the job stream: nothing on v1.
    expect(emu.requests.map(r => `${r.method} ${r.path.replace(/[0-9a-f]{24}/g, ':id')}`)).toEqual([
      'GET /v2/sites/:id',
      'POST /v2/sites/:id/publish',
      'GET /v2/jobs/:id'
    ]);
  });

  it('auto against a v1 site asks v1 and behaves as before', async () => {
    emu.options.siteVersion = 'v1';
    const result = await runAction(inputs(), { workspace: makeWorkspace() });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['api-version']).toBe('v1');
    expect(result.outputs.kept).toBe('0');
    expect(
      emu
        .themeAssets()
        .map(a => a.filename)
        .sort()
    ).toEqual(['_layouts/default.html', 'assets/css/site.css', 'index.html']);
    expect(emu.requests.some(r => r.method !== 'GET' && r.path.startsWith('/v2/'))).toBe(false);
  });

  it('auto: a v2 answer saying version v1 means v1', async () => {
    emu.options.siteVersion = 'v1';
    emu.options.v1SiteOnV2 = 'version';
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace()
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['api-version']).toBe('v1');
  });

  it('api-version: v2 on a v1 site fails, naming site-id and the other API', async () => {
    emu.options.siteVersion = 'v1';
    const result = await runAction(inputs({ 'api-version': 'v2' }), { workspace: makeWorkspace() });
    expect(result.exitCode).toBe(1);
    const error = result.annotations.find(a => a.kind === 'error')?.message ?? '';
    expect(error).toMatch(/site-id/);
    expect(error).toMatch(/api-version: v1/);
    expect(result.outputs['api-version']).toBe('');
    expect(emu.requests.every(r => r.path.startsWith('/v2/'))).toBe(true);
  });

  it('api-version: v1 on a v2 site fails the same way, asking only v1', async () => {
    const result = await runAction(inputs({ 'api-version': 'v1' }), { workspace: makeWorkspace() });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find(a => a.kind === 'error')?.message).toMatch(/api-version: v2/);
    expect(emu.requests.every(r => r.path.startsWith('/v1/'))).toBe(true);
  });

  it('a site neither API knows fails once, naming site-id', async () => {
    const result = await runAction(
      inputsFor(emu.url, '000000000000000000000000', { 'upload-theme': 'false' }),
      { workspace: makeWorkspace() }
    );
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter(a => a.kind === 'error')).toHaveLength(1);
    expect(result.annotations[0]?.message).toMatch(/site-id/);
  });

  it('wrong credentials are a credentials failure, never a reason to try v1', async () => {
    const result = await runAction(
      { ...inputs(), 'api-secret': 'wrong' },
      {
        workspace: makeWorkspace()
      }
    );
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find(a => a.kind === 'error')?.message).toMatch(
      /api-key and api-secret/
    );
    expect(emu.requests.map(r => r.path)).toEqual([`/v2/sites/${emu.options.siteId}`]);
  });

  it.each(['v3', 'V1.5', 'latest'])(
    'api-version: %s is refused before any request',
    async value => {
      const result = await runAction(inputs({ 'api-version': value }), {
        workspace: makeWorkspace()
      });
      expect(result.exitCode).toBe(1);
      expect(result.annotations.find(a => a.kind === 'error')?.message).toMatch(
        /Input 'api-version' must be one of auto, v1, v2/
      );
      expect(emu.requests).toHaveLength(0);
    }
  );
});

describe('sync', () => {
  it('uploads every file with a PUT each, the SHA-1s equal to git hash-object; a second run uploads nothing', async () => {
    const workspace = makeWorkspace(SITE);
    const first = await runAction(inputs(), { workspace });
    expect(first.exitCode).toBe(0);
    expect(first.outputs.uploaded).toBe(String(Object.keys(SITE).length));
    for (const [name, content] of Object.entries(SITE)) {
      const stored = emu.sourceFiles().find(f => f.name === name);
      expect(stored?.sha).toBe(gitBlobSha1(content));
      const put = puts().find(r => r.sourcePath === name);
      expect(put?.file).toMatchObject({
        partFilename: name.split('/').pop(),
        sha: gitBlobSha1(content)
      });
    }
    emu.requests.length = 0;
    const second = await runAction(inputs(), { workspace });
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({
      uploaded: '0',
      unchanged: String(Object.keys(SITE).length)
    });
    expect(puts()).toHaveLength(0);
  });

  it('puts _config.yml first and alone: every other upload starts after its answer', async () => {
    emu.options.latencyMs = 20;
    await runAction(inputs(), { workspace: makeWorkspace(SITE) });
    const [config, ...rest] = puts();
    expect(config?.sourcePath).toBe('_config.yml');
    expect(rest.length).toBe(Object.keys(SITE).length - 1);
    for (const other of rest)
      expect(other.at).toBeGreaterThanOrEqual(config?.answeredAt ?? Infinity);
  });

  it("leaves out what Jekyll leaves out, and _config.yml's exclude: entries", async () => {
    const workspace = makeWorkspace({
      ...SITE,
      '_site/index.html': 'built',
      Gemfile: "source 'https://rubygems.org'\n",
      'Gemfile.lock': 'GEM\n',
      'vendor/bundle/ruby/x.rb': 'x',
      'drafts/soon.md': 'soon',
      'assets/logo.psd': 'psd'
    });
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(names().sort()).toEqual(Object.keys(SITE).sort());
  });

  it('never prunes remote files on excluded paths', async () => {
    emu.seedSource([
      { name: 'drafts/remote.md', content: 'kept' },
      { name: '_site/old.html', content: 'kept' },
      { name: 'stale.css', content: 'gone' }
    ]);
    const result = await runAction(inputs({ prune: 'true' }), { workspace: makeWorkspace(SITE) });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.deleted).toBe('1');
    expect(names()).toEqual(expect.arrayContaining(['drafts/remote.md', '_site/old.html']));
    expect(names()).not.toContain('stale.css');
  });

  it('matches names ignoring case, as Siteleaf does', async () => {
    emu.seedSource([
      { name: 'Assets/CSS/Site.css', content: SITE['assets/css/site.css'] as string }
    ]);
    const result = await runAction(inputs({ files: 'assets/**' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ uploaded: '0', unchanged: '1' });
  });

  it('fails before any upload when two local names differ only in case, naming both', async () => {
    const result = await runAction(inputs(), {
      workspace: makeWorkspace({ ...SITE, 'About.md': 'x', 'about.md': 'y' })
    });
    expect(result.exitCode).toBe(1);
    const error = result.annotations.find(a => a.kind === 'error')?.message ?? '';
    expect(error).toContain('About.md');
    expect(error).toContain('about.md');
    expect(puts()).toHaveLength(0);
  });

  it('carries hard names exactly: spaces, #, ?, %, + and Unicode', async () => {
    const hard = ['a b#c?.html', '100%.css', 'x+y.txt', 'ünï/çödé.txt'];
    const files = Object.fromEntries(hard.map(name => [name, `content of ${name}`]));
    const result = await runAction(inputs(), { workspace: makeWorkspace(files) });
    expect(result.exitCode).toBe(0);
    expect(names().sort()).toEqual([...hard].sort());
  });

  it('warns when Siteleaf stores a file under another name, and does not prune that name', async () => {
    emu.options.normalizeNames = true;
    const workspace = makeWorkspace({ 'My Page.html': '<p>hi</p>\n' });
    const result = await runAction(inputs({ prune: 'true' }), { workspace });
    expect(result.exitCode).toBe(0);
    const warning = result.annotations.find(a => a.kind === 'warning');
    expect(warning?.message).toContain('My Page.html');
    expect(warning?.message).toContain('my-page.html');
    // The next run: the local name matches nothing remote, and the stored one is not pruned.
    const again = await runAction(inputs({ prune: 'true' }), { workspace });
    expect(again.exitCode).toBe(0);
    expect(names()).toEqual(['my-page.html']);
    expect(emu.requests.some(r => r.method === 'DELETE')).toBe(false);
  });

  it('keeps content editors changed in Siteleaf, counts it in kept, and says so once', async () => {
    const workspace = makeWorkspace(SITE);
    await runAction(inputs(), { workspace });
    emu.seedSource([
      { name: 'about.md', content: '---\ntitle: About\n---\nEdited in Siteleaf.\n' },
      { name: 'index.html', content: '---\nlayout: default\n---\n<h1>Edited</h1>\n' }
    ]);
    emu.requests.length = 0;
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      kept: '2',
      uploaded: '0',
      unchanged: String(Object.keys(SITE).length - 2)
    });
    expect(result.annotations.filter(a => a.kind === 'notice')).toHaveLength(1);
    expect(result.annotations.find(a => a.kind === 'notice')?.message).toMatch(
      /overwrite-content: true/
    );
    expect(result.stdout).toMatch(/= about\.md \(content kept/);
    expect(result.summary).toContain('about.md');
    expect(puts()).toHaveLength(0);
  });

  it('with overwrite-content: true replaces content too', async () => {
    emu.seedSource([{ name: 'about.md', content: 'Edited in Siteleaf.\n', type: 'page' }]);
    const result = await runAction(inputs({ 'overwrite-content': 'true' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.kept).toBe('0');
    expect(emu.sourceFiles().find(f => f.name === 'about.md')?.sha).toBe(
      gitBlobSha1(SITE['about.md'] as string)
    );
  });

  it('with rewriteContent, pages never match and stay kept run after run', async () => {
    emu.options.rewriteContent = true;
    const workspace = makeWorkspace(SITE);
    await runAction(inputs(), { workspace });
    emu.requests.length = 0;
    const result = await runAction(inputs(), { workspace });
    expect(result.exitCode).toBe(0);
    // _config.yml, index.html, about.md and the post are rewritten by Siteleaf.
    expect(result.outputs.kept).toBe('4');
    expect(puts()).toHaveLength(0);
  });

  it('prunes files only; pages and documents too with overwrite-content; never _config.yml', async () => {
    const seed = () =>
      emu.seedSource([
        { name: '_config.yml', content: 'title: Remote\n', type: 'site' },
        { name: 'old.css', content: 'old', type: 'file' },
        { name: 'old-page.md', content: '---\n---\nold', type: 'page' },
        { name: '_posts/2000-01-01-old.md', content: '---\n---\nold', type: 'document' }
      ]);
    const local = { 'index.html': SITE['index.html'] as string };
    seed();
    const plain = await runAction(inputs({ prune: 'true' }), { workspace: makeWorkspace(local) });
    expect(plain.exitCode).toBe(0);
    expect(plain.outputs.deleted).toBe('1');
    expect(names()).toEqual(
      expect.arrayContaining(['_config.yml', 'old-page.md', '_posts/2000-01-01-old.md'])
    );

    emu.reset();
    seed();
    const all = await runAction(inputs({ prune: 'true', 'overwrite-content': 'true' }), {
      workspace: makeWorkspace(local)
    });
    expect(all.exitCode).toBe(0);
    expect(all.outputs.deleted).toBe('3');
    expect(names().sort()).toEqual(['_config.yml', 'index.html']);
  });

  it('completes a listing that was not recursive, and follows Link pages', async () => {
    const workspace = makeWorkspace(SITE);
    await runAction(inputs({ 'upload-theme': 'true', publish: 'false' }), { workspace });
    emu.options.ignoreRecursive = true;
    emu.options.maxPerPage = 2;
    emu.requests.length = 0;
    const result = await runAction(inputs({ prune: 'true' }), { workspace });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ uploaded: '0', deleted: '0' });
    const listings = emu.requests.filter(r => r.method === 'GET' && r.path.includes('/source'));
    expect(listings.length).toBeGreaterThan(3);
    expect(listings.some(r => r.path.endsWith('/source/_posts'))).toBe(true);
  });

  it('an invalid _config.yml fails on its line before any request (api-version: v2)', async () => {
    const result = await runAction(inputs({ 'api-version': 'v2' }), {
      workspace: makeWorkspace({ ...SITE, '_config.yml': 'title: Example\nexclude: [a, b\n' })
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter(a => a.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ file: 'theme/_config.yml' });
    expect(Number(errors[0]?.properties.line)).toBeGreaterThanOrEqual(2);
    expect(emu.requests).toHaveLength(0);
  });

  it('with auto, an invalid _config.yml stops the run after the site lookup alone', async () => {
    const result = await runAction(inputs(), {
      workspace: makeWorkspace({ ...SITE, '_config.yml': 'exclude: "unterminated\n' })
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find(a => a.kind === 'error')?.properties.file).toBe(
      'theme/_config.yml'
    );
    expect(emu.requests.map(r => r.path)).toEqual([`/v2/sites/${emu.options.siteId}`]);
  });

  it('waits out a 403 rate limit in the middle of the uploads', async () => {
    emu.failNext({
      method: 'PUT',
      path: /\/source\//,
      status: 403,
      body: '{"error":"Rate limit exceeded"}',
      headers: { 'Retry-After': '0' }
    });
    const result = await runAction(inputs(), { workspace: makeWorkspace(SITE) });
    expect(result.exitCode).toBe(0);
    expect(names().sort()).toEqual(Object.keys(SITE).sort());
    expect(result.stdout).toMatch(/rate limit was reached/);
  });
});

describe('publish and follow', () => {
  it('publishes with POST {} and follows event:status to complete', async () => {
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.exitCode).toBe(0);
    const publish = emu.requests.find(r => r.method === 'POST');
    expect(publish?.path).toBe(`/v2/sites/${emu.options.siteId}/publish`);
    expect(publish?.body).toBe('{}');
    expect(result.outputs.status).toBe('complete');
    expect(result.lines.some(line => line.endsWith('Published'))).toBe(true);
  });

  it('pins a Liquid error on the file and line it names', async () => {
    emu.options.job = {
      stepMs: 10,
      steps: [
        { status: 'working', message: 'Building...' },
        {
          status: 'error',
          message: 'Liquid syntax error in _layouts/default.html (line 2): bad tag'
        }
      ]
    };
    const result = await runAction(inputs(), { workspace: makeWorkspace(SITE) });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find(a => a.properties.file)).toMatchObject({
      kind: 'error',
      properties: { file: 'theme/_layouts/default.html', line: '2' }
    });
  });

  it('reopens a dropped stream without printing an event twice', async () => {
    emu.options.job = { stepMs: 15, dropStreamAfter: 2 };
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.exitCode).toBe(0);
    const messages = emu.jobs()[0]?.events.map(e => e.message ?? '') ?? [];
    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) {
      expect(result.lines.filter(line => line.endsWith(message))).toHaveLength(1);
    }
  });

  it('a 410 for a job seen working is decided by the site: complete', async () => {
    // Slow enough that the stream is open before the job ends (and is cut inside its last event).
    emu.options.job = { stepMs: 100, expireAfterEndMs: 0 };
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('complete');
  });

  it('a 410 for a job seen working is decided by the site: failed, with its last_error', async () => {
    emu.options.job = {
      stepMs: 100,
      expireAfterEndMs: 0,
      steps: [
        { status: 'working', message: 'Building...' },
        { status: 'error', message: 'Liquid error in index.html (line 3): boom' }
      ]
    };
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace(SITE)
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.some(a => a.message.includes('boom'))).toBe(true);
  });

  // A 410 the site cannot settle: the plain failure, said as for v1.
  const plainNotFound = (jobId: string) =>
    `Siteleaf no longer knows publish job ${jobId} (HTTP 410: Job not found): it expired or ` +
    'never existed, so whether this publish succeeded is unknown. Re-run the workflow.';
  const jobStreams = () => emu.requests.filter(r => r.route === 'GET /v2/jobs/:id');
  /** Site reads after the job stream's 410: the one that asked how the job ended. */
  const siteReadsAfter410 = () => {
    const gone = jobStreams().find(r => r.status === 410)?.at ?? Infinity;
    return emu.requests.filter(r => r.route === 'GET /v2/sites/:id' && r.at >= gone);
  };

  it('a 410 for a job seen working, while jobs.publish names another job: job not found', async () => {
    const earlier = emu.startJob({ script: { stepMs: 5 } });
    await until(() => emu.jobs().some(job => job.id === earlier && job.final));
    emu.options.job = { stepMs: 20, hang: true };
    const run = runAction(inputs({ 'upload-theme': 'false' }), { workspace: makeWorkspace(SITE) });
    await until(() => jobStreams().some(r => r.status === 200));
    await new Promise(resolve => setTimeout(resolve, 200)); // its events reach the action
    const jobId = emu.jobs().find(job => job.createdBy === 'publish')?.id ?? '';
    emu.expireJob(jobId);
    const result = await run;
    expect(result.exitCode).toBe(1);
    expect(result.outputs['job-id']).toBe(jobId);
    expect(result.lines.some(line => line.endsWith('Fetching inventory...'))).toBe(true);
    expect(result.annotations.find(a => a.kind === 'error')?.message).toBe(plainNotFound(jobId));
    expect(siteReadsAfter410()).toHaveLength(1);
  });

  it('a 410 for a job seen working, while jobs.publish says it still runs: job not found', async () => {
    // The first stream breaks after one event; the reopened one is refused with a 410.
    emu.options.job = { stepMs: 20, hang: true, dropStreamAfter: 1 };
    emu.failNext({
      method: 'GET',
      path: '/v2/jobs/:id',
      skip: 1,
      status: 410,
      body: 'event:status\ndata:{"status":"error","message":"Job not found"}\n\n',
      headers: { 'content-type': 'text/event-stream' }
    });
    const result = await runAction(inputs({ 'upload-theme': 'false' }), {
      workspace: makeWorkspace(SITE)
    });
    const jobId = emu.jobs().find(job => job.createdBy === 'publish')?.id ?? '';
    expect(emu.jobs().find(job => job.id === jobId)?.final).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.lines.some(line => line.endsWith('Fetching inventory...'))).toBe(true);
    expect(result.annotations.find(a => a.kind === 'error')?.message).toBe(plainNotFound(jobId));
    expect(siteReadsAfter410()).toHaveLength(1);
  });
});
