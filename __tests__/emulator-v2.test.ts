// The emulator's Siteleaf v2 API (and the switches around it), exercised over real HTTP.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import type { Emulator, RecordedRequest } from '../emulator/server.js';
import { api, authHeader, emulatorPerTest, readStream, until } from './helpers/emulator.js';
import { gitBlobSha1, md5 } from './helpers/hashes.js';

/** An emulator of the test's own (a v2 site), closed after it. */
const start = emulatorPerTest({ siteVersion: 'v2', job: { stepMs: 5 } });

// --- talking to the emulator -------------------------------------------------------------

/** Each segment percent-encoded, as the action sends names. */
const encode = (name: string) => name.split('/').map(encodeURIComponent).join('/');

const siteV2 = (emu: Emulator, rest = '') => `/v2/sites/${emu.options.siteId}${rest}`;
const sourcePath = (emu: Emulator, name = '') => siteV2(emu, name ? `/source/${name}` : '/source');

function put(emu: Emulator, name: string, content: string | Buffer, encoded = encode(name)) {
  const form = new FormData();
  form.append('file', new Blob([content]), name.split('/').at(-1) ?? name);
  return api(emu, 'PUT', sourcePath(emu, encoded), form);
}

interface Entry {
  name: string;
  type: string;
  sha: string | null;
  filesize: number | null;
  url?: string;
  download_url?: string;
  created_at?: string;
  updated_at?: string;
}

async function putJson(emu: Emulator, name: string, content: string | Buffer): Promise<Entry> {
  const res = await put(emu, name, content);
  expect(res.status).toBe(200);
  return (await res.json()) as Entry;
}

async function getJson<T>(emu: Emulator, path: string): Promise<{ status: number; body: T }> {
  const res = await api(emu, 'GET', path);
  return { status: res.status, body: (await res.json()) as T };
}

/** A raw request with node:http: the path goes out exactly as written (no URL normalising). */
function rawRequest(emu: Emulator, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(emu.url + '/', {
      method,
      path,
      headers: { authorization: authHeader(emu) }
    });
    req.on('response', res => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every entry of a listing, following `Link: rel="next"`; the Link headers seen. */
async function listAll(emu: Emulator, path: string): Promise<{ names: string[]; links: string[] }> {
  const names: string[] = [];
  const links: string[] = [];
  let url: string | undefined = emu.url + path;
  while (url) {
    const res: Response = await fetch(url, { headers: { authorization: authHeader(emu) } });
    expect(res.status).toBe(200);
    names.push(...((await res.json()) as Entry[]).map(entry => entry.name));
    const link = res.headers.get('link');
    if (link) links.push(link);
    url = /<([^>]+)>; rel="next"/.exec(link ?? '')?.[1];
  }
  return { names, links };
}

interface SiteV2 {
  id: string;
  version: string;
  domain: string;
  jobs: Record<
    'publish' | 'sync' | 'preview',
    { id: string | null; last_id: string | null; last_at: string | null; last_error: string | null }
  >;
}

async function site(emu: Emulator): Promise<SiteV2> {
  const { status, body } = await getJson<SiteV2>(emu, siteV2(emu));
  expect(status).toBe(200);
  return body;
}

async function publish(emu: Emulator): Promise<string> {
  const res = await api(emu, 'POST', siteV2(emu, '/publish'), '{}');
  expect(res.status).toBe(202);
  const { job_id } = (await res.json()) as { job_id: string };
  return job_id;
}

function events(text: string): Array<{ event: string; status: string; message: string }> {
  return text
    .split('\n\n')
    .filter(block => block !== '')
    .map(block => {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      const data = JSON.parse(dataLine.slice('data:'.length)) as {
        status: string;
        message: string;
      };
      return { event: eventLine.slice('event:'.length), ...data };
    });
}

const routes = (requests: RecordedRequest[]) => requests.map(r => `${r.route} ${r.status}`);

const THEME = [
  { name: '_config.yml', content: 'title: Example\n' },
  { name: 'index.html', content: '---\nlayout: default\n---\n<h1>Hi</h1>\n' },
  { name: 'about.md', content: '---\ntitle: About\n---\nAbout us\n' },
  { name: '_posts/2020-01-01-hello.md', content: '---\ntitle: Hello\n---\nHello\n' },
  { name: '_posts/2020-01-02-again.md', content: '---\ntitle: Again\n---\nAgain\n' },
  { name: '_layouts/default.html', content: '<html>{{ content }}</html>\n' },
  { name: 'assets/css/site.css', content: 'body { color: red }\n' },
  { name: 'assets/js/app.js', content: 'console.log(1);\n' }
];
const THEME_NAMES = THEME.map(file => file.name).sort();

// -----------------------------------------------------------------------------------------

describe('which API a site runs on', () => {
  it('a v2 site: the site with version "v2" and its jobs', async () => {
    const emu = await start({ domain: 'shop.siteleaf.net' });
    const body = await site(emu);
    expect(body).toMatchObject({
      id: emu.options.siteId,
      title: expect.any(String),
      domain: 'shop.siteleaf.net',
      version: 'v2',
      timezone: 'UTC'
    });
    expect(body).toHaveProperty('created_at');
    expect(body).toHaveProperty('updated_at');
    const none = { id: null, last_id: null, last_at: null, last_error: null };
    expect(body.jobs).toEqual({ publish: none, sync: none, preview: none });
  });

  it('a v2 site answers 404 on every v1 route, and v2 paths take no .json', async () => {
    const emu = await start();
    const v1 = `/v1/sites/${emu.options.siteId}`;
    for (const [method, path] of [
      ['GET', v1],
      ['GET', `${v1}.json`],
      ['GET', `${v1}/theme/assets.json`],
      ['POST', `${v1}/theme/assets`],
      ['POST', `${v1}/publish.json`],
      ['GET', siteV2(emu, '.json')],
      ['POST', siteV2(emu, '/publish.json')],
      ['GET', `/api/v2/jobs/0123456789abcdef01234567`]
    ] as const) {
      const res = await api(emu, method, path);
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(await res.json()).toEqual({ error: 'Not found' });
    }
  });

  it('a v1 site: 404 on v2 by default, or 200 with version "v1" when asked', async () => {
    const emu = await start({ siteVersion: 'v1' });
    expect((await api(emu, 'GET', siteV2(emu))).status).toBe(404);
    expect((await api(emu, 'GET', `/v1/sites/${emu.options.siteId}.json`)).status).toBe(200);
    // Its other v2 routes are not there whatever the switch says.
    emu.options.v1SiteOnV2 = 'version';
    expect((await site(emu)).version).toBe('v1');
    expect((await api(emu, 'GET', sourcePath(emu))).status).toBe(404);
    expect((await api(emu, 'POST', siteV2(emu, '/publish'), '{}')).status).toBe(404);
    expect((await put(emu, 'a.html', 'a')).status).toBe(404);
  });

  it('an unknown site is 404 on v2; auth and the rate limit apply as on v1', async () => {
    const emu = await start({ rateLimit: { limit: 3, windowMs: 60_000, retryAfterSeconds: 9 } });
    expect((await api(emu, 'GET', '/v2/sites/000000000000000000000000')).status).toBe(404);
    const anonymous = await fetch(emu.url + sourcePath(emu));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'Unauthorized!' });
    expect((await api(emu, 'GET', siteV2(emu))).status).toBe(200);
    const limited = await api(emu, 'GET', sourcePath(emu));
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('9');
    expect(await limited.json()).toEqual({ error: 'Rate limit exceeded' });
  });
});

