// What a user reads after a run, end to end against the emulator: the job summary (heading with
// the site and the commit, counts, links to files at the commit, durations, size), the
// annotations (outcomes only: a retried request is a log line) and the outputs, which must say
// the same numbers as the log line after the upload and the summary, on v1 and v2. Also the
// README's promise that files checked out with CRLF line ends are uploaded byte for byte.
import { describe, expect, it } from '@jest/globals';
import { SUMMARY_LIMIT_BYTES } from '../src/report/summary.js';
import { useEmulator } from './helpers/emulator.js';
import { gitBlobSha1 } from './helpers/hashes.js';
import { runAction, type ActionResult } from './helpers/run-action.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

const emu = useEmulator({
  apiKey: KEY,
  apiSecret: SECRET,
  siteVersion: 'v2',
  eventName: 'status',
  job: { stepMs: 10 }
});

const SHA = '0123456789abcdef0123456789abcdef01234567';
const GITHUB = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/site',
  GITHUB_SHA: SHA,
  GITHUB_REF_NAME: 'main'
};
const COMMIT_LINK = `[\`0123456\`](https://github.com/acme/site/commit/${SHA}) on \`main\``;

const inputs = (extra: Record<string, string> = {}) =>
  inputsFor(emu.url, emu.options.siteId, extra);
const run = (workspace: string, extra: Record<string, string> = {}) =>
  runAction(inputs(extra), { workspace, env: GITHUB });

const SITE: Record<string, string> = {
  '_config.yml': 'title: Example\n',
  '_layouts/default.html': '<!doctype html>\n<title>{{ site.title }}</title>\n{{ content }}\n',
  'index.html': '---\nlayout: default\n---\n<h1>Hello</h1>\n',
  'about.md': '---\ntitle: About\n---\nAbout us.\n',
  'assets/css/site.css': 'body { font-family: system-ui; }\n',
  'assets/css/new.css': 'h1 { color: teal; }\n'
};

/** The numbers a text gives for each count, by the words the counts line uses. */
function countsIn(text: string): Record<string, number> {
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    uploaded: number(/(\d+) uploaded/),
    replaced: number(/(\d+) replaced/),
    deleted: number(/(\d+) pruned/),
    unchanged: number(/(\d+) unchanged/),
    kept: number(/(\d+) content kept/)
  };
}

function countsOfOutputs(result: ActionResult): Record<string, number> {
  const { uploaded, replaced, deleted, unchanged, kept } = result.outputs;
  return {
    uploaded: Number(uploaded),
    replaced: Number(replaced),
    deleted: Number(deleted),
    unchanged: Number(unchanged),
    kept: Number(kept)
  };
}

const summaryCounts = (result: ActionResult) =>
  /^\*\*(.*)\*\*$/m.exec(result.summary)?.[1] ?? '(no counts line)';
const logCounts = (result: ActionResult) =>
  result.lines.find(line => line.startsWith('Theme synced: ')) ?? '(no log line)';

