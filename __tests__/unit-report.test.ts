// The step's outputs and job summary, written from a hand-built run report.
import { outputsOf } from '../src/report/outputs.js';
import { addJobLine, createRunReport, type RunReport } from '../src/report/run-report.js';
import { formatDuration, renderSummary } from '../src/report/summary.js';
import type { ThemeAsset } from '../src/siteleaf/types.js';
import type { ChecksummedFile } from '../src/theme/checksum.js';
import type { ThemeSyncPlan } from '../src/theme/plan.js';
import type { ThemeSyncResult } from '../src/theme/sync.js';

const T0 = 1_700_000_000_000;

function file(filename: string): ChecksummedFile {
  return { filename, absolutePath: `/ws/theme/${filename}`, size: 10, checksum: 'a'.repeat(32) };
}

function asset(filename: string, id = `id-${filename}`): ThemeAsset {
  return { id, filename, checksum: 'b'.repeat(32) };
}

function plan(p: {
  upload?: string[];
  replace?: string[];
  unchanged?: string[];
  prune?: string[];
}): ThemeSyncPlan {
  return {
    upload: (p.upload ?? []).map(file),
    replace: (p.replace ?? []).map(f => ({ file: file(f), previous: [asset(f)] })),
    unchanged: (p.unchanged ?? []).map(f => ({ file: file(f), asset: asset(f) })),
    duplicates: [],
    prune: (p.prune ?? []).map(f => asset(f))
  };
}

function sync(s: Partial<ThemeSyncResult>): ThemeSyncResult {
  return {
    uploaded: [],
    replaced: [],
    pruned: [],
    duplicatesRemoved: [],
    failed: [],
    ...s
  };
}

function report(fields: Partial<RunReport>): RunReport {
  return { ...createRunReport(T0), ...fields };
}

describe('outputsOf', () => {
  it('a complete run: counts from the sync, unchanged from the plan', () => {
    const r = report({
      status: 'complete',
      jobId: '5f1e2d3c4b5a69788796a5b4',
      jobIds: ['5f1e2d3c4b5a69788796a5b4'],
      siteUrl: 'https://example.com',
      plan: plan({
        upload: ['new.html'],
        replace: ['_layouts/default.html'],
        unchanged: ['a.css', 'b.css', 'c.css'],
        prune: ['old.html', 'older.html']
      }),
      sync: sync({
        uploaded: ['_layouts/default.html', 'new.html'],
        replaced: ['_layouts/default.html'],
        pruned: ['old.html', 'older.html'],
        duplicatesRemoved: ['a.css']
      })
    });
    expect(outputsOf(r)).toEqual({
      'job-id': '5f1e2d3c4b5a69788796a5b4',
      status: 'complete',
      uploaded: '2',
      unchanged: '3',
      deleted: '2',
      'uploaded-files': '["_layouts/default.html","new.html"]',
      'site-url': 'https://example.com'
    });
  });

  it('replaced copies and removed duplicates do not count as deleted', () => {
    const r = report({
      status: 'complete',
      plan: plan({ replace: ['a.html'] }),
      sync: sync({ uploaded: ['a.html'], replaced: ['a.html'], duplicatesRemoved: ['b.html'] })
    });
    expect(outputsOf(r).deleted).toBe('0');
  });

  it('a dry run: every count comes from the plan, nothing from a sync', () => {
    const r = report({
      status: 'dry-run',
      plan: plan({
        upload: ['z.html', 'a.html'],
        replace: ['m.css'],
        unchanged: ['u.js'],
        prune: ['gone.html']
      })
    });
    const out = outputsOf(r);
    expect(out.status).toBe('dry-run');
    expect(out.uploaded).toBe('3');
    expect(out.unchanged).toBe('1');
    expect(out.deleted).toBe('1');
    expect(JSON.parse(out['uploaded-files']!)).toEqual(['a.html', 'm.css', 'z.html']);
    expect(out['job-id']).toBe('');
  });

  it.each(['complete', 'failed', 'queued', 'skipped', 'dry-run'] as const)(
    'status %p is passed through',
    status => {
      expect(outputsOf(report({ status })).status).toBe(status);
    }
  );

  it('a run that ended before any status is reported as failed', () => {
    expect(outputsOf(report({})).status).toBe('failed');
  });

  it('nothing uploaded (upload-theme: false) gives zeros and an empty JSON array', () => {
    const out = outputsOf(report({ status: 'complete', jobId: 'abc' }));
    expect(out).toMatchObject({
      uploaded: '0',
      unchanged: '0',
      deleted: '0',
      'uploaded-files': '[]',
      'job-id': 'abc',
      'site-url': ''
    });
  });

  it('uploaded-files is valid JSON whatever the names hold', () => {
    const names = ['we"ird.html', 'back\\slash.css', 'ünï code.html', 'line\nbreak.txt'];
    const out = outputsOf(
      report({ status: 'complete', plan: plan({ upload: names }), sync: sync({ uploaded: names }) })
    );
    expect(JSON.parse(out['uploaded-files']!)).toEqual(names);
  });

  it('a failed sync reports what did get uploaded', () => {
    const out = outputsOf(
      report({
        status: 'failed',
        plan: plan({ upload: ['a.html', 'b.html'] }),
        sync: sync({
          uploaded: ['a.html'],
          failed: [{ filename: 'b.html', message: 'b.html: HTTP 500', missingNow: false }]
        })
      })
    );
    expect(out.uploaded).toBe('1');
    expect(out['uploaded-files']).toBe('["a.html"]');
  });

  it('every output is a string', () => {
    const out = outputsOf(report({ status: 'complete', plan: plan({ upload: ['a'] }) }));
    for (const value of Object.values(out)) expect(typeof value).toBe('string');
    expect(Object.keys(out).sort()).toEqual(
      ['deleted', 'job-id', 'site-url', 'status', 'unchanged', 'uploaded', 'uploaded-files'].sort()
    );
  });
});

