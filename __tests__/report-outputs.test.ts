// The step's outputs, written from a hand-built run report; the status comes from its verdict.
// The counts are the ones the log line and the summary say (counts.ts).
import { describe, expect, it } from '@jest/globals';
import { countFiles, formatCounts } from '../src/report/counts.js';
import { outputsOf } from '../src/report/outputs.js';
import type { RunStatus } from '../src/report/run-report.js';
import { planOf, reportOf, syncResultOf, verdictOf } from './helpers/fixtures.js';

const ALL_OUTPUTS = [
  'api-version',
  'deleted',
  'job-id',
  'kept',
  'replaced',
  'site-url',
  'status',
  'unchanged',
  'uploaded',
  'uploaded-files'
];

describe('outputsOf', () => {
  it('a complete run: counts from the sync, unchanged and kept from the plan', () => {
    const r = reportOf({
      verdict: verdictOf('complete'),
      apiVersion: 'v2',
      jobId: '5f1e2d3c4b5a69788796a5b4',
      jobIds: ['5f1e2d3c4b5a69788796a5b4'],
      siteUrl: 'https://example.com',
      plan: planOf({
        upload: ['new.html'],
        replace: ['_layouts/default.html'],
        unchanged: ['a.css', 'b.css', 'c.css'],
        kept: ['about.md'],
        prune: ['old.html', 'older.html']
      }),
      sync: syncResultOf({
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
      replaced: '1',
      unchanged: '3',
      deleted: '2',
      'uploaded-files': '["_layouts/default.html","new.html"]',
      'site-url': 'https://example.com',
      'api-version': 'v2',
      kept: '1'
    });
  });

  it('replaced copies and removed duplicates do not count as deleted', () => {
    const r = reportOf({
      verdict: verdictOf('complete'),
      plan: planOf({ replace: ['a.html'] }),
      sync: syncResultOf({
        uploaded: ['a.html'],
        replaced: ['a.html'],
        duplicatesRemoved: ['b.html']
      })
    });
    expect(outputsOf(r).deleted).toBe('0');
  });

  it('a dry run: every count comes from the plan, nothing from a sync', () => {
    const r = reportOf({
      verdict: verdictOf('dry-run'),
      plan: planOf({
        upload: ['z.html', 'a.html'],
        replace: ['m.css'],
        unchanged: ['u.js'],
        kept: ['about.md', 'index.md'],
        prune: ['gone.html']
      }),
      // A sync never runs in a dry run; if one were there, it would not count.
      sync: syncResultOf({ uploaded: ['x.html'], pruned: ['y.html', 'z.html'] })
    });
    const out = outputsOf(r);
    expect(out.status).toBe('dry-run');
    expect(out.uploaded).toBe('3');
    expect(out.replaced).toBe('1');
    expect(out.unchanged).toBe('1');
    expect(out.kept).toBe('2');
    expect(out.deleted).toBe('1');
    expect(JSON.parse(out['uploaded-files']!)).toEqual(['a.html', 'm.css', 'z.html']);
    expect(out['job-id']).toBe('');
  });

  it.each(['complete', 'failed', 'queued', 'skipped', 'dry-run'] as const)(
    "the verdict's status %p is the status output",
    (status: RunStatus) => {
      expect(outputsOf(reportOf({ verdict: verdictOf(status) })).status).toBe(status);
    }
  );

  it('a run that ended before any verdict is reported as failed', () => {
    expect(outputsOf(reportOf({})).status).toBe('failed');
  });

  it('nothing uploaded (upload-theme: false) gives zeros and an empty JSON array', () => {
    const out = outputsOf(reportOf({ verdict: verdictOf('complete'), jobId: 'abc' }));
    expect(out).toMatchObject({
      uploaded: '0',
      unchanged: '0',
      deleted: '0',
      kept: '0',
      'uploaded-files': '[]',
      'job-id': 'abc',
      'site-url': ''
    });
  });

  it('api-version is the API the run spoke, empty when the run stopped before it was known', () => {
    expect(outputsOf(reportOf({ verdict: verdictOf('complete'), apiVersion: 'v1' }))).toMatchObject(
      { 'api-version': 'v1', kept: '0' }
    );
    expect(outputsOf(reportOf({ verdict: verdictOf('complete'), apiVersion: 'v2' }))).toMatchObject(
      { 'api-version': 'v2' }
    );
    expect(outputsOf(reportOf({ verdict: verdictOf('failed', 'Bad input') }))).toMatchObject({
      'api-version': ''
    });
  });

  it('uploaded + unchanged + kept = the matched files', () => {
    const plan = planOf({
      upload: ['a.html'],
      replace: ['b.html', 'c.html'],
      unchanged: ['d.css', 'e.css', 'f.css'],
      kept: ['g.md']
    });
    const out = outputsOf(
      reportOf({
        verdict: verdictOf('complete'),
        plan,
        sync: syncResultOf({
          uploaded: ['a.html', 'b.html', 'c.html'],
          replaced: ['b.html', 'c.html']
        })
      })
    );
    expect(Number(out.uploaded) + Number(out.unchanged) + Number(out.kept)).toBe(7);
  });

  it('uploaded-files is valid JSON whatever the names hold', () => {
    const names = ['we"ird.html', 'back\\slash.css', 'ünï code.html', 'line\nbreak.txt'];
    const out = outputsOf(
      reportOf({
        verdict: verdictOf('complete'),
        plan: planOf({ upload: names }),
        sync: syncResultOf({ uploaded: names })
      })
    );
    expect(JSON.parse(out['uploaded-files']!)).toEqual(names);
  });

  it('a failed sync reports what did get uploaded', () => {
    const out = outputsOf(
      reportOf({
        verdict: verdictOf('failed', '1 theme file(s) could not be synced'),
        plan: planOf({ upload: ['a.html', 'b.html'] }),
        sync: syncResultOf({
          uploaded: ['a.html'],
          failed: [{ filename: 'b.html', message: 'b.html: HTTP 500', missingNow: false }]
        })
      })
    );
    expect(out.status).toBe('failed');
    expect(out.uploaded).toBe('1');
    expect(out['uploaded-files']).toBe('["a.html"]');
  });

  it('every output is a string, and there are exactly the documented ones', () => {
    const out = outputsOf(
      reportOf({ verdict: verdictOf('complete'), plan: planOf({ upload: ['a'] }) })
    );
    for (const value of Object.values(out)) expect(typeof value).toBe('string');
    expect(Object.keys(out).sort()).toEqual(ALL_OUTPUTS);
  });
});

describe('countFiles and formatCounts: one set of numbers for the log, the summary and the outputs', () => {
  const plan = planOf({
    upload: ['a.html', 'b.html'],
    replace: ['c.html'],
    unchanged: ['d.css', 'e.css', 'f.css'],
    kept: ['g.md'],
    duplicates: ['d.css'],
    prune: ['old.html']
  });

  it('a run counts what the sync did; uploaded = new + replaced', () => {
    const report = reportOf({
      verdict: verdictOf('complete'),
      plan,
      sync: syncResultOf({
        uploaded: ['a.html', 'b.html', 'c.html'],
        replaced: ['c.html'],
        pruned: ['old.html'],
        duplicatesRemoved: ['d.css']
      })
    });
    const counts = countFiles(report, false);
    expect(counts).toMatchObject({
      uploaded: 3,
      new: 2,
      replaced: 1,
      pruned: 1,
      unchanged: 3,
      kept: 1
    });
    expect(formatCounts(counts)).toBe(
      '3 uploaded (2 new, 1 replaced) · 1 pruned · 1 duplicate copy removed · 3 unchanged · 1 content kept'
    );
    const out = outputsOf(report);
    expect([out.uploaded, out.replaced, out.deleted, out.unchanged, out.kept]).toEqual([
      '3',
      '1',
      '1',
      '3',
      '1'
    ]);
  });

  it('a dry run counts the plan and reads as one', () => {
    const counts = countFiles(reportOf({ plan }), true);
    expect(formatCounts(counts)).toBe(
      'would upload 3 (2 new, 1 replaced) · would prune 1 · would remove 1 duplicate copy · 3 unchanged · 1 content kept'
    );
  });

  it('a run that stopped: what failed and what was never tried', () => {
    const counts = countFiles(
      reportOf({
        plan,
        sync: syncResultOf({
          uploaded: ['a.html'],
          failed: [{ filename: 'b.html', message: 'x', missingNow: false }]
        })
      }),
      false
    );
    expect(formatCounts(counts)).toBe(
      '1 uploaded (1 new) · 1 failed · 1 not uploaded · 3 unchanged · 1 content kept'
    );
  });

  it('nothing at all', () => {
    expect(formatCounts(countFiles(reportOf({}), false))).toBe('nothing changed');
    expect(formatCounts(countFiles(reportOf({}), true))).toBe('nothing would change');
  });
});