describe('the log line, the summary and the outputs say the same numbers', () => {
  it('v2: new, replaced, pruned, unchanged and kept', async () => {
    emu.seedSource([
      { name: '_config.yml', content: SITE['_config.yml'] as string },
      { name: 'index.html', content: SITE['index.html'] as string },
      { name: 'about.md', content: '---\ntitle: About\n---\nEdited in Siteleaf.\n' },
      { name: 'assets/css/site.css', content: 'body { color: red; }\n' },
      { name: 'assets/css/old.css', content: '/* gone */\n' }
    ]);
    const result = await run(makeWorkspace(SITE), { prune: 'true' });

    expect(result.exitCode).toBe(0);
    const expected = { uploaded: 3, replaced: 1, deleted: 1, unchanged: 2, kept: 1 };
    expect(countsOfOutputs(result)).toEqual(expected);
    expect(logCounts(result)).toBe(
      'Theme synced: 3 uploaded (2 new, 1 replaced) · 1 pruned · 2 unchanged · 1 content kept.'
    );
    expect(summaryCounts(result)).toBe(
      '3 uploaded (2 new, 1 replaced) · 1 pruned · 2 unchanged · 1 content kept'
    );
    expect(countsIn(logCounts(result))).toEqual(expected);
    expect(countsIn(summaryCounts(result))).toEqual(expected);
  });

  it('v1: a replace is an upload too', async () => {
    emu.options.siteVersion = 'v1';
    emu.options.eventName = 'publish';
    const theme = {
      '_layouts/default.html': '<html>{{ content }}</html>\n',
      'index.html': '<h1>Hello</h1>\n',
      'assets/css/site.css': 'body { margin: 0; }\n'
    };
    emu.seedThemeAssets([
      { filename: '_layouts/default.html', content: theme['_layouts/default.html'] },
      { filename: 'index.html', content: '<h1>Old</h1>\n' },
      { filename: 'old-page.html', content: '<p>gone</p>\n' }
    ]);
    const result = await run(makeWorkspace(theme), { prune: 'true' });

    expect(result.exitCode).toBe(0);
    const expected = { uploaded: 2, replaced: 1, deleted: 1, unchanged: 1, kept: 0 };
    expect(countsOfOutputs(result)).toEqual(expected);
    expect(countsIn(logCounts(result))).toEqual(expected);
    expect(countsIn(summaryCounts(result))).toEqual(expected);
    expect(summaryCounts(result)).toBe('2 uploaded (1 new, 1 replaced) · 1 pruned · 1 unchanged');
  });

  it('a dry run: the plan, in the summary and the outputs alike', async () => {
    emu.seedSource([{ name: 'assets/css/site.css', content: 'body { color: red; }\n' }]);
    const result = await run(makeWorkspace(SITE), { 'dry-run': 'true' });

    expect(result.exitCode).toBe(0);
    expect(emu.mutations()).toEqual([]);
    expect(countsOfOutputs(result)).toEqual({
      uploaded: 6,
      replaced: 1,
      deleted: 0,
      unchanged: 0,
      kept: 0
    });
    expect(summaryCounts(result)).toBe('would upload 6 (5 new, 1 replaced)');
    expect(result.summary).toContain(
      'Nothing on Siteleaf was changed; a run without dry-run would then publish the site.'
    );
    expect(result.summary.split('\n')[0]).toBe(
      `## 📝 Siteleaf publish dry run: [Example Site](https://example.siteleaf.net) · ${COMMIT_LINK}`
    );
  });
});

