// The job summary, written from a hand-built run report; its heading and failure come from the
// report's verdict.
import { describe, expect, it } from '@jest/globals';
import { formatDuration } from '../src/format.js';
import { addJobLine, type RunStatus } from '../src/report/run-report.js';
import { renderSummary } from '../src/report/summary.js';
import { planOf, reportOf, syncResultOf, T0, verdictOf } from './helpers/fixtures.js';

const heading = (md: string) => md.split('\n')[0] as string;

describe('renderSummary: result', () => {
  it.each([
    ['complete', '✅ Siteleaf publish complete'],
    ['failed', '❌ Siteleaf publish failed'],
    ['queued', '🕒 Siteleaf publish queued'],
    ['skipped', 'publish skipped'],
    ['dry-run', 'dry run']
  ] as Array<[RunStatus, string]>)('status %p has the heading %p', (status, text) => {
    const first = heading(renderSummary(reportOf({ verdict: verdictOf(status) }), T0));
    expect(first.startsWith('## ')).toBe(true);
    expect(first).toContain(text);
  });

  it('no verdict at all reads as failed', () => {
    expect(heading(renderSummary(reportOf({}), T0))).toContain('failed');
  });

  it('a cancelled run says so in the heading', () => {
    const md = renderSummary(
      reportOf({ verdict: verdictOf('failed', 'Cancelled.'), cancelled: true }),
      T0
    );
    expect(heading(md)).toMatch(/cancelled/);
  });

  it('shows the site, the jobs, the result, the API and the duration', () => {
    const md = renderSummary(
      reportOf({
        verdict: verdictOf('complete'),
        apiVersion: 'v2',
        siteUrl: 'https://example.com',
        jobId: 'bbb',
        jobIds: ['aaa', 'bbb']
      }),
      T0 + 75_000
    );
    expect(md).toContain('| Site | [https://example.com](https://example.com) |');
    expect(md).toContain('| Publish job | `aaa` → `bbb` |');
    expect(md).toContain('| Result | `complete` |');
    expect(md).toContain('| Siteleaf API | v2 |');
    expect(md).toContain('| Duration | 1 min 15 s |');
  });

  it('the duration runs to finishedAt once the run is over', () => {
    const md = renderSummary(
      reportOf({ verdict: verdictOf('complete'), finishedAt: T0 + 4_400 }),
      T0 + 999_000
    );
    expect(md).toContain('| Duration | 4 s |');
  });

  it('leaves out what is not known: no site, no job, no API', () => {
    const md = renderSummary(reportOf({ verdict: verdictOf('failed', 'Bad input') }), T0);
    expect(md).not.toContain('| Site |');
    expect(md).not.toContain('| Publish job |');
    expect(md).not.toContain('| Siteleaf API |');
  });

  it("shows the verdict's failure, escaped and on one line", () => {
    const md = renderSummary(
      reportOf({
        verdict: verdictOf(
          'failed',
          'Publishing failed with HTTP 401: <b>Unauthorized</b>\nCheck the *api-key*'
        )
      }),
      T0
    );
    const quotes = md.split('\n').filter(l => l.startsWith('> '));
    expect(quotes).toHaveLength(1);
    const [quote] = quotes;
    expect(quote).toContain('Publishing failed with HTTP 401');
    expect(quote).toContain('Check the');
    expect(quote).not.toContain('<b>');
    expect(quote).not.toMatch(/[^\\]\*api-key/);
  });

  it('no failure, no quote', () => {
    const md = renderSummary(reportOf({ verdict: verdictOf('complete') }), T0);
    expect(md.split('\n').filter(l => l.startsWith('>'))).toEqual([]);
  });
});