describe('listing the source', () => {
  it('without recursive: the direct children, files first, then directories', async () => {
    const emu = await start();
    emu.seedSource(THEME);
    const root = await getJson<Entry[]>(emu, sourcePath(emu));
    expect(root.status).toBe(200);
    expect(root.body.map(e => [e.name, e.type])).toEqual([
      ['_config.yml', 'site'],
      ['about.md', 'page'],
      ['index.html', 'page'],
      ['_layouts', 'directory'],
      ['_posts', 'directory'],
      ['assets', 'directory']
    ]);
    expect(root.body.at(-1)).toEqual({
      name: 'assets',
      type: 'directory',
      sha: null,
      filesize: null
    });
    const index = root.body.find(e => e.name === 'index.html');
    expect(index).toMatchObject({
      sha: gitBlobSha1(THEME[1]?.content ?? ''),
      filesize: Buffer.byteLength(THEME[1]?.content ?? ''),
      url: '/',
      download_url: `${emu.url}${sourcePath(emu, 'index.html')}?download`
    });
    expect(index?.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/);

    // A folder: its children by full name from the root; `source/` and `source/.` are the root.
    const assets = await getJson<Entry[]>(emu, sourcePath(emu, 'assets'));
    expect(assets.body.map(e => [e.name, e.type])).toEqual([
      ['assets/css', 'directory'],
      ['assets/js', 'directory']
    ]);
    const css = await getJson<Entry[]>(emu, sourcePath(emu, 'ASSETS/css/'));
    expect(css.body.map(e => e.name)).toEqual(['assets/css/site.css']);
    for (const path of [sourcePath(emu) + '/', sourcePath(emu, '.')]) {
      expect((await getJson<Entry[]>(emu, path)).body).toEqual(root.body);
    }
    expect(emu.requests.map(r => r.route)).toEqual([
      'GET /v2/sites/:id/source',
      'GET /v2/sites/:id/source/:name',
      'GET /v2/sites/:id/source/:name',
      'GET /v2/sites/:id/source',
      'GET /v2/sites/:id/source'
    ]);
  });

  it('recursive: every file below, directories only with recursiveDirectories', async () => {
    const emu = await start();
    emu.seedSource(THEME);
    const all = await getJson<Entry[]>(emu, sourcePath(emu) + '?recursive=true');
    expect(all.body.map(e => e.name)).toEqual(THEME_NAMES);
    const below = await getJson<Entry[]>(emu, sourcePath(emu, 'assets') + '?recursive=true');
    expect(below.body.map(e => e.name)).toEqual(['assets/css/site.css', 'assets/js/app.js']);

    emu.options.recursiveDirectories = true;
    const withDirs = await getJson<Entry[]>(emu, sourcePath(emu) + '?recursive=true');
    expect(withDirs.body.filter(e => e.type === 'directory').map(e => e.name)).toEqual([
      '_layouts',
      '_posts',
      'assets',
      'assets/css',
      'assets/js'
    ]);
    expect(withDirs.body.filter(e => e.type !== 'directory').map(e => e.name)).toEqual(THEME_NAMES);
  });

  it('ignoreRecursive: recursive=true lists direct children only', async () => {
    const emu = await start({ ignoreRecursive: true });
    emu.seedSource(THEME);
    const root = await getJson<Entry[]>(emu, sourcePath(emu) + '?recursive=true');
    expect(root.body.map(e => e.name)).toEqual([
      '_config.yml',
      'about.md',
      'index.html',
      '_layouts',
      '_posts',
      'assets'
    ]);
  });

  it('paginates with per_page and page, Link headers keeping the other parameters', async () => {
    const emu = await start();
    emu.seedSource(THEME);
    const first = await api(emu, 'GET', sourcePath(emu) + '?recursive=true&per_page=3');
    expect(((await first.json()) as Entry[]).map(e => e.name)).toEqual(THEME_NAMES.slice(0, 3));
    const base = emu.url + sourcePath(emu);
    expect(first.headers.get('link')).toBe(
      `<${base}?page=2&recursive=true&per_page=3>; rel="next", ` +
        `<${base}?page=3&recursive=true&per_page=3>; rel="last"`
    );

    const second = await api(emu, 'GET', sourcePath(emu) + '?page=2&recursive=true&per_page=3');
    expect(second.headers.get('link')).toBe(
      `<${base}?page=3&recursive=true&per_page=3>; rel="next", ` +
        `<${base}?page=3&recursive=true&per_page=3>; rel="last", ` +
        `<${base}?page=1&recursive=true&per_page=3>; rel="first", ` +
        `<${base}?page=1&recursive=true&per_page=3>; rel="prev"`
    );

    const followed = await listAll(emu, sourcePath(emu) + '?recursive=true&per_page=3');
    expect(followed.names).toEqual(THEME_NAMES);
    expect(followed.links).toHaveLength(3);

    // One page: no Link header at all.
    const whole = await api(emu, 'GET', sourcePath(emu) + '?recursive=true&per_page=100');
    expect(whole.headers.get('link')).toBeNull();
  });

  it('per_page defaults to 30; maxPerPage caps what the client asks for', async () => {
    const emu = await start();
    const many = Array.from({ length: 35 }, (_, i) => ({
      name: `f/${String(i).padStart(2, '0')}.txt`,
      content: String(i)
    }));
    emu.seedSource(many);
    const first = await getJson<Entry[]>(emu, sourcePath(emu, 'f'));
    expect(first.body).toHaveLength(30);
    const all = await listAll(emu, sourcePath(emu, 'f'));
    expect(all.names).toEqual(many.map(f => f.name));

    emu.options.maxPerPage = 10;
    const capped = await listAll(emu, sourcePath(emu) + '?recursive=true&per_page=9999');
    expect(capped.names).toEqual(many.map(f => f.name));
    expect(capped.links).toHaveLength(4);
    expect(capped.links[0]).toContain('per_page=9999');
  });

  it('a file answers its entry; names match ignoring case; unknown names 404', async () => {
    const emu = await start();
    emu.seedSource(THEME);
    const file = await getJson<Entry>(emu, sourcePath(emu, 'ASSETS/CSS/Site.css'));
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ name: 'assets/css/site.css', type: 'file' });
    expect(file.body).not.toHaveProperty('url');
    expect(emu.requests[0]?.sourcePath).toBe('ASSETS/CSS/Site.css');

    const download = await api(emu, 'GET', sourcePath(emu, 'assets/css/site.css') + '?download');
    expect(await download.text()).toBe('body { color: red }\n');

    const missing = await api(emu, 'GET', sourcePath(emu, 'nothing.html'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Not found' });
  });
});

