// The emulator's Siteleaf v1 API (and its switches, faults and lifecycle), exercised over real
// HTTP on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import type { Emulator } from '../emulator/server.js';
import { api, authHeader, emulatorPerTest, readStream } from './helpers/emulator.js';
import { md5 } from './helpers/hashes.js';
import { basicCredentials } from './helpers/workspace.js';

/** An emulator of the test's own, closed after it. */
const start = emulatorPerTest();

function sitePath(emu: Emulator, rest = ''): string {
  return `/v1/sites/${emu.options.siteId}${rest}`;
}

function upload(emu: Emulator, filename: string | undefined, content: string | Buffer, part = 'x') {
  const form = new FormData();
  form.append('file', new Blob([content]), part);
  if (filename !== undefined) form.append('filename', filename);
  return api(emu, 'POST', sitePath(emu, '/theme/assets.json'), form);
}

async function publish(emu: Emulator): Promise<string> {
  const res = await api(emu, 'POST', sitePath(emu, '/publish.json'));
  expect(res.status).toBe(200);
  const { job_id } = (await res.json()) as { job_id: string };
  return job_id;
}

/** Parse SSE text strictly as Siteleaf writes it (no space after the colons). */
function parseSse(text: string): Array<{ event: string; data: string }> {
  return text
    .split('\n\n')
    .filter(block => block !== '')
    .map(block => {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      expect(eventLine.startsWith('event:')).toBe(true);
      expect(dataLine.startsWith('data:')).toBe(true);
      return { event: eventLine.slice('event:'.length), data: dataLine.slice('data:'.length) };
    });
}

function messages(text: string): string[] {
  return parseSse(text).map(event => (JSON.parse(event.data) as { message: string }).message);
}

const ALL_MESSAGES = ['Fetching inventory...', 'Compiling...', 'Checking... /', 'Published'];

describe('auth, paths and routing', () => {
  it('answers 401 JSON to missing or wrong credentials, and records the request', async () => {
    const emu = await start();
    const missing = await fetch(emu.url + sitePath(emu));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await missing.text()).toBe('{"error":"Unauthorized!"}');

    const wrong = await fetch(emu.url + sitePath(emu), {
      headers: { authorization: authHeader(emu, 'nope') }
    });
    expect(wrong.status).toBe(401);
    expect(emu.requests.map(r => [r.route, r.status])).toEqual([
      ['GET /v1/sites/:id', 401],
      ['GET /v1/sites/:id', 401]
    ]);
  });

  it('serves paths with and without .json and ignores the query string', async () => {
    const emu = await start({ domain: 'demo.siteleaf.net' });
    for (const path of [sitePath(emu), sitePath(emu, '.json'), sitePath(emu, '.json?x=1')]) {
      const res = await api(emu, 'GET', path);
      expect(res.status).toBe(200);
      const site = (await res.json()) as Record<string, string>;
      expect(site).toMatchObject({ id: emu.options.siteId, domain: 'demo.siteleaf.net' });
      expect(site.timezone).toBeDefined();
    }
    expect(emu.requests.map(r => r.path)).toEqual([
      sitePath(emu),
      sitePath(emu, '.json'),
      sitePath(emu, '.json')
    ]);
    expect(new Set(emu.requests.map(r => r.route))).toEqual(new Set(['GET /v1/sites/:id']));
  });

  it('answers 404 JSON to an unknown site and an unknown route', async () => {
    const emu = await start();
    const site = await api(emu, 'GET', '/v1/sites/000000000000000000000000/theme/assets');
    expect(site.status).toBe(404);
    expect(await site.text()).toBe('{"error":"Not found"}');
    const route = await api(emu, 'GET', '/v1/nothing/here');
    expect(route.status).toBe(404);
    expect(await route.json()).toEqual({ error: 'Not found' });
    expect(emu.requests.map(r => r.route)).toEqual(['GET /v1/sites/:id/theme/assets', 'unknown']);
  });

  it('applies latency to every response', async () => {
    const emu = await start({ latencyMs: 120 });
    const began = Date.now();
    await (await api(emu, 'GET', sitePath(emu))).text();
    expect(Date.now() - began).toBeGreaterThanOrEqual(110);
  });
});