describe('renderSummary: errors, warnings and the publish log', () => {
  it('lists every error and warning with its file and line', () => {
    const md = renderSummary(
      reportOf({
        verdict: verdictOf('failed', 'x'),
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

  it('no problems, no such section', () => {
    const md = renderSummary(reportOf({ verdict: verdictOf('complete') }), T0);
    expect(md).not.toContain('Errors and warnings');
  });

  it('does not show a notice as a warning', () => {
    const md = renderSummary(
      reportOf({
        verdict: verdictOf('complete'),
        problems: [
          {
            kind: 'notice',
            message: '1 content file(s) differ on Siteleaf and were kept'
          }
        ]
      }),
      T0
    );
    const line = md.split('\n').find(l => l.includes('content file(s) differ'));
    expect(line).toBeDefined();
    expect(line).not.toContain('⚠️');
  });

  it('shows the publish log in a text block', () => {
    const r = reportOf({ verdict: verdictOf('complete') });
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
    const r = reportOf({ verdict: verdictOf('failed', 'x') });
    addJobLine(r, 'error  ```\n## injected');
    const md = renderSummary(r, T0);
    const fences = md.split('\n').filter(l => l.startsWith('```'));
    expect(fences).toEqual(['```text', '```']);
  });

  it('a long job log keeps its start and end and says how much was left out', () => {
    const r = reportOf({ verdict: verdictOf('complete') });
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
    const r = reportOf({ verdict: verdictOf('complete') });
    for (let i = 0; i < 20_000; i++) addJobLine(r, `line ${i}`);
    expect(r.jobLog.length).toBeLessThanOrEqual(400);
    expect(r.jobLogDropped).toBe(20_000 - r.jobLog.length);
    expect(r.jobLog[r.jobLog.length - 1]).toBe('line 19999');
    expect(r.jobLog[0]).toBe('line 0');
  });

  it('no job log, no log section', () => {
    expect(renderSummary(reportOf({ verdict: verdictOf('queued') }), T0)).not.toContain(
      'Publish log'
    );
  });
});

describe('renderSummary: theme files', () => {
  it('counts what was uploaded, replaced, pruned, kept and unchanged', () => {
    const md = renderSummary(
      reportOf({
        verdict: verdictOf('complete'),
        plan: planOf({
          upload: ['new.html'],
          replace: ['_layouts/default.html'],
          unchanged: ['u1.css', 'u2.css'],
          kept: ['about.md'],
          prune: ['old.html']
        }),
        sync: syncResultOf({
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
    expect(md).toContain('| Content kept | 1 |');
    expect(md).toContain('| Unchanged | 2 |');
    expect(md).toContain('- `new.html`');
    expect(md).toContain('- `_layouts/default.html`');
    expect(md).toContain('- `old.html`');
    expect(md).toMatch(/\*\*Content kept\*\*\n\n- `about\.md`/);
    // Unchanged files are always folded away.
    expect(md).toMatch(
      /<details><summary>Unchanged \(2\)<\/summary>[\s\S]*u1\.css[\s\S]*<\/details>/
    );
  });

  it('lists failed uploads with their message', () => {
    const md = renderSummary(
      reportOf({
        verdict: verdictOf('failed', '1 theme file(s) could not be synced'),
        plan: planOf({ upload: ['a.html'] }),
        sync: syncResultOf({
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
      reportOf({
        verdict: verdictOf('complete'),
        plan: planOf({ upload: [...eleven, ...ten] }),
        sync: syncResultOf({ uploaded: [...eleven, ...ten].sort(), replaced: ten })
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
      reportOf({
        verdict: verdictOf('dry-run'),
        plan: planOf({
          upload: ['a.html'],
          replace: ['b.html'],
          prune: ['c.html'],
          kept: ['e.md'],
          unchanged: ['d']
        })
      }),
      T0
    );
    expect(md).toContain('| Would upload | 1 |');
    expect(md).toContain('| Would replace | 1 |');
    expect(md).toContain('| Would prune | 1 |');
    expect(md).toContain('| Content kept | 1 |');
    expect(md).toContain('| Unchanged | 1 |');
    expect(md).toContain('- `e.md`');
    expect(md).not.toContain('| Uploaded |');
    expect(md).not.toContain('| Failed |');
    expect(md).toContain('`dry-run`');
  });

  it('without a plan (upload-theme: false) there is no theme files section', () => {
    expect(renderSummary(reportOf({ verdict: verdictOf('complete') }), T0)).not.toContain(
      'Theme files'
    );
  });
});

describe('formatDuration (the summary\'s "Duration")', () => {
  it.each([
    [0, '0 ms'],
    [-5, '0 ms'],
    [850, '850 ms'],
    [4_400, '4 s'],
    [59_000, '59 s'],
    [60_000, '1 min 0 s'],
    [59_600, '1 min 0 s'],
    [75_000, '1 min 15 s'],
    [3_723_000, '62 min 3 s']
  ])('%i ms → %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