describe('uploading (PUT)', () => {
  it('creates a file: its entry, the stored bytes, and the request as recorded', async () => {
    const emu = await start();
    const content = 'body { color: red }\n';
    const res = await put(emu, 'assets/css/site.css', content);
    expect(res.status).toBe(200);
    const entry = (await res.json()) as Entry;
    expect(entry).toMatchObject({
      name: 'assets/css/site.css',
      type: 'file',
      sha: gitBlobSha1(content),
      filesize: 20
    });
    expect(emu.sourceFiles()).toEqual([
      expect.objectContaining({ name: 'assets/css/site.css', sha: entry.sha })
    ]);
    expect(emu.sourceFiles()[0]?.content?.toString()).toBe(content);
    const record = emu.requests[0];
    expect(record).toMatchObject({
      route: 'PUT /v2/sites/:id/source/:name',
      path: sourcePath(emu, 'assets/css/site.css'),
      sourcePath: 'assets/css/site.css',
      status: 200
    });
    expect(record?.file).toEqual({
      partFilename: 'site.css',
      size: 20,
      md5: md5(content),
      sha: gitBlobSha1(content)
    });
  });

  it('replaces in place, matching the name ignoring case and keeping the stored one', async () => {
    const emu = await start();
    const [seeded] = emu.seedSource([{ name: 'about.html', content: 'old' }]);
    await sleep(1100); // updated_at has whole seconds
    const entry = await putJson(emu, 'About.HTML', 'new');
    expect(entry).toMatchObject({ name: 'about.html', type: 'file', sha: gitBlobSha1('new') });
    expect(entry.created_at).toBe(seeded?.created_at);
    expect(entry.updated_at).not.toBe(seeded?.updated_at);
    expect(emu.sourceFiles().map(f => [f.name, f.content?.toString()])).toEqual([
      ['about.html', 'new']
    ]);
    expect(emu.requests[0]?.sourcePath).toBe('About.HTML');
  });

  it('types a new file by its path and front matter, and keeps the type on replace', async () => {
    const emu = await start();
    const fm = '---\ntitle: x\n---\nbody\n';
    const cases: Array<[string, string | Buffer, string]> = [
      ['_config.yml', 'title: Example\n', 'site'],
      ['index.html', fm, 'page'],
      ['docs/guide.md', '---\r\ntitle: CRLF\r\n---\r\n', 'page'],
      ['empty-front-matter.html', '---\n---\n', 'page'],
      ['_posts/2020-01-01-hello.md', fm, 'document'],
      ['_authors/jane.md', fm, 'document'],
      ['_posts/2020-01-01-no-fm.md', 'just text\n', 'file'],
      ['_layouts/default.html', fm, 'file'],
      ['_includes/head.html', fm, 'file'],
      ['_data/menu.yml', '---\n- a\n', 'file'],
      ['_sass/main.scss', fm, 'file'],
      ['_drafts/idea.md', fm, 'file'],
      ['sub/_config.yml', 'x: 1\n', 'file'],
      ['notes.md', 'no front matter\n', 'file'],
      ['dashes.html', '----\nnot front matter\n', 'file'],
      ['style.css', 'body {}\n', 'file'],
      ['logo.png', randomBytes(200), 'file']
    ];
    for (const [name, content, type] of cases) {
      expect([name, (await putJson(emu, name, content)).type]).toEqual([name, type]);
    }
    expect((await putJson(emu, 'INDEX.html', 'no front matter now')).type).toBe('page');
    expect((await putJson(emu, 'style.css', fm)).type).toBe('file');
    const pages = emu.sourceFiles().filter(f => f.type === 'page');
    expect(pages.map(f => f.name)).toEqual([
      'docs/guide.md',
      'empty-front-matter.html',
      'index.html'
    ]);
  });

  it('sha is exactly git hash-object: text, CRLF, binary, empty, and a spooled large file', async () => {
    const emu = await start({ keepBodyBytesUpTo: 1024 });
    const spoolsBefore = readdirSync(tmpdir()).filter(n => n.startsWith('siteleaf-emulator-'));
    const samples: Array<[string, string | Buffer]> = [
      ['text.txt', 'hello\nworld\n'],
      ['crlf.txt', 'hello\r\nworld\r\n'],
      ['unicode.txt', 'héllo wörld ✓\n'],
      ['binary.bin', randomBytes(4096)],
      ['empty.txt', ''],
      ['large.bin', randomBytes(3 * 1024 * 1024 + 5)]
    ];
    for (const [name, content] of samples) {
      const entry = await putJson(emu, name, content);
      expect([name, entry.sha]).toEqual([name, gitBlobSha1(content)]);
      expect(entry.filesize).toBe(Buffer.byteLength(content));
    }
    const large = emu.sourceFiles().find(f => f.name === 'large.bin');
    expect(large?.content).toBeUndefined();
    // The large upload went through a temporary file, removed once hashed.
    const spoolsAfter = readdirSync(tmpdir()).filter(n => n.startsWith('siteleaf-emulator-'));
    expect(spoolsAfter.filter(n => !spoolsBefore.includes(n))).toEqual([]);
  });

  it('an upload aborted mid-way leaves no temporary file behind', async () => {
    const emu = await start({ keepBodyBytesUpTo: 1024 });
    const spools = () => readdirSync(tmpdir()).filter(n => n.startsWith('siteleaf-emulator-'));
    const before = spools();
    const boundary = 'xyzzy';
    const req = request(emu.url + sourcePath(emu, 'big.bin'), {
      method: 'PUT',
      headers: {
        authorization: authHeader(emu),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(10 * 1024 * 1024)
      }
    });
    req.on('error', () => undefined);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n'
    );
    req.write(randomBytes(2 * 1024 * 1024));
    await until(() => (emu.requests[0]?.bytesIn ?? 0) > 2 * 1024 * 1024);
    await until(() => spools().length > before.length); // spooled to a file
    req.destroy();
    await until(() => spools().filter(n => !before.includes(n)).length === 0);
    await until(() => emu.requests[0]?.answeredAt !== undefined);
    expect(emu.requests[0]?.status).toBe(0);
    expect(emu.sourceFiles()).toEqual([]);
  });

  it('percent-decodes every path segment: hard names survive the trip', async () => {
    const emu = await start();
    const hard = ['a b#c?.html', '100%.css', 'ünï.txt', 'x+y.txt', 'dir with space/é#1.md'];
    for (const name of hard) {
      const entry = await putJson(emu, name, `content of ${name}`);
      expect(entry.name).toBe(name);
      expect(emu.requests.at(-1)?.sourcePath).toBe(name);
      const back = await getJson<Entry>(emu, sourcePath(emu, encode(name)));
      expect([name, back.status, back.body.name]).toEqual([name, 200, name]);
    }
    expect(emu.requests.find(r => r.sourcePath === 'x+y.txt')?.path).toContain('x%2By.txt');
    // A literal + in a path is a plus (not a space): the same file.
    const literal = await put(emu, 'x+y.txt', 'again', 'x+y.txt');
    expect(((await literal.json()) as Entry).name).toBe('x+y.txt');
    expect(emu.sourceFiles().filter(f => f.name === 'x+y.txt')).toHaveLength(1);
    const listed = await getJson<Entry[]>(emu, sourcePath(emu) + '?recursive=true');
    expect(listed.body.map(e => e.name).sort()).toEqual([...hard].sort());
    expect(listed.body.find(e => e.name === 'a b#c?.html')?.download_url).toBe(
      `${emu.url}${sourcePath(emu, 'a%20b%23c%3F.html')}?download`
    );
  });

  it('refuses names it cannot use, a missing file, and a name a directory or file is in the way of', async () => {
    const emu = await start();
    emu.seedSource([{ name: 'assets/site.css', content: 'x' }]);
    for (const bad of ['%E0%A4', 'a/%2E%2E/b', 'a//b', '.']) {
      expect([bad, await rawRequest(emu, 'PUT', sourcePath(emu, bad))]).toEqual([bad, 400]);
    }
    const noFile = new FormData();
    noFile.append('name', 'a.html');
    const missing = await api(emu, 'PUT', sourcePath(emu, 'a.html'), noFile);
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ error: "File can't be blank" });

    const onDirectory = await put(emu, 'Assets', 'x');
    expect(onDirectory.status).toBe(422);
    expect(((await onDirectory.json()) as { error: string }).error).toMatch(/directory/);
    const underFile = await put(emu, 'assets/site.css/x.css', 'x');
    expect(underFile.status).toBe(422);
    expect(emu.sourceFiles().map(f => f.name)).toEqual(['assets/site.css']);
  });

  it('rewriteContent: pages, documents and _config.yml are stored changed, files are not', async () => {
    const emu = await start({ rewriteContent: true, keepBodyBytesUpTo: 64 });
    const page = '---\ntitle: x\n---\nbody';
    const answered = await putJson(emu, 'index.html', page);
    expect(answered.sha).not.toBe(gitBlobSha1(page));
    expect(answered.sha).toBe(gitBlobSha1(page + '\n'));
    expect(answered.filesize).toBe(page.length + 1);
    expect(emu.sourceFiles()[0]?.content?.toString()).toBe(page + '\n');
    expect(emu.requests[0]?.file?.sha).toBe(gitBlobSha1(page)); // what was sent

    expect((await putJson(emu, '_config.yml', 'title: x\n')).sha).toBe(gitBlobSha1('title: x\n\n'));
    const post = '---\ntitle: p\n---\n' + 'long body '.repeat(20); // past keepBodyBytesUpTo
    expect((await putJson(emu, '_posts/2020-01-01-p.md', post)).sha).toBe(gitBlobSha1(post + '\n'));
    expect((await putJson(emu, 'style.css', 'body {}')).sha).toBe(gitBlobSha1('body {}'));
    // Replacing a page is rewritten too: a client uploading the stored bytes still differs.
    expect((await putJson(emu, 'INDEX.html', page + '\n')).sha).toBe(gitBlobSha1(page + '\n\n'));
  });

  it('normalizeNames: a new file is stored under a normalised name, a replaced one keeps its own', async () => {
    const emu = await start({ normalizeNames: true });
    emu.seedSource([{ name: 'Old Name.html', content: 'old' }]);
    expect((await putJson(emu, 'About Us.HTML', 'a')).name).toBe('about-us.html');
    expect((await putJson(emu, 'About Us.HTML', 'b')).name).toBe('about-us.html');
    expect((await putJson(emu, 'already-fine.html', 'c')).name).toBe('already-fine.html');
    expect((await putJson(emu, 'old name.html', 'new')).name).toBe('Old Name.html');
    expect(emu.sourceFiles().map(f => [f.name, f.content?.toString()])).toEqual([
      ['Old Name.html', 'new'],
      ['about-us.html', 'b'],
      ['already-fine.html', 'c']
    ]);
    expect(emu.requests[0]?.sourcePath).toBe('About Us.HTML');
  });
});