describe('annotations are for outcomes', () => {
  it('one retried 503 ends green with no annotation; the summary says a request was retried', async () => {
    emu.failNext({ method: 'GET', path: '/v2/sites/:id/source', status: 503 });
    const result = await run(makeWorkspace(SITE));

    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('complete');
    expect(result.annotations).toEqual([]);
    expect(result.lines.some(line => /attempt 1 of \d+ failed: HTTP 503/.test(line))).toBe(true);
    expect(result.summary).toContain('1 request retried (see the log)');
  });

  it('five retries are five log lines, not five warnings', async () => {
    emu.failNext({ method: 'GET', path: '/v2/sites/:id/source', status: 502 });
    emu.failNext({ method: 'PUT', path: /\/source\//, status: 502, times: 4 });
    const result = await run(makeWorkspace(SITE), { concurrency: '1' });

    expect(result.exitCode).toBe(0);
    expect(result.annotations).toEqual([]);
    expect(result.lines.filter(line => /failed: HTTP 502/.test(line))).toHaveLength(5);
    expect(result.summary).toContain('2 requests retried (see the log)');
  });
});

describe('the summary, as GitHub shows it', () => {
  it('green: the site and the commit in the heading, and the real durations', async () => {
    emu.options.job = { stepMs: 700 };
    const result = await run(makeWorkspace(SITE));

    expect(result.exitCode).toBe(0);
    expect(result.summary.split('\n')[0]).toBe(
      `## ✅ Siteleaf publish complete: [Example Site](https://example.siteleaf.net) · ${COMMIT_LINK}`
    );
    // Four job events 700 ms apart: the job takes 2 s and the run longer.
    const match = /took (\d+) s \(the publish job (\d+) s\)/.exec(result.summary);
    expect(match).not.toBeNull();
    expect(Number(match?.[2])).toBeGreaterThanOrEqual(2);
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(Number(match?.[2]));
    expect(result.summary).toContain(
      `Siteleaf API v2 · publish job \`${result.outputs['job-id']}\``
    );
  });

  it('failed: the error links its file at this commit, on its line, and says what is not live', async () => {
    const message = "Liquid syntax error in _layouts/default.html (line 2): Unknown tag 'endfor'";
    emu.options.job = {
      stepMs: 10,
      steps: [
        { status: 'working', message: 'Compiling theme...' },
        { status: 'error', message }
      ]
    };
    const result = await run(makeWorkspace(SITE));

    expect(result.exitCode).toBe(1);
    const link = `https://github.com/acme/site/blob/${SHA}/theme/_layouts/default.html#L2`;
    expect(result.summary).toContain(
      `Liquid syntax error in [\\_layouts/default.html](${link}) (line 2)`
    );
    expect(result.summary).toContain(
      '⚠️ This run changed files on Siteleaf (6 uploaded), but the site was not published: the changes are not live. The next publish, by anyone, makes them live.'
    );
    const pinned = result.annotations.find(a => a.properties.title === 'Siteleaf publish failed');
    expect(pinned?.properties).toMatchObject({ file: 'theme/_layouts/default.html', line: '2' });
    const seen = result.summary.replace(/\]\([^)]*\)/g, ']');
    expect(seen.split('_layouts/default.html').length - 1).toBeLessThanOrEqual(2);
  });

  it('a 1 MB job error: the summary stays under 1 MiB and says the log has the whole text', async () => {
    const message = `Liquid error in _layouts/default.html (line 2): ${'x'.repeat(1_000_000)}`;
    emu.options.job = { stepMs: 10, steps: [{ status: 'error', message }] };
    const result = await run(makeWorkspace(SITE), { 'upload-theme': 'false' });

    expect(result.exitCode).toBe(1);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(result.summary).toMatch(/more characters cut here; the step's log has the whole text/);
    expect(result.lines.some(line => line.length > 1_000_000 && line.endsWith('xxx'))).toBe(true);
  }, 60_000);

  it('a 5,000-file theme: lists folded and cut, the summary under 1 MiB', async () => {
    const files: Record<string, string> = { '_config.yml': 'title: Big\n' };
    for (let i = 0; i < 5_000; i++) {
      const name = `assets/${'a-rather-long-folder-name/'.repeat(4)}file-${String(i).padStart(4, '0')}.css`;
      files[name] = `/* ${i} */\n`;
    }
    emu.seedSource(Object.entries(files).map(([name, content]) => ({ name, content })));
    const result = await run(makeWorkspace(files));

    expect(result.exitCode).toBe(0);
    expect(result.outputs.unchanged).toBe('5001');
    expect(Buffer.byteLength(result.summary)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(summaryCounts(result)).toBe('5001 unchanged');
    expect(result.summary).toContain('<details><summary>Unchanged (5001)</summary>');
    expect(result.summary).toMatch(/- … and \d+ more \(the step's log lists every file\)/);
  }, 120_000);
});

describe('README: Windows checkouts', () => {
  it('a file with CRLF line ends is uploaded byte for byte as checked out (v2)', async () => {
    const crlf = Buffer.from('---\r\nlayout: default\r\n---\r\n<h1>Hello</h1>\r\n');
    const result = await run(makeWorkspace({ '_config.yml': 'title: x\n', 'index.html': crlf }));

    expect(result.exitCode).toBe(0);
    const stored = emu.sourceFiles().find(f => f.name === 'index.html');
    expect(stored?.content?.equals(crlf)).toBe(true);
    expect(stored?.sha).toBe(gitBlobSha1(crlf));
  });

  it('and on v1', async () => {
    emu.options.siteVersion = 'v1';
    emu.options.eventName = 'publish';
    const crlf = Buffer.from('<html>\r\n{{ content }}\r\n</html>\r\n');
    const result = await run(makeWorkspace({ '_layouts/default.html': crlf }));

    expect(result.exitCode).toBe(0);
    const stored = emu.themeAssets().find(a => a.filename === '_layouts/default.html');
    expect(stored?.content?.equals(crlf)).toBe(true);
  });
});