describe('theme assets', () => {
  it('stores an upload whose listed checksum is the md5 of the bytes', async () => {
    const emu = await start();
    const content = 'body { color: red }\n';
    const res = await upload(emu, 'assets/css/site.css', content, 'site.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('date')).toBeTruthy();
    const asset = (await res.json()) as Record<string, unknown>;
    expect(asset).toMatchObject({
      filename: 'assets/css/site.css',
      checksum: md5(content),
      filesize: Buffer.byteLength(content),
      content_type: 'text/css',
      url: '/assets/assets/css/site.css'
    });
    expect(asset.id).toMatch(/^[0-9a-f]{24}$/);
    expect(asset).not.toHaveProperty('content');

    const list = await api(emu, 'GET', sitePath(emu, '/theme/assets'));
    const listed = (await list.json()) as Array<Record<string, unknown>>;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: asset.id, checksum: md5(content) });
    expect(listed[0]).not.toHaveProperty('content');

    expect(emu.themeAssets()[0]?.content?.toString()).toBe(content);
    const record = emu.requests[0];
    expect(record?.route).toBe('POST /v1/sites/:id/theme/assets');
    expect(record?.fields).toEqual({ filename: 'assets/css/site.css' });
    expect(record?.file).toEqual({ partFilename: 'site.css', size: 20, md5: md5(content) });
    expect(record?.bytesIn).toBeGreaterThan(20);
  });

  it('names the asset after the part filename when no filename field is sent', async () => {
    const emu = await start();
    const res = await upload(emu, undefined, 'x', 'robots.txt');
    expect(((await res.json()) as { filename: string }).filename).toBe('robots.txt');
  });

  it('hashes a large upload while streaming it, keeping bytes only up to the limit', async () => {
    const emu = await start({ keepBodyBytesUpTo: 1024 });
    const big = randomBytes(3 * 1024 * 1024 + 7);
    const res = await upload(emu, 'assets/big.bin', big, 'big.bin');
    expect(((await res.json()) as { checksum: string }).checksum).toBe(md5(big));
    const [stored] = emu.themeAssets();
    expect(stored).toMatchObject({ filesize: big.length, checksum: md5(big) });
    expect(stored?.content).toBeUndefined();
    expect(emu.requests[0]?.bytesIn).toBeGreaterThan(big.length);
  });

  it('keep-both: a second upload of a filename creates a second asset', async () => {
    const emu = await start();
    const [old] = emu.seedThemeAssets([{ filename: 'index.html', content: 'v1' }]);
    const created = (await (await upload(emu, 'index.html', 'v2')).json()) as { id: string };
    expect(created.id).not.toBe(old?.id);
    expect(emu.themeAssets().map(a => [a.id, a.checksum])).toEqual([
      [old?.id, md5('v1')],
      [created.id, md5('v2')]
    ]);
  });

  it('overwrite: a second upload updates the asset in place and answers its id', async () => {
    const emu = await start({ duplicateFilenames: 'overwrite' });
    const [old] = emu.seedThemeAssets([{ filename: 'index.html', content: 'v1' }]);
    const res = await upload(emu, 'index.html', 'v2');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(old?.id);
    expect(emu.themeAssets()).toEqual([
      expect.objectContaining({ id: old?.id, checksum: md5('v2'), filesize: 2 })
    ]);
  });

  it('refuse: a second upload of a filename answers 422 and changes nothing', async () => {
    const emu = await start({ duplicateFilenames: 'refuse' });
    emu.seedThemeAssets([{ filename: 'index.html', content: 'v1' }]);
    const res = await upload(emu, 'index.html', 'v2');
    expect(res.status).toBe(422);
    expect(await res.text()).toBe('{"error":"Filename has already been taken"}');
    expect(emu.themeAssets().map(a => a.checksum)).toEqual([md5('v1')]);
  });

  it('refuses the replace field, whatever its value, and a missing file', async () => {
    const emu = await start();
    const form = new FormData();
    form.append('file', new Blob(['x']), 'theme.zip');
    form.append('replace', 'false');
    const replaced = await api(emu, 'POST', sitePath(emu, '/theme/assets'), form);
    expect(replaced.status).toBe(422);
    expect(((await replaced.json()) as { error: string }).error).toMatch(
      /^replace is not supported/
    );

    const noFile = new FormData();
    noFile.append('filename', 'a.html');
    const missing = await api(emu, 'POST', sitePath(emu, '/theme/assets'), noFile);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toBe(`{"error":"File can't be blank"}`);
    expect(emu.themeAssets()).toEqual([]);
  });

  it('deletes an asset with 204, and answers 404 to an unknown id', async () => {
    const emu = await start();
    const [asset] = emu.seedThemeAssets([{ filename: 'a.html', content: 'a' }]);
    const deleted = await api(emu, 'DELETE', `/v1/assets/${asset?.id}.json`);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect(emu.themeAssets()).toEqual([]);
    const again = await api(emu, 'DELETE', `/v1/assets/${asset?.id}`);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: 'Not found' });
    expect(emu.mutations().map(r => r.route)).toEqual([
      'DELETE /v1/assets/:id',
      'DELETE /v1/assets/:id'
    ]);
  });
});

