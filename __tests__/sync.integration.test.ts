// Theme sync against the emulator: exactly the changed files go up, nothing is ever lost.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { useEmulator } from './helpers/emulator.js';
import { md5 } from './helpers/hashes.js';
import { runAction } from './helpers/run-action.js';
import {
  EXAMPLE_THEME,
  KEY,
  SECRET,
  inputsFor,
  makeWorkspace,
  writeTheme
} from './helpers/workspace.js';

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 5 } });

const sync = (workspace: string, extra: Record<string, string> = {}) =>
  runAction(inputsFor(emu.url, emu.options.siteId, extra), { workspace });

/** filename → checksum of what the site holds; fails the test on a duplicate filename. */
function siteState(): Record<string, string> {
  const state: Record<string, string> = {};
  for (const asset of emu.themeAssets()) {
    expect(state[asset.filename]).toBeUndefined();
    state[asset.filename] = asset.checksum;
  }
  return state;
}

function expectSiteToEqual(files: Record<string, string | Buffer>): void {
  expect(siteState()).toEqual(
    Object.fromEntries(Object.entries(files).map(([name, content]) => [name, md5(content)]))
  );
}

const uploads = () => emu.requests.filter(r => r.route === 'POST /v1/sites/:id/theme/assets');

describe('theme sync', () => {
  it('uploads every file on a first sync, as multipart file + filename, never replace', async () => {
    const workspace = makeWorkspace();
    const result = await sync(workspace);

    expect(result.exitCode).toBe(0);
    expectSiteToEqual(EXAMPLE_THEME);
    expect(result.outputs.uploaded).toBe('3');
    expect(JSON.parse(result.outputs['uploaded-files'] ?? '')).toEqual(
      Object.keys(EXAMPLE_THEME).sort()
    );
    for (const request of uploads()) {
      expect(request.fields).not.toHaveProperty('replace');
      expect(request.file?.partFilename).toBe(request.fields?.filename?.split('/').pop());
    }
    expect(result.summary).toContain('**3 uploaded (3 new)**');
  });

  it('uploads nothing on a second run with nothing changed, and still publishes', async () => {
    const workspace = makeWorkspace();
    await sync(workspace);
    emu.requests.length = 0;

    const second = await sync(workspace);
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({
      uploaded: '0',
      unchanged: '3',
      'uploaded-files': '[]',
      status: 'complete'
    });
    expect(emu.mutations().map(r => r.route)).toEqual(['POST /v1/sites/:id/publish']);
    expect(second.lines).toContain('Theme is current: all 3 files unchanged, nothing to upload.');
  });

  it.each(['keep-both', 'overwrite', 'refuse'] as const)(
    'replaces changed files when the API answers a duplicate filename with %s, ending with one asset each',
    async mode => {
      emu.options.duplicateFilenames = mode;
      const workspace = makeWorkspace();
      await sync(workspace);
      const filenameOf = new Map(emu.themeAssets().map(a => [a.id, a.filename]));
      const changed = {
        ...EXAMPLE_THEME,
        'index.html': '<h1>Changed</h1>\n',
        'assets/css/site.css': 'body{}\n'
      };
      writeTheme(join(workspace, 'theme'), changed);
      emu.requests.length = 0;

      const result = await sync(workspace);
      expect(result.exitCode).toBe(0);
      expectSiteToEqual(changed);
      expect(result.outputs).toMatchObject({ uploaded: '2', unchanged: '1', deleted: '0' });
      const deletes = emu.mutations().filter(r => r.route === 'DELETE /v1/assets/:id');
      expect(deletes).toHaveLength(mode === 'overwrite' ? 0 : 2);
      for (const del of deletes) {
        const filename = filenameOf.get(del.path.split('/').pop()!.replace('.json', ''));
        const posts = uploads().filter(r => r.fields?.filename === filename);
        if (mode === 'keep-both') {
          // Upload first: the old copy goes only once the new one is answered.
          const answered = posts.find(r => r.status === 200);
          expect(answered?.answeredAt).toBeLessThanOrEqual(del.at);
        } else {
          // Refused (or known to be refused by then): the old copy is deleted, then the
          // upload is made (again).
          const landed = posts.filter(r => r.status === 200);
          expect(landed).toHaveLength(1);
          expect(landed[0]!.at).toBeGreaterThanOrEqual(del.answeredAt!);
        }
      }
    }
  );

  it('names the file now missing when the API refuses a duplicate and the re-upload fails', async () => {
    emu.options.duplicateFilenames = 'refuse';
    const workspace = makeWorkspace();
    await sync(workspace);
    writeTheme(join(workspace, 'theme'), { 'index.html': '<h1>Changed</h1>\n' });
    // The first upload is refused (422, duplicate); every later upload of it fails with 500.
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      status: 422,
      body: '{"error":"Filename has already been taken"}'
    });
    emu.failNext({ method: 'POST', path: '/v1/sites/:id/theme/assets', status: 500, times: 20 });
    // ...and restoring the old copy fails too (see hostile.integration.test.ts for the restore).
    emu.failNext({ method: 'PUT', path: '/v1/assets/:id/restore', status: 500, times: 20 });
    emu.requests.length = 0;
    const jobsBefore = emu.jobs().length;

    const result = await sync(workspace);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/now missing on Siteleaf: index\.html/);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        kind: 'error',
        properties: expect.objectContaining({ file: 'theme/index.html' })
      })
    );
    expect(emu.jobs()).toHaveLength(jobsBefore); // a half-synced theme is not published
  });

  it('prunes remote files with no local copy only when prune is true, never ignored ones', async () => {
    const workspace = makeWorkspace({ ...EXAMPLE_THEME, '.siteleafignore': 'drafts/\n' });
    emu.seedThemeAssets([
      { filename: 'old.html', content: 'old' },
      { filename: 'drafts/wip.html', content: 'kept: ignored locally' }
    ]);

    const keep = await sync(workspace);
    expect(keep.outputs.deleted).toBe('0');
    expect(Object.keys(siteState())).toContain('old.html');

    const pruned = await sync(workspace, { prune: 'true' });
    expect(pruned.exitCode).toBe(0);
    expect(pruned.outputs.deleted).toBe('1');
    expect(Object.keys(siteState()).sort()).toEqual(
      [...Object.keys(EXAMPLE_THEME), 'drafts/wip.html'].sort()
    );
  });

  it('prunes only what the files patterns select, and never the copy of a skipped link', async () => {
    const workspace = makeWorkspace();
    symlinkSync(
      join(tmpdir(), 'no-such-target.css'),
      join(workspace, 'theme', 'assets', 'css', 'broken.css')
    );
    emu.seedThemeAssets([
      { filename: 'assets/css/old.css', content: 'old' },
      { filename: 'assets/css/broken.css', content: 'the last good copy' },
      { filename: '_layouts/post.html', content: 'outside the patterns' }
    ]);
    const result = await sync(workspace, { prune: 'true', files: 'assets/**' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs.deleted).toBe('1');
    expect(Object.keys(siteState()).sort()).toEqual(
      ['_layouts/post.html', 'assets/css/broken.css', 'assets/css/site.css'].sort()
    );
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ kind: 'warning', message: expect.stringContaining('broken.css') })
    );
  });

  it('does not prune when an upload failed', async () => {
    const workspace = makeWorkspace();
    emu.seedThemeAssets([{ filename: 'old.html', content: 'old' }]);
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      status: 422,
      body: '{"error":"Invalid file"}',
      times: 1
    });

    const result = await sync(workspace, { prune: 'true' });
    expect(result.exitCode).toBe(1);
    expect(Object.keys(siteState())).toContain('old.html');
    expect(result.outputs.deleted).toBe('0');
  });

  it('dry-run prints the plan and sends no mutating request', async () => {
    const workspace = makeWorkspace();
    emu.seedThemeAssets([
      { filename: 'index.html', content: 'outdated' },
      { filename: 'old.html', content: 'old' }
    ]);
    const result = await sync(workspace, { 'dry-run': 'true', prune: 'true' });

    expect(result.exitCode).toBe(0);
    expect(emu.mutations()).toEqual([]);
    expect(result.outputs).toMatchObject({
      status: 'dry-run',
      uploaded: '3',
      deleted: '1',
      'job-id': ''
    });
    expect(result.lines.join('\n')).toMatch(/index\.html/);
    expect(result.lines.join('\n')).toMatch(/old\.html/);
    expect(result.summary).toContain('dry run');
  });

  it('upload-theme: false publishes without listing or uploading', async () => {
    const workspace = makeWorkspace();
    const result = await sync(workspace, { 'upload-theme': 'false' });
    expect(result.exitCode).toBe(0);
    expect(emu.requests.map(r => r.route)).not.toContain('GET /v1/sites/:id/theme/assets');
    expect(uploads()).toHaveLength(0);
    expect(result.outputs.status).toBe('complete');
  });

  it('uploads unicode and space filenames and binary files byte for byte', async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));
    const files = {
      'pages/über uns.html': '<p>Über uns</p>\n',
      'assets/fonts/日本語 font.woff2': binary,
      'assets/img/a b.png': Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff]),
        binary
      ])
    };
    const workspace = makeWorkspace(files);
    const result = await sync(workspace);

    expect(result.exitCode).toBe(0);
    expectSiteToEqual(files);
    const font = emu.themeAssets().find(a => a.filename === 'assets/fonts/日本語 font.woff2');
    expect(font?.content?.equals(binary)).toBe(true);
    const again = await sync(workspace);
    expect(again.outputs.uploaded).toBe('0');
  });

  it('follows symbolic links inside theme-dir and skips, with a warning, those leading out', async () => {
    const workspace = makeWorkspace();
    const outside = join(tmpdir(), `outside-${Date.now()}.css`);
    writeFileSync(outside, 'secret outside the theme');
    mkdirSync(join(workspace, 'theme', 'linked'), { recursive: true });
    symlinkSync(
      join(workspace, 'theme', 'assets', 'css', 'site.css'),
      join(workspace, 'theme', 'linked', 'inside.css')
    );
    symlinkSync(outside, join(workspace, 'theme', 'linked', 'escape.css'));

    const result = await sync(workspace);
    expect(result.exitCode).toBe(0);
    expect(Object.keys(siteState())).toContain('linked/inside.css');
    expect(Object.keys(siteState())).not.toContain('linked/escape.css');
    expect(uploads().some(r => r.file?.md5 === md5(readFileSync(outside)))).toBe(false);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        kind: 'warning',
        message: expect.stringContaining('linked/escape.css')
      })
    );
  });

  it('leaves out dotfiles, config.ru, node_modules and .siteleafignore entries', async () => {
    const workspace = makeWorkspace({
      ...EXAMPLE_THEME,
      '.env': 'KEY=1',
      '.github/workflows/x.yml': 'on: push',
      'config.ru': 'run App',
      'node_modules/pkg/index.js': 'x',
      'sass/site.scss': '$a: 1;',
      '.siteleafignore': 'sass\n*.md\n',
      'README.md': '# theme'
    });
    const result = await sync(workspace);
    expect(result.exitCode).toBe(0);
    expectSiteToEqual(EXAMPLE_THEME);
  });

  it('uploads with at most `concurrency` requests in flight', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`f${i}.html`, `<p>${i}</p>`])
    );
    const workspace = makeWorkspace(files);
    emu.options.latencyMs = 40;
    const result = await sync(workspace, { concurrency: '3' });
    expect(result.exitCode).toBe(0);
    // Each upload holds its slot for at least the 40 ms latency, so arrivals within 40 ms of
    // each other were in flight together.
    const times = uploads()
      .map(r => r.at)
      .sort((a, b) => a - b);
    const most = Math.max(...times.map(t => times.filter(s => s <= t && s > t - 40).length));
    expect(times).toHaveLength(12);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });
});