describe('deleting (DELETE)', () => {
  it('answers the deleted entry, then 404', async () => {
    const emu = await start();
    emu.seedSource(THEME);
    const res = await api(emu, 'DELETE', sourcePath(emu, 'ASSETS/js/app.js'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'assets/js/app.js', type: 'file' });
    expect(emu.sourceFiles().map(f => f.name)).not.toContain('assets/js/app.js');
    const again = await api(emu, 'DELETE', sourcePath(emu, 'assets/js/app.js'));
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: 'Not found' });
    // Its folder is gone with its last file.
    expect((await api(emu, 'GET', sourcePath(emu, 'assets/js'))).status).toBe(404);
    expect(emu.mutations().map(r => [r.route, r.sourcePath, r.status])).toEqual([
      ['DELETE /v2/sites/:id/source/:name', 'ASSETS/js/app.js', 200],
      ['DELETE /v2/sites/:id/source/:name', 'assets/js/app.js', 404]
    ]);
  });

  it('refuses _config.yml and directories with 422 and a JSON error', async () => {
    const emu = await start();
    emu.seedSource(THEME);
    for (const name of ['_config.yml', '_CONFIG.yml', 'assets', '_posts', 'assets/css']) {
      const res = await api(emu, 'DELETE', sourcePath(emu, name));
      expect([name, res.status]).toEqual([name, 422]);
      expect(((await res.json()) as { error: string }).error).toEqual(expect.any(String));
    }
    expect(emu.sourceFiles().map(f => f.name)).toEqual(THEME_NAMES);
  });
});