describe('publish and jobs', () => {
  it('hands back the running job, and a new one once it is over', async () => {
    const emu = await start({ job: { stepMs: 10 } });
    const first = await publish(emu);
    expect(first).toMatch(/^[0-9a-f]{24}$/);
    expect(await publish(emu)).toBe(first);
    await sleep(80);
    expect(emu.jobs()[0]).toMatchObject({ id: first, final: true, createdBy: 'publish' });
    expect(emu.jobs()[0]?.events.map(e => e.message)).toEqual(ALL_MESSAGES);
    const second = await publish(emu);
    expect(second).not.toBe(first);
  });

  it('startJob: publish hands back a job that began before, with its early updated_at', async () => {
    const emu = await start();
    const startedAt = Math.floor(Date.now() / 1000) - 100;
    const id = emu.startJob({ startedAt, script: { stepMs: 10 } });
    expect(await publish(emu)).toBe(id);
    const stream = await readStream(emu, `/v1/jobs/${id}`);
    const first = JSON.parse(parseSse(stream.text)[0]?.data ?? '') as { updated_at: string };
    expect(first.updated_at).toBe(String(startedAt));
    expect(emu.jobs()[0]?.createdBy).toBe('startJob');
  });

  it('publish hands back publish jobs only; every job says its kind and API', async () => {
    const emu = await start({ job: { stepMs: 50 } });
    const sync = emu.startSyncJob({ hang: true });
    const published = await publish(emu);
    expect(published).not.toBe(sync);
    expect(await publish(emu)).toBe(published);
    expect(emu.jobs().map(j => [j.kind, j.api, j.createdBy])).toEqual([
      ['sync', 'v1', 'startSyncJob'],
      ['publish', 'v1', 'publish']
    ]);
  });

  it('streams Siteleaf wire format, each event split across two chunks', async () => {
    const emu = await start({ job: { stepMs: 15 } });
    const id = await publish(emu);
    const stream = await readStream(emu, `/v1/jobs/${id}.json`);
    expect(stream.status).toBe(200);
    expect(stream.outcome).toBe('end');
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect(stream.text).toMatch(/^event:publish\ndata:\{"status":"working","message":"Fetching/);
    expect(stream.text).not.toMatch(/(event|data): /);
    const events = parseSse(stream.text);
    expect(events.map(e => e.event)).toEqual(['publish', 'publish', 'publish', 'publish']);
    const data = events.map(e => JSON.parse(e.data) as Record<string, string>);
    expect(data.map(d => d.status)).toEqual(['working', 'working', 'working', 'complete']);
    expect(data.map(d => d.message)).toEqual(ALL_MESSAGES);
    for (const d of data) expect(d.updated_at).toMatch(/^\d{10}$/);
    expect(Object.keys(data[0] ?? {})).toEqual(['status', 'message', 'updated_at']);
    // Split writes: some chunk ends inside an event, in the middle of its data: line.
    expect(stream.chunks.some(chunk => /data:[^\n]*$/.test(chunk))).toBe(true);
  });

  it('says event:status when asked to, and serves /api/v1/jobs/:id too', async () => {
    const emu = await start({ eventName: 'status', job: { stepMs: 5 } });
    const id = await publish(emu);
    const stream = await readStream(emu, `/api/v1/jobs/${id}`);
    expect(parseSse(stream.text).map(e => e.event)).toEqual(Array(4).fill('status'));
    expect(emu.requests.at(-1)?.route).toBe('GET /api/v1/jobs/:id');
  });

  it('replays every past event, or only the last one, to a (re)connecting stream', async () => {
    const emu = await start({ job: { stepMs: 5 } });
    const id = await publish(emu);
    await sleep(60);
    expect(messages((await readStream(emu, `/v1/jobs/${id}`)).text)).toEqual(ALL_MESSAGES);
    emu.options.replay = 'last';
    expect(messages((await readStream(emu, `/v1/jobs/${id}`)).text)).toEqual(['Published']);
  });

  it('replay last mid-job: the latest event, then live ones', async () => {
    const emu = await start({ replay: 'last', job: { stepMs: 40 } });
    const id = await publish(emu);
    await sleep(60); // two events so far
    const got = messages((await readStream(emu, `/v1/jobs/${id}`)).text);
    expect(got[0]).not.toBe('Checking... /');
    expect(ALL_MESSAGES.slice(-got.length)).toEqual(got);
  });

  it('answers 410 with an SSE error to an unknown or expired job', async () => {
    const emu = await start({ job: { stepMs: 5 } });
    const unknown = await readStream(emu, '/v1/jobs/0123456789abcdef01234567');
    expect(unknown.status).toBe(410);
    expect(unknown.headers['content-type']).toBe('text/event-stream');
    expect(unknown.text).toBe(
      'event:publish\ndata:{"status":"error","message":"Job not found"}\n\n'
    );
    const id = await publish(emu);
    emu.expireJob(id);
    expect((await readStream(emu, `/v1/jobs/${id}`)).status).toBe(410);
  });

  it('jobsPath disables one of the two job paths with a 404', async () => {
    const emu = await start({ jobsPath: 'v1', job: { stepMs: 5 } });
    const id = await publish(emu);
    const api404 = await api(emu, 'GET', `/api/v1/jobs/${id}`);
    expect(api404.status).toBe(404);
    expect(await api404.json()).toEqual({ error: 'Not found' });
    expect((await readStream(emu, `/v1/jobs/${id}`)).status).toBe(200);

    emu.options.jobsPath = 'api';
    expect((await api(emu, 'GET', `/v1/jobs/${id}`)).status).toBe(404);
    expect((await readStream(emu, `/api/v1/jobs/${id}`)).status).toBe(200);
  });

  it('drops the first stream after N events; the job goes on and a reconnect gets it', async () => {
    const emu = await start({ job: { stepMs: 20, dropStreamAfter: 2 } });
    const id = await publish(emu);
    const dropped = await readStream(emu, `/v1/jobs/${id}`);
    expect(dropped.outcome).toBe('aborted');
    expect(messages(dropped.text)).toEqual(ALL_MESSAGES.slice(0, 2));
    const again = await readStream(emu, `/v1/jobs/${id}`);
    expect(again.outcome).toBe('end');
    expect(messages(again.text)).toEqual(ALL_MESSAGES);
  });

  it('dropStreamTimes drops that many connections', async () => {
    const emu = await start({ job: { stepMs: 5, dropStreamAfter: 1, dropStreamTimes: 2 } });
    const id = await publish(emu);
    expect((await readStream(emu, `/v1/jobs/${id}`)).outcome).toBe('aborted');
    expect((await readStream(emu, `/v1/jobs/${id}`)).outcome).toBe('aborted');
    expect((await readStream(emu, `/v1/jobs/${id}`)).outcome).toBe('end');
  });

  it('stalls the first stream, socket open, while the job completes', async () => {
    const emu = await start({ job: { stepMs: 10, stallStreamAfter: 1 } });
    const id = await publish(emu);
    const stalled = await readStream(emu, `/v1/jobs/${id}`, 300);
    expect(stalled.outcome).toBe('timeout');
    expect(messages(stalled.text)).toEqual([ALL_MESSAGES[0]]);
    expect(emu.jobs()[0]?.final).toBe(true);
    expect(messages((await readStream(emu, `/v1/jobs/${id}`)).text)).toEqual(ALL_MESSAGES);
  });

  it('hang: the job never reaches a final status, and publish keeps handing it back', async () => {
    const emu = await start({ job: { stepMs: 5, hang: true } });
    const id = await publish(emu);
    const stream = await readStream(emu, `/v1/jobs/${id}`, 250);
    expect(stream.outcome).toBe('timeout');
    expect(messages(stream.text)).toEqual(ALL_MESSAGES.slice(0, 3));
    expect(emu.jobs()[0]?.final).toBe(false);
    expect(await publish(emu)).toBe(id);
  });

  it('sends a non-JSON data: payload as its own event before the first step', async () => {
    const emu = await start({ job: { stepMs: 5, rawDataBefore: 'Internal <b>oops</b>' } });
    const id = await publish(emu);
    const events = parseSse((await readStream(emu, `/v1/jobs/${id}`)).text);
    expect(events[0]).toEqual({ event: 'publish', data: 'Internal <b>oops</b>' });
    expect(events.slice(1).map(e => (JSON.parse(e.data) as { message: string }).message)).toEqual(
      ALL_MESSAGES
    );
    expect(emu.jobs()[0]?.events).toHaveLength(4);
  });

  it('plays a custom failing script', async () => {
    const emu = await start({
      job: {
        stepMs: 5,
        steps: [
          { status: 'working', message: 'Compiling theme...' },
          { status: 'error', message: 'Liquid syntax error in _layouts/default.html (line 6)' }
        ]
      }
    });
    const id = await publish(emu);
    const stream = await readStream(emu, `/v1/jobs/${id}`);
    expect(stream.outcome).toBe('end');
    const last = JSON.parse(parseSse(stream.text).at(-1)?.data ?? '') as { status: string };
    expect(last.status).toBe('error');
  });
});

describe('faults and limits', () => {
  it('rate limit: past the limit in the window, 403 "Rate limit exceeded"', async () => {
    const emu = await start({ rateLimit: { limit: 2, windowMs: 300 } });
    expect((await api(emu, 'GET', sitePath(emu))).status).toBe(200);
    expect((await api(emu, 'GET', sitePath(emu))).status).toBe(200);
    const limited = await api(emu, 'GET', sitePath(emu));
    expect(limited.status).toBe(403);
    expect(await limited.text()).toBe('{"error":"Rate limit exceeded"}');
    expect(limited.headers.get('retry-after')).toBeNull();

    await sleep(320);
    expect((await api(emu, 'GET', sitePath(emu))).status).toBe(200);
    emu.options.rateLimit = { limit: 0, windowMs: 1000, retryAfterSeconds: 7 };
    const withHeader = await api(emu, 'GET', sitePath(emu));
    expect(withHeader.status).toBe(403);
    expect(withHeader.headers.get('retry-after')).toBe('7');
  });

  it('failNext answers a status, body and headers the given number of times', async () => {
    const emu = await start();
    emu.failNext({
      method: 'post',
      path: '/v1/sites/:id/publish',
      status: 503,
      body: '<html>Service Unavailable</html>',
      headers: { 'Retry-After': '1' },
      times: 2
    });
    for (let i = 0; i < 2; i++) {
      const res = await api(emu, 'POST', sitePath(emu, '/publish.json'));
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.text()).toBe('<html>Service Unavailable</html>');
    }
    expect(await publish(emu)).toMatch(/^[0-9a-f]{24}$/);
    expect(emu.mutations().map(r => r.status)).toEqual([503, 503, 200]);
  });

  it('failNext can drop the connection, recorded as status 0', async () => {
    const emu = await start();
    emu.failNext({ path: /\/theme\/assets/, drop: true });
    await expect(upload(emu, 'a.html', 'a')).rejects.toThrow();
    expect(emu.requests[0]).toMatchObject({ route: 'POST /v1/sites/:id/theme/assets', status: 0 });
    expect(emu.themeAssets()).toEqual([]);
    expect((await upload(emu, 'a.html', 'a')).status).toBe(200);
  });

  it('failNext applies before auth, and only to matching requests', async () => {
    const emu = await start();
    emu.failNext({ method: 'GET', path: sitePath(emu, '.json'), status: 500 });
    expect((await api(emu, 'POST', sitePath(emu, '/publish'))).status).toBe(200);
    const res = await fetch(emu.url + sitePath(emu));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'Internal Server Error' });
  });
});