describe('annotation limits', () => {
  it('raises at most 10 warning annotations; the summary lists them all', async () => {
    const workspace = makeWorkspace();
    const outside = join(tmpdir(), `outside-${process.pid}-w.css`);
    writeFileSync(outside, 'outside');
    mkdirSync(join(workspace, 'theme', 'links'));
    for (let i = 0; i < 12; i++) {
      symlinkSync(outside, join(workspace, 'theme', 'links', `l${String(i).padStart(2, '0')}.css`));
    }
    const result = await sync(workspace);

    expect(result.exitCode).toBe(0);
    expect(result.annotations.filter(a => a.kind === 'warning')).toHaveLength(10);
    expect(
      result.lines.filter(l => /^Warning \(theme\/links\/l1[01]\.css\): /.test(l))
    ).toHaveLength(2);
    for (let i = 0; i < 12; i++) {
      expect(result.summary).toContain(`links/l${String(i).padStart(2, '0')}.css`);
    }
  });

  it('raises at most 10 error annotations, the failure included; the summary lists them all', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`pages/p${String(i).padStart(2, '0')}.html`, `${i}`])
    );
    emu.failNext({
      method: 'POST',
      path: '/v1/sites/:id/theme/assets',
      status: 422,
      body: '{"error":"Invalid file"}',
      times: 12
    });
    const result = await sync(makeWorkspace(files));

    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter(a => a.kind === 'error');
    expect(errors).toHaveLength(10);
    expect(errors.at(-1)?.message).toMatch(/12 theme file\(s\) could not be synced/);
    expect(result.lines.filter(l => /^Error \(theme\/pages\/p\d+\.html\): /.test(l))).toHaveLength(
      3
    );
    for (const name of Object.keys(files)) expect(result.summary).toContain(`theme/${name}`);
  });
});