describe('publish and jobs on v2', () => {
  it('publish: 202 with a job id, the running job handed back, a new one after', async () => {
    const emu = await start({ job: { stepMs: 100 } });
    const first = await publish(emu);
    expect(first).toMatch(/^[0-9a-f]{24}$/);
    expect(emu.requests[0]).toMatchObject({ route: 'POST /v2/sites/:id/publish', body: '{}' });
    expect(await publish(emu)).toBe(first);
    expect((await site(emu)).jobs.publish.id).toBe(first);
    await until(() => emu.jobs()[0]?.final === true);
    const second = await publish(emu);
    expect(second).not.toBe(first);
    expect(emu.jobs().map(j => [j.kind, j.api, j.createdBy])).toEqual([
      ['publish', 'v2', 'publish'],
      ['publish', 'v2', 'publish']
    ]);
  });

  it('streams event:status at /v2/jobs/:id, and nowhere else', async () => {
    const emu = await start({ eventName: 'publish' }); // the v1 switch does not apply
    const id = await publish(emu);
    const stream = await readStream(emu, `/v2/jobs/${id}`);
    expect(stream.status).toBe(200);
    expect(stream.outcome).toBe('end');
    expect(stream.headers['content-type']).toBe('text/event-stream');
    const got = events(stream.text);
    expect(got.map(e => e.event)).toEqual(['status', 'status', 'status', 'status']);
    expect(got.map(e => e.status)).toEqual(['working', 'working', 'working', 'complete']);
    for (const path of [`/v1/jobs/${id}`, `/api/v1/jobs/${id}`]) {
      expect((await readStream(emu, path)).status).toBe(410);
    }
    expect((await api(emu, 'GET', `/v2/jobs/${id}.json`)).status).toBe(410);
  });

  it('a v1 job is not followed on /v2/jobs/:id', async () => {
    const emu = await start({ siteVersion: 'v1' });
    const id = emu.startJob();
    expect((await readStream(emu, `/v2/jobs/${id}`)).status).toBe(410);
    expect((await readStream(emu, `/v1/jobs/${id}`)).status).toBe(200);
  });

  it('410 with an SSE status error for an unknown or expired job', async () => {
    const emu = await start();
    const unknown = await readStream(emu, '/v2/jobs/0123456789abcdef01234567');
    expect(unknown.status).toBe(410);
    expect(unknown.headers['content-type']).toBe('text/event-stream');
    expect(unknown.text).toBe(
      'event:status\ndata:{"status":"error","message":"Job not found"}\n\n'
    );
    const id = await publish(emu);
    emu.expireJob(id);
    expect((await readStream(emu, `/v2/jobs/${id}`)).text).toBe(unknown.text);
  });

  it('the site tells what became of the last publish, after its job has expired', async () => {
    const emu = await start();
    const ok = await publish(emu);
    await until(async () => (await site(emu)).jobs.publish.last_id === ok);
    const afterOk = (await site(emu)).jobs.publish;
    expect(afterOk).toEqual({
      id: null,
      last_id: ok,
      last_at: expect.any(String),
      last_error: null
    });
    expect(afterOk.last_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);

    const message = 'Liquid syntax error in _layouts/default.html (line 6)';
    emu.options.job = {
      stepMs: 5,
      steps: [
        { status: 'working', message: 'Building...' },
        { status: 'error', message }
      ]
    };
    const failed = await publish(emu);
    await until(() => emu.jobs().find(j => j.id === failed)?.final === true);
    emu.expireJob(failed);
    expect((await readStream(emu, `/v2/jobs/${failed}`)).status).toBe(410);
    expect((await site(emu)).jobs.publish).toMatchObject({
      id: null,
      last_id: failed,
      last_error: message
    });
    expect((await site(emu)).jobs.sync.last_id).toBeNull();
  });

  it('expireAfterEndMs: the job answers 410 soon after its end; 0 cuts the final event', async () => {
    const emu = await start({ job: { stepMs: 30, expireAfterEndMs: 300 } });
    const id = await publish(emu);
    const whole = await readStream(emu, `/v2/jobs/${id}`);
    expect(events(whole.text).at(-1)?.status).toBe('complete');
    await until(() => emu.jobs().length === 0);
    expect((await readStream(emu, `/v2/jobs/${id}`)).status).toBe(410);
    expect((await site(emu)).jobs.publish).toMatchObject({ last_id: id, last_error: null });

    emu.options.job = { stepMs: 60, expireAfterEndMs: 0 }; // slow enough to be followed live
    const cut = await publish(emu);
    const stream = await readStream(emu, `/v2/jobs/${cut}`);
    expect(stream.status).toBe(200);
    // The final event was cut inside its data: line: no complete event said "complete".
    expect(stream.text).not.toMatch(/"complete"[^\n]*\n\n/);
    expect(stream.text.endsWith('\n\n')).toBe(false);
    expect((await readStream(emu, `/v2/jobs/${cut}`)).status).toBe(410);
    expect((await site(emu)).jobs.publish).toMatchObject({ last_id: cut, last_error: null });
  });

  it('a GitHub Sync job: jobs.sync.id while it runs, its stream, then jobs.sync.last_*', async () => {
    const emu = await start({ job: { stepMs: 100 } });
    const sync = emu.startSyncJob();
    const during = await site(emu);
    expect(during.jobs.sync.id).toBe(sync);
    expect(during.jobs.publish.id).toBeNull();
    // Publish does not hand back the sync: it is not a publish.
    const published = await publish(emu);
    expect(published).not.toBe(sync);

    const stream = await readStream(emu, `/v2/jobs/${sync}`);
    expect(events(stream.text).map(e => e.message)).toEqual([
      'Syncing with GitHub...',
      'Importing changes...',
      'Synced'
    ]);
    expect((await site(emu)).jobs.sync).toMatchObject({
      id: null,
      last_id: sync,
      last_error: null
    });
    expect(emu.jobs().find(j => j.id === sync)).toMatchObject({
      kind: 'sync',
      createdBy: 'startSyncJob',
      api: 'v2'
    });
  });

  it('a sync job plays its own script, failing, and may hang', async () => {
    const emu = await start();
    const failing = emu.startSyncJob({
      stepMs: 5,
      steps: [{ status: 'error', message: 'GitHub sync failed: bad credentials' }]
    });
    expect((await site(emu)).jobs.sync).toMatchObject({
      id: null,
      last_id: failing,
      last_error: 'GitHub sync failed: bad credentials'
    });
    const hanging = emu.startSyncJob({ stepMs: 5, hang: true });
    await sleep(40);
    expect((await site(emu)).jobs.sync.id).toBe(hanging);
  });

  it('stream faults apply on v2: a dropped stream, then a reconnect gets every event', async () => {
    const emu = await start({ job: { stepMs: 20, dropStreamAfter: 2 } });
    const id = await publish(emu);
    const dropped = await readStream(emu, `/v2/jobs/${id}`);
    expect(dropped.outcome).toBe('aborted');
    expect(events(dropped.text)).toHaveLength(2);
    const again = await readStream(emu, `/v2/jobs/${id}`);
    expect(events(again.text).at(-1)?.status).toBe('complete');
  });
});