describe('renderSummary', () => {
  it.each([
    ['complete', '✅ Siteleaf publish complete'],
    ['failed', '❌ Siteleaf publish failed'],
    ['queued', '🕒 Siteleaf publish queued'],
    ['skipped', 'publish skipped'],
    ['dry-run', 'dry run']
  ] as const)('status %p has the heading %p', (status, heading) => {
    const first = renderSummary(report({ status }), T0).split('\n')[0]!;
    expect(first.startsWith('## ')).toBe(true);
    expect(first).toContain(heading);
  });

  it('no status at all reads as failed', () => {
    expect(renderSummary(report({}), T0).split('\n')[0]).toContain('failed');
  });

  it('a cancelled run says so in the heading', () => {
    const md = renderSummary(report({ status: 'failed', cancelled: true }), T0);
    expect(md.split('\n')[0]).toMatch(/cancelled/);
  });

  it('shows the site, the jobs, the result and the duration', () => {
    const md = renderSummary(
      report({
        status: 'complete',
        siteUrl: 'https://example.com',
        jobId: 'bbb',
        jobIds: ['aaa', 'bbb']
      }),
      T0 + 75_000
    );
    expect(md).toContain('[https://example.com](https://example.com)');
    expect(md).toContain('`aaa` → `bbb`');
    expect(md).toContain('`complete`');
    expect(md).toContain('1 min 15 s');
  });

  it('shows the failure, escaped and on one line', () => {
    const md = renderSummary(
      report({
        status: 'failed',
        failure: 'Publishing failed with HTTP 401: <b>Unauthorized</b>\nCheck the *api-key*'
      }),
      T0
    );
    const quote = md.split('\n').find(l => l.startsWith('> '));
    expect(quote).toBeDefined();
    expect(quote).toContain('Publishing failed with HTTP 401');
    expect(quote).toContain('Check the');
    expect(quote).not.toContain('<b>');
    expect(quote).not.toMatch(/[^\\]\*api-key/);
  });

  it('lists every error and warning with its file and line', () => {
    const md = renderSummary(
      report({
        status: 'failed',
        problems: [
          {
            kind: 'error',
            message: "Unknown tag 'endfor'",
            file: 'theme/_layouts/default.html',
            line: 6
          },
          { kind: 'error', message: 'Upload failed', file: 'theme/a.css' },
          { kind: 'warning', message: 'Job not found' }
        ],
        problemsLeftOut: 3
      }),
      T0
    );
    expect(md).toContain('### Errors and warnings');
    expect(md).toContain("- ❌ `theme/_layouts/default.html:6`: Unknown tag 'endfor'");
    expect(md).toContain('- ❌ `theme/a.css`: Upload failed');
    expect(md).toContain('- ⚠️ Job not found');
    expect(md).toContain('… and 3 more (see the log)');
  });

  it('shows the publish log in a text block', () => {
    const r = report({ status: 'complete' });
    addJobLine(r, '22:13:20  working   Checking... /home');
    addJobLine(r, '22:13:21  complete  Publish complete');
    const md = renderSummary(r, T0);
    const start = md.indexOf('```text');
    expect(md).toContain('### Publish log');
    expect(start).toBeGreaterThan(-1);
    const block = md.slice(start, md.indexOf('```', start + 3) + 3);
    expect(block).toContain('Checking... /home');
    expect(block).toContain('Publish complete');
  });

  it('a job message with ``` cannot break out of the log block', () => {
    const r = report({ status: 'failed' });
    addJobLine(r, 'error  ```\n## injected');
    const md = renderSummary(r, T0);
    const fences = md.split('\n').filter(l => l.startsWith('```'));
    expect(fences).toEqual(['```text', '```']);
  });

  it('a long job log keeps its start and end and says how much was left out', () => {
    const r = report({ status: 'complete' });
    for (let i = 0; i < 450; i++) addJobLine(r, `line ${i}`);
    expect(r.jobLog.length).toBeLessThanOrEqual(400);
    const md = renderSummary(r, T0);
    expect(md).toContain('line 0\n');
    expect(md).toContain('line 199\n');
    expect(md).toContain('line 449');
    expect(md).toContain('50 lines left out');
    expect(md).not.toContain('line 200\n');
    expect(md.indexOf('line 199')).toBeLessThan(md.indexOf('left out'));
    expect(md.indexOf('left out')).toBeLessThan(md.indexOf('line 449'));
  });

  it('a job of 20,000 events keeps the report bounded', () => {
    const r = report({ status: 'complete' });
    for (let i = 0; i < 20_000; i++) addJobLine(r, `line ${i}`);
    expect(r.jobLog.length).toBeLessThanOrEqual(400);
    expect(r.jobLogDropped).toBe(20_000 - r.jobLog.length);
    expect(r.jobLog[r.jobLog.length - 1]).toBe('line 19999');
    expect(r.jobLog[0]).toBe('line 0');
  });

  it('no job log, no log section', () => {
    expect(renderSummary(report({ status: 'queued' }), T0)).not.toContain('Publish log');
  });

  it('counts what was uploaded, replaced, pruned and unchanged', () => {
    const md = renderSummary(
      report({
        status: 'complete',
        plan: plan({
          upload: ['new.html'],
          replace: ['_layouts/default.html'],
          unchanged: ['u1.css', 'u2.css'],
          prune: ['old.html']
        }),
        sync: sync({
          uploaded: ['_layouts/default.html', 'new.html'],
          replaced: ['_layouts/default.html'],
          pruned: ['old.html']
        })
      }),
      T0
    );
    expect(md).toContain('| Uploaded | 1 |');
    expect(md).toContain('| Replaced | 1 |');
    expect(md).toContain('| Pruned | 1 |');
    expect(md).toContain('| Failed | 0 |');
    expect(md).toContain('| Unchanged | 2 |');
    expect(md).toContain('- `new.html`');
    expect(md).toContain('- `_layouts/default.html`');
    expect(md).toContain('- `old.html`');
    // Unchanged files are always folded away.
    expect(md).toMatch(
      /<details><summary>Unchanged \(2\)<\/summary>[\s\S]*u1\.css[\s\S]*<\/details>/
    );
  });

  it('lists failed uploads with their message', () => {
    const md = renderSummary(
      report({
        status: 'failed',
        plan: plan({ upload: ['a.html'] }),
        sync: sync({
          failed: [{ filename: 'a.html', message: 'HTTP 500 uploading `a.html`', missingNow: true }]
        })
      }),
      T0
    );
    expect(md).toContain('| Failed | 1 |');
    expect(md).toContain("- `a.html: HTTP 500 uploading 'a.html'`");
  });

  it('folds a long list in <details>, leaves a short one open', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `page-${i}.html`);
    const ten = Array.from({ length: 10 }, (_, i) => `style-${i}.css`);
    const md = renderSummary(
      report({
        status: 'complete',
        plan: plan({ upload: [...eleven, ...ten] }),
        sync: sync({ uploaded: [...eleven, ...ten].sort(), replaced: ten })
      }),
      T0
    );
    expect(md).toContain('<details><summary>Uploaded (11)</summary>');
    expect(md).not.toContain('<details><summary>Replaced');
    expect(md).toContain('**Replaced**');
    const details = md.slice(md.indexOf('<details><summary>Uploaded'));
    expect(details.slice(0, details.indexOf('</details>'))).toContain('- `page-10.html`');
  });

  it('a dry run lists what would change, from the plan', () => {
    const md = renderSummary(
      report({
        status: 'dry-run',
        plan: plan({ upload: ['a.html'], replace: ['b.html'], prune: ['c.html'], unchanged: ['d'] })
      }),
      T0
    );
    expect(md).toContain('| Would upload | 1 |');
    expect(md).toContain('| Would replace | 1 |');
    expect(md).toContain('| Would prune | 1 |');
    expect(md).toContain('| Unchanged | 1 |');
    expect(md).not.toContain('| Uploaded |');
    expect(md).toContain('`dry-run`');
  });

  it('without a plan (upload-theme: false) there is no theme files section', () => {
    expect(renderSummary(report({ status: 'complete' }), T0)).not.toContain('Theme files');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [4_400, '4 s'],
    [59_000, '59 s'],
    [60_000, '1 min 0 s'],
    [59_600, '1 min 0 s'],
    [3_723_000, '62 min 3 s']
  ])('%i ms → %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