describe('lifecycle', () => {
  it('reset clears requests, assets and jobs', async () => {
    const emu = await start({ job: { stepMs: 5 } });
    const requests = emu.requests;
    emu.seedThemeAssets([{ filename: 'a', content: 'a' }]);
    await publish(emu);
    emu.reset();
    expect(requests).toHaveLength(0);
    expect(emu.themeAssets()).toEqual([]);
    expect(emu.jobs()).toEqual([]);
  });

  it('close ends open streams promptly', async () => {
    const emu = await start({ job: { hang: true } });
    const id = await publish(emu);
    const stream = readStream(emu, `/v1/jobs/${id}`, 5000);
    await sleep(50);
    const began = Date.now();
    await emu.close();
    expect((await stream).outcome).not.toBe('timeout');
    expect(Date.now() - began).toBeLessThan(1000);
  });
});

describe('a hostile world: the switches', () => {
  /** A raw request whose answer is read byte by byte, to see where it breaks off. */
  function rawGet(emu: Emulator, path: string) {
    return new Promise<{ status: number; length: number; received: number; complete: boolean }>(
      (resolve, reject) => {
        const req = get(emu.url + path, {
          headers: { authorization: authHeader(emu) },
          agent: false
        });
        req.on('response', res => {
          let received = 0;
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('error', () => undefined);
          res.on('close', () =>
            resolve({
              status: res.statusCode ?? 0,
              length: Number(res.headers['content-length']),
              received,
              complete: res.complete
            })
          );
        });
        req.on('error', reject);
      }
    );
  }

  it('cutAnswer sends the headers and half the body, then destroys the socket', async () => {
    const emu = await start();
    emu.seedThemeAssets([{ filename: 'a.html', content: 'a' }]);
    emu.failNext({ path: '/v1/sites/:id/theme/assets', cutAnswer: true });
    const cut = await rawGet(emu, sitePath(emu, '/theme/assets.json'));
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.received).toBe(Math.floor(cut.length / 2));
    expect(emu.requests[0]).toMatchObject({ status: 0, cut: true });
    // The next one is whole.
    expect((await rawGet(emu, sitePath(emu, '/theme/assets.json'))).complete).toBe(true);
  });

  it('cutAnswer on an upload stores it first (the client cannot tell it landed)', async () => {
    const emu = await start();
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/theme/assets', cutAnswer: true });
    const res = await upload(emu, 'a.html', 'a');
    await expect(res.text()).rejects.toThrow();
    expect(emu.themeAssets().map(a => a.filename)).toEqual(['a.html']);
  });

  it('cutAnswer on an empty answer (a delete) announces 2 bytes and sends 1', async () => {
    const emu = await start();
    const [asset] = emu.seedThemeAssets([{ filename: 'a.html', content: 'a' }]);
    emu.failNext({ method: 'DELETE', path: '/v1/assets/:id', cutAnswer: true });
    const res = await api(emu, 'DELETE', `/v1/assets/${asset?.id}.json`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(emu.themeAssets()).toEqual([]);
  });

  it('hang reads the request and never answers, until the client goes away', async () => {
    const emu = await start();
    emu.failNext({ method: 'GET', path: '/v1/sites/:id', hang: true });
    const aborted = api(emu, 'GET', sitePath(emu));
    await expect(Promise.race([aborted, sleep(200).then(() => 'still waiting')])).resolves.toBe(
      'still waiting'
    );
    await emu.close(); // ends the hanging socket
    await expect(aborted).rejects.toThrow();
  });

  it('hangAfter carries the request out, then never answers', async () => {
    const emu = await start();
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/theme/assets', hangAfter: true });
    const controller = new AbortController();
    const form = new FormData();
    form.append('file', new Blob(['a']), 'a.html');
    form.append('filename', 'a.html');
    const pending = fetch(emu.url + sitePath(emu, '/theme/assets.json'), {
      method: 'POST',
      body: form,
      signal: controller.signal,
      headers: { authorization: authHeader(emu) }
    });
    while (emu.themeAssets().length === 0) await sleep(5);
    await expect(Promise.race([pending, sleep(100).then(() => 'still waiting')])).resolves.toBe(
      'still waiting'
    );
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(emu.themeAssets().map(a => a.filename)).toEqual(['a.html']);
  });

  it('skip lets the first matching requests through', async () => {
    const emu = await start();
    emu.failNext({ method: 'GET', path: '/v1/sites/:id', status: 502, skip: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api(emu, 'GET', sitePath(emu))).status);
    expect(statuses).toEqual([200, 200, 502, 200]);
  });

  it('redirectTo answers a redirect without carrying the request out', async () => {
    const emu = await start();
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/publish', redirectTo: '/elsewhere' });
    const res = await fetch(emu.url + sitePath(emu, '/publish.json'), {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: authHeader(emu) }
    });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/elsewhere');
    expect(emu.jobs()).toEqual([]);
  });

  it('a deleted asset goes to the trash, and PUT /v1/assets/:id/restore brings it back', async () => {
    const emu = await start();
    const [asset] = emu.seedThemeAssets([{ filename: 'a.html', content: 'a' }]);
    await api(emu, 'DELETE', `/v1/assets/${asset?.id}.json`);
    expect(emu.themeAssets()).toEqual([]);
    expect(emu.trashedAssets().map(a => a.id)).toEqual([asset?.id]);
    const restored = await api(emu, 'PUT', `/v1/assets/${asset?.id}/restore.json`);
    expect(restored.status).toBe(200);
    expect(await restored.json()).toMatchObject({ id: asset?.id, checksum: md5('a') });
    expect(emu.themeAssets().map(a => a.id)).toEqual([asset?.id]);
    expect(emu.trashedAssets()).toEqual([]);
    // A live asset is answered as it is; an unknown one is 404.
    expect((await api(emu, 'PUT', `/v1/assets/${asset?.id}/restore`)).status).toBe(200);
    expect((await api(emu, 'PUT', '/v1/assets/000000000000000000000000/restore')).status).toBe(404);
    expect(emu.requests.map(r => r.route)).toContain('PUT /v1/assets/:id/restore');
  });

  it('refuse: a restore whose filename was taken since is refused like an upload', async () => {
    const emu = await start({ duplicateFilenames: 'refuse' });
    const [asset] = emu.seedThemeAssets([{ filename: 'a.html', content: 'a' }]);
    await api(emu, 'DELETE', `/v1/assets/${asset?.id}.json`);
    expect((await upload(emu, 'a.html', 'new')).status).toBe(200);
    const res = await api(emu, 'PUT', `/v1/assets/${asset?.id}/restore.json`);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'Filename has already been taken' });
  });

  it('seedThemeAssets takes the id to give an asset', async () => {
    const emu = await start();
    emu.seedThemeAssets([{ filename: 'a.html', content: 'a', id: '../x' }]);
    const res = await api(emu, 'GET', sitePath(emu, '/theme/assets.json'));
    expect(((await res.json()) as Array<{ id: string }>)[0]?.id).toBe('../x');
  });

  it('forgedJobId: publish answers that job_id', async () => {
    const emu = await start({ forgedJobId: '../../v1/sites/x' });
    const res = await api(emu, 'POST', sitePath(emu, '/publish.json'));
    expect(await res.json()).toEqual({ job_id: '../../v1/sites/x' });
  });

  it('jobStreamFormat: json answers the latest event, html a page, both with 200', async () => {
    const emu = await start({ jobStreamFormat: 'json', job: { stepMs: 5 } });
    const id = await publish(emu);
    await sleep(100);
    const json = await readStream(emu, `/v1/jobs/${id}`);
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(json.text)).toMatchObject({ status: 'complete', message: 'Published' });
    emu.options.jobStreamFormat = 'html';
    const html = await readStream(emu, `/v1/jobs/${id}`);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('<title>Just a moment...</title>');
  });

  it('a step can say it is not final, and move its updated_at back', async () => {
    const emu = await start({
      job: {
        stepMs: 5,
        steps: [
          { status: 'working', message: 'one' },
          { status: 'building', message: 'two', final: false, clockOffset: -60 },
          { status: 'complete', message: 'three' }
        ]
      }
    });
    const id = await publish(emu);
    const stream = await readStream(emu, `/v1/jobs/${id}`);
    const events = parseSse(stream.text).map(e => JSON.parse(e.data) as Record<string, string>);
    expect(events.map(e => e.status)).toEqual(['working', 'building', 'complete']);
    expect(Number(events[1]?.updated_at)).toBeLessThan(Number(events[0]?.updated_at));
  });

  it('echoCredentials: error bodies and job messages carry what the request came with', async () => {
    const emu = await start({ echoCredentials: true, job: { stepMs: 5 } });
    const basic = basicCredentials(emu.options.apiKey, emu.options.apiSecret);
    const res = await api(emu, 'GET', '/v1/sites/000000000000000000000000');
    const body = (await res.json()) as { error: string };
    expect(body.error).toContain(`Basic ${basic}`);
    expect(body.error).toContain(emu.options.apiSecret);
    const stream = await readStream(emu, `/v1/jobs/${await publish(emu)}`);
    expect(messages(stream.text).every(m => m.includes(emu.options.apiSecret))).toBe(true);
  });
});