describe('faults on v2 paths', () => {
  it('failNext matches a v2 route pattern (with :site_id), or a decoded path', async () => {
    const emu = await start();
    emu.failNext({ method: 'PUT', path: '/v2/sites/:site_id/source/:name', status: 503 });
    expect((await put(emu, 'a.html', 'a')).status).toBe(503);
    expect(emu.sourceFiles()).toEqual([]);
    expect((await put(emu, 'a.html', 'a')).status).toBe(200);

    emu.failNext({ path: sourcePath(emu, 'a b.html'), status: 502, times: 2 });
    expect((await put(emu, 'a b.html', 'x')).status).toBe(502);
    expect((await api(emu, 'GET', sourcePath(emu, 'a%20b.html'))).status).toBe(502);
    expect((await put(emu, 'a b.html', 'x')).status).toBe(200);

    emu.failNext({ path: /\/v2\/jobs\//, drop: true });
    await expect(api(emu, 'GET', '/v2/jobs/0123456789abcdef01234567')).rejects.toThrow();
    expect(routes(emu.requests)).toEqual([
      'PUT /v2/sites/:id/source/:name 503',
      'PUT /v2/sites/:id/source/:name 200',
      'PUT /v2/sites/:id/source/:name 502',
      'GET /v2/sites/:id/source/:name 502',
      'PUT /v2/sites/:id/source/:name 200',
      'GET /v2/jobs/:id 0'
    ]);
  });

  it('a name ending in .json is a name, not a suffix: faults and routes see it whole', async () => {
    const emu = await start();
    emu.failNext({ path: sourcePath(emu, '_data/menu'), status: 500 });
    expect((await putJson(emu, '_data/menu.json', '[]')).name).toBe('_data/menu.json');
    expect((await api(emu, 'GET', sourcePath(emu, '_data/menu'))).status).toBe(500);
  });

  it('loseAnswer: the upload is stored, the answer never arrives', async () => {
    const emu = await start();
    emu.failNext({ method: 'PUT', path: /source/, loseAnswer: true });
    await expect(put(emu, 'index.html', 'x')).rejects.toThrow();
    expect(emu.requests[0]?.status).toBe(0);
    expect(emu.sourceFiles().map(f => f.name)).toEqual(['index.html']);
  });

  it('latency applies to v2 answers', async () => {
    const emu = await start({ latencyMs: 120 });
    const began = Date.now();
    await (await api(emu, 'GET', sourcePath(emu))).text();
    expect(Date.now() - began).toBeGreaterThanOrEqual(110);
  });
});

describe('reset', () => {
  it('restores the options it started with, in the same object', async () => {
    const emu = await start({ rateLimit: { limit: 50, windowMs: 1000 }, maxPerPage: 5 });
    const options = emu.options;
    const started = structuredClone({ ...options, onResponse: undefined });
    options.siteVersion = 'v1';
    options.maxPerPage = 2;
    options.rewriteContent = true;
    options.latencyMs = 300;
    options.rateLimit.limit = 1; // edited in place
    options.job = { hang: true };
    options.onResponse = () => undefined;
    emu.reset();
    expect(emu.options).toBe(options);
    expect({ ...emu.options }).toEqual(started);
    expect(emu.options.onResponse).toBeUndefined();
    expect((await api(emu, 'GET', siteV2(emu))).status).toBe(200);
    // And again: the snapshot itself was not changed by what the test did.
    emu.options.job.stepMs = 999;
    emu.reset();
    expect(emu.options.job).toEqual({ stepMs: 5 });
  });

  it('clears the source and the site record of jobs', async () => {
    const emu = await start();
    emu.seedSource(THEME);
    const id = await publish(emu);
    await until(async () => (await site(emu)).jobs.publish.last_id === id);
    emu.startSyncJob({ hang: true });
    emu.reset();
    expect(emu.sourceFiles()).toEqual([]);
    expect(emu.jobs()).toEqual([]);
    const { jobs } = await site(emu);
    expect(jobs.publish).toEqual({ id: null, last_id: null, last_at: null, last_error: null });
    expect(jobs.sync.id).toBeNull();
  });
});

describe('seedSource', () => {
  it('stores files as given, typed by path and bytes unless a type is given', async () => {
    const emu = await start({ rewriteContent: true, normalizeNames: true });
    const seeded = emu.seedSource([
      { name: 'About Us.md', content: '---\ntitle: x\n---\n' },
      { name: 'custom.html', content: 'plain', type: 'page' },
      { name: 'logo.png', content: Buffer.from([0, 1, 2]) }
    ]);
    expect(seeded.map(f => [f.name, f.type, f.sha])).toEqual([
      ['About Us.md', 'page', gitBlobSha1('---\ntitle: x\n---\n')],
      ['custom.html', 'page', gitBlobSha1('plain')],
      ['logo.png', 'file', gitBlobSha1(Buffer.from([0, 1, 2]))]
    ]);
    expect(() => emu.seedSource([{ name: 'logo.png/x', content: 'x' }])).toThrow(/logo\.png\/x/);
    expect(() => emu.seedSource([{ name: '../x', content: 'x' }])).toThrow();
  });
});
