// The job summary, written from hand-built run reports: the heading (result, site, commit), the
// failure with its file linked, the counts line, what is not live yet, the folded lists, the
// publish log, and the 1 MiB that GitHub allows.
import { describe, expect, it } from '@jest/globals';
import { formatDuration } from '../src/format.js';
import {
  addJobEvent,
  addJobLine,
  type RunReport,
  type RunStatus
} from '../src/report/run-report.js';
import {
  SUMMARY_LIMIT_BYTES,
  codeSpan,
  commitFromEnv,
  renderSummary,
  type CommitContext
} from '../src/report/summary.js';
import type { Verdict } from '../src/verdict.js';
import { planOf, reportOf, syncResultOf, T0, verdictOf } from './helpers/fixtures.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const COMMIT: CommitContext = {
  serverUrl: 'https://github.com',
  repository: 'acme/site',
  sha: SHA,
  ref: 'main'
};
const COMMIT_LINK = `[\`1a2b3c4\`](https://github.com/acme/site/commit/${SHA}) on \`main\``;
const blob = (path: string) => `https://github.com/acme/site/blob/${SHA}/${path}`;
const JOB = '6b0fd72f861835669fd4f5e6';

const heading = (md: string) => md.split('\n')[0] as string;
const render = (report: RunReport, commit: CommitContext | null = COMMIT) =>
  renderSummary(report, { now: T0, commit: commit ?? undefined });
/** How many times the reader sees `word`: link targets are not read. */
const occurrences = (md: string, word: string) =>
  md.replace(/\]\([^)]*\)/g, ']').split(word).length - 1;

/** A v2 site with a plan of every kind and the sync that carried it out. */
function site(fields: Partial<RunReport>): RunReport {
  return reportOf({
    siteTitle: 'Example Site',
    siteUrl: 'https://example.siteleaf.net',
    apiVersion: 'v2',
    plan: planOf({
      upload: ['_includes/header.html', 'assets/css/site.css'],
      replace: ['_layouts/default.html'],
      unchanged: ['_config.yml', 'index.html', 'assets/img/logo.png'],
      kept: ['about.md'],
      prune: ['assets/css/old.css']
    }),
    ...fields
  });
}

const SYNCED = syncResultOf({
  uploaded: ['_includes/header.html', '_layouts/default.html', 'assets/css/site.css'],
  replaced: ['_layouts/default.html'],
  pruned: ['assets/css/old.css']
});

function failedJob(message: string): Partial<RunReport> {
  const verdict: Verdict = {
    ...verdictOf('failed', `Siteleaf publish job ${JOB} failed: ${message}`),
    jobError: message
  };
  return {
    verdict,
    jobId: JOB,
    jobIds: [JOB],
    publish: {
      result: 'failed',
      jobId: JOB,
      first: { status: 'working', message: 'Checking... /', updatedAt: '1700000000' },
      last: { status: 'error', message, updatedAt: '1700000002' }
    }
  };
}

describe('the four runs a user meets: green, failed, dry and cancelled', () => {
  it('green: heading with site and commit, the counts line, no quote', () => {
    const md = render(
      site({
        verdict: verdictOf('complete'),
        sync: SYNCED,
        jobId: JOB,
        jobIds: [JOB],
        finishedAt: T0 + 14_000
      })
    );
    expect(heading(md)).toBe(
      `## ✅ Siteleaf publish complete: [Example Site](https://example.siteleaf.net) · ${COMMIT_LINK}`
    );
    expect(md).toContain(
      '**3 uploaded (2 new, 1 replaced) · 1 pruned · 3 unchanged · 1 content kept**'
    );
    expect(md).not.toMatch(/^>/m);
    expect(md).not.toMatch(/not live/);
  });

  it('failed: the job error quoted once, its file linked at this commit on its line', () => {
    const message = "Liquid syntax error in _layouts/default.html (line 9): Unknown tag 'endfor'";
    const r = site({
      ...failedJob(message),
      sync: SYNCED,
      jobErrorPlace: { file: 'site/_layouts/default.html', line: 9 },
      problems: [
        {
          kind: 'error',
          message,
          file: 'site/_layouts/default.html',
          line: 9,
          title: 'Siteleaf publish failed'
        }
      ]
    });
    addJobEvent(r, '22:13:20  working   Checking... /');
    addJobEvent(r, `22:13:22  error     ${message}`);
    const md = render(r);

    expect(heading(md)).toBe(
      `## ❌ Siteleaf publish failed: [Example Site](https://example.siteleaf.net) · ${COMMIT_LINK}`
    );
    const link = `[\\_layouts/default.html](${blob('site/_layouts/default.html')}#L9)`;
    expect(md).toContain(
      `> Siteleaf publish job ${JOB} failed: Liquid syntax error in ${link} (line 9): Unknown tag 'endfor'`
    );
    expect(md).toContain(
      '**3 uploaded (2 new, 1 replaced) · 1 pruned · 3 unchanged · 1 content kept**'
    );
    // The annotation that repeats the failure is not listed again, and the log points up.
    expect(md).not.toContain('### Errors and warnings');
    expect(md).toContain('22:13:22  error     (quoted at the top)');
    expect(md).toMatch(
      /⚠️ This run changed files on Siteleaf \(3 uploaded, 1 pruned\), but the site was not published: the changes are not live\. The next publish, by anyone, makes them live\./
    );
  });

  it('dry run: reads as a plan', () => {
    const md = render(site({ verdict: verdictOf('dry-run'), publishAsked: true }));
    expect(heading(md)).toBe(
      `## 📝 Siteleaf publish dry run: [Example Site](https://example.siteleaf.net) · ${COMMIT_LINK}`
    );
    expect(md).toContain(
      '**would upload 3 (2 new, 1 replaced) · would prune 1 · 3 unchanged · 1 content kept**'
    );
    expect(md).toContain(
      'Nothing on Siteleaf was changed; a run without dry-run would then publish the site.'
    );
    expect(md).toContain(
      '- **Would upload (new):** `_includes/header.html`, `assets/css/site.css`'
    );
    expect(md).toContain('- **Would replace:** `_layouts/default.html`');
    expect(md).toContain('- **Would prune:** `assets/css/old.css`');
    expect(md).not.toMatch(/\*\*(New|Replaced|Pruned):/);
    expect(md).not.toMatch(/not live/);
  });

  it('cancelled: says so, what was done, what was not, and that it is not live', () => {
    const md = render(
      site({
        cancelled: true,
        verdict: verdictOf(
          'failed',
          'Cancelled. Uploaded before stopping: _includes/header.html. No publish was started.'
        ),
        sync: syncResultOf({ uploaded: ['_includes/header.html'] })
      })
    );
    expect(heading(md)).toBe(
      `## 🛑 Siteleaf publish cancelled: [Example Site](https://example.siteleaf.net) · ${COMMIT_LINK}`
    );
    expect(md).toContain('> Cancelled. Uploaded before stopping: \\_includes/header.html.');
    expect(md).toContain('**1 uploaded (1 new) · 2 not uploaded · 3 unchanged · 1 content kept**');
    expect(md).toContain(
      '- **Not uploaded (the run stopped first):** `assets/css/site.css`, `_layouts/default.html`'
    );
    expect(md).toContain('but the site was not published: the changes are not live');
  });
});

describe('the heading', () => {
  it.each([
    ['complete', '✅ Siteleaf publish complete'],
    ['failed', '❌ Siteleaf publish failed'],
    ['queued', '🕒 Siteleaf publish queued'],
    ['skipped', '✅ Siteleaf upload complete, publish skipped'],
    ['dry-run', '📝 Siteleaf publish dry run']
  ] as Array<[RunStatus, string]>)('status %p reads %p', (status, text) => {
    expect(heading(render(reportOf({ verdict: verdictOf(status) }), null))).toBe(`## ${text}`);
  });

  it('no verdict at all reads as failed', () => {
    expect(heading(render(reportOf({})))).toContain('❌ Siteleaf publish failed');
  });

  it('names the site by its domain when it has no title', () => {
    const md = render(reportOf({ verdict: verdictOf('complete'), siteUrl: 'https://a.b.net' }));
    expect(heading(md)).toContain(': [a.b.net](https://a.b.net) · ');
  });

  it('a title that is Markdown stays text', () => {
    const md = render(
      reportOf({ verdict: verdictOf('complete'), siteTitle: '*Big* [news](x) `site`' })
    );
    expect(heading(md)).toContain(': \\*Big\\* \\[news\\](x) \\`site\\` · ');
  });

  it('without the runner’s variables there is no commit link', () => {
    expect(heading(render(reportOf({ verdict: verdictOf('complete') }), null))).toBe(
      '## ✅ Siteleaf publish complete'
    );
  });

  it('the commit without a ref is the link alone', () => {
    const { ref: _ref, ...noRef } = COMMIT;
    expect(heading(render(reportOf({ verdict: verdictOf('complete') }), noRef))).toBe(
      `## ✅ Siteleaf publish complete · [\`1a2b3c4\`](https://github.com/acme/site/commit/${SHA})`
    );
  });
});

describe('commitFromEnv', () => {
  const env = {
    GITHUB_SERVER_URL: 'https://github.example.com/',
    GITHUB_REPOSITORY: 'acme/site',
    GITHUB_SHA: SHA,
    GITHUB_REF_NAME: 'main'
  };

  it("reads the runner's variables", () => {
    expect(commitFromEnv(env)).toEqual({
      serverUrl: 'https://github.example.com',
      repository: 'acme/site',
      sha: SHA,
      ref: 'main'
    });
  });

  it('github.com by default; the ref from GITHUB_REF when GITHUB_REF_NAME is missing', () => {
    expect(
      commitFromEnv({ GITHUB_REPOSITORY: 'a/b', GITHUB_SHA: SHA, GITHUB_REF: 'refs/tags/v1.2.0' })
    ).toEqual({ serverUrl: 'https://github.com', repository: 'a/b', sha: SHA, ref: 'v1.2.0' });
  });

  it.each([
    { ...env, GITHUB_SHA: 'not-a-sha' },
    { ...env, GITHUB_SHA: undefined },
    { ...env, GITHUB_REPOSITORY: 'acme/site)](javascript:x' },
    { ...env, GITHUB_SERVER_URL: 'javascript:alert(1)' }
  ])('nothing that could break a link: %p', vars => {
    expect(commitFromEnv(vars)).toBeUndefined();
  });
});

describe('the counts line', () => {
  it('says only the counts that are not zero, and no table', () => {
    const md = render(
      reportOf({
        verdict: verdictOf('complete'),
        plan: planOf({ upload: ['a.html'], unchanged: ['b.css'] }),
        sync: syncResultOf({ uploaded: ['a.html'] })
      })
    );
    expect(md).toContain('**1 uploaded (1 new) · 1 unchanged**');
    expect(md).not.toMatch(/replaced|pruned|kept/);
    expect(md).not.toContain('| --- |');
    expect(md).not.toMatch(/^\|/m);
  });

  it('a theme already current', () => {
    const md = render(
      reportOf({ verdict: verdictOf('complete'), plan: planOf({ unchanged: ['a', 'b'] }) })
    );
    expect(md).toContain('**2 unchanged**');
  });

  it('failed files count, and are listed once, with their error', () => {
    const md = render(
      reportOf({
        verdict: verdictOf('failed', '1 theme file(s) could not be synced'),
        plan: planOf({ upload: ['a.html', 'b.html'] }),
        sync: syncResultOf({
          uploaded: ['a.html'],
          failed: [
            { filename: 'b.html', message: 'Could not upload b.html: HTTP 500', missingNow: false }
          ]
        }),
        problems: [
          { kind: 'error', message: 'Could not upload b.html: HTTP 500', file: 'theme/b.html' }
        ]
      })
    );
    expect(md).toContain('**1 uploaded (1 new) · 1 failed**');
    expect(md).toContain(`- ❌ Could not upload [b.html](${blob('theme/b.html')}): HTTP 500`);
    expect(occurrences(md, 'b.html')).toBe(1);
  });

  it('without a plan (upload-theme: false) there is no counts line and no file list', () => {
    const md = render(reportOf({ verdict: verdictOf('complete') }));
    expect(md).not.toMatch(/\*\*.*(uploaded|unchanged)/);
    expect(md).not.toContain('- **');
  });
});

describe('facts: API, jobs, duration, retries', () => {
  it('the API, the jobs in order, the duration and the publish job’s own time', () => {
    const r = reportOf({
      verdict: verdictOf('complete'),
      apiVersion: 'v2',
      jobId: 'bbb',
      jobIds: ['aaa', 'bbb'],
      finishedAt: T0 + 75_000
    });
    addJobEvent(r, 'first', T0 + 60_000);
    addJobEvent(r, 'last', T0 + 72_500);
    expect(render(r)).toContain(
      'Siteleaf API v2 · publish jobs `aaa` → `bbb` · took 1 min 15 s (the publish job 13 s)'
    );
  });

  it("the job's time is the job the run ended on, not an earlier one", () => {
    const r = reportOf({ verdict: verdictOf('complete'), jobId: 'aaa', jobIds: ['aaa'] });
    addJobEvent(r, 'a1', T0 + 1_000);
    addJobEvent(r, 'a2', T0 + 9_000);
    r.jobId = 'bbb';
    r.jobIds.push('bbb');
    addJobEvent(r, 'b1', T0 + 10_000);
    addJobEvent(r, 'b2', T0 + 12_000);
    expect(render(r)).toContain('(the publish job 2 s)');
  });

  it('the duration runs to finishedAt once the run is over', () => {
    const md = renderSummary(reportOf({ verdict: verdictOf('complete'), finishedAt: T0 + 4_400 }), {
      now: T0 + 999_000
    });
    expect(md).toContain('took 4 s');
  });

  it('says how many requests were retried, and nothing when none was', () => {
    const one = render(reportOf({ verdict: verdictOf('complete'), retriedRequests: 1 }));
    const five = render(reportOf({ verdict: verdictOf('complete'), retriedRequests: 5 }));
    expect(one).toContain('1 request retried (see the log)');
    expect(five).toContain('5 requests retried (see the log)');
    expect(render(reportOf({ verdict: verdictOf('complete') }))).not.toContain('retried');
  });

  it('leaves out what is not known: no API, no job', () => {
    const md = render(reportOf({ verdict: verdictOf('failed', 'Bad input') }));
    expect(md).not.toContain('Siteleaf API');
    expect(md).not.toContain('publish job');
  });
});

describe('the failure', () => {
  it('is quoted, escaped and on one line', () => {
    const md = render(
      reportOf({
        verdict: verdictOf(
          'failed',
          'Publishing failed with HTTP 401: <b>Unauthorized</b>\nCheck the *api-key* & [secret](x)'
        )
      })
    );
    const quotes = md.split('\n').filter(l => l.startsWith('> '));
    expect(quotes).toEqual([
      '> Publishing failed with HTTP 401: \\<b\\>Unauthorized\\</b\\> Check the \\*api-key\\* \\& \\[secret\\](x)'
    ]);
  });

  it('a failure about a place (a bad _config.yml) links it on its line', () => {
    const verdict: Verdict = {
      ...verdictOf('failed', 'site/_config.yml, line 3: bad indentation. Fix it and push again.'),
      failurePlace: { file: 'site/_config.yml', line: 3 }
    };
    expect(render(reportOf({ verdict }))).toContain(
      `> [site/\\_config.yml](${blob('site/_config.yml')}#L3), line 3: bad indentation.`
    );
  });

  it('a failure that does not name its file is led by the link', () => {
    const verdict: Verdict = {
      ...verdictOf('failed', 'Unknown tag'),
      failurePlace: { file: 'theme/a b(1).html', line: 2 }
    };
    expect(render(reportOf({ verdict }))).toContain(
      `> [theme/a b(1).html:2](${blob('theme/a%20b%281%29.html')}#L2): Unknown tag`
    );
  });

  it('without a commit to link to, the path is named once', () => {
    const message = "Liquid syntax error in _layouts/default.html (line 9): Unknown tag 'endfor'";
    const md = render(
      reportOf({
        ...failedJob(message),
        jobErrorPlace: { file: 'site/_layouts/default.html', line: 9 }
      }),
      null
    );
    expect(md).toContain(
      `> Siteleaf publish job ${JOB} failed: Liquid syntax error in \`site/_layouts/default.html\` (line 9)`
    );
    const lone = render(
      reportOf({
        verdict: {
          ...verdictOf('failed', 'Unknown tag'),
          failurePlace: { file: 't/a.html', line: 2 }
        }
      }),
      null
    );
    expect(lone).toContain('> `t/a.html:2`: Unknown tag');
  });
});

describe('what is on Siteleaf but not live', () => {
  const uploaded = {
    sync: syncResultOf({ uploaded: ['a.html', 'b.html'] }),
    plan: planOf({ upload: ['a.html', 'b.html'] })
  };

  it('a failed sync that uploaded files', () => {
    const md = render(
      reportOf({ ...uploaded, verdict: verdictOf('failed', '1 theme file(s) could not be synced') })
    );
    expect(md).toContain(
      '⚠️ This run changed files on Siteleaf (2 uploaded), but the site was not published: the changes are not live. The next publish, by anyone, makes them live.'
    );
  });

  it('a job that may still finish (timeout, cancelled while following it)', () => {
    const timedOut = render(
      reportOf({
        ...uploaded,
        verdict: verdictOf('failed', 'did not finish within the timeout'),
        jobId: JOB,
        jobIds: [JOB],
        publish: { result: 'timeout', jobId: JOB }
      })
    );
    expect(timedOut).toContain(
      `⚠️ This run changed files on Siteleaf (2 uploaded); they go live when publish job \`${JOB}\` finishes, if it does, or else with the next publish, by anyone.`
    );
    const cancelled = render(
      reportOf({
        ...uploaded,
        cancelled: true,
        verdict: verdictOf('failed', 'Cancelled.'),
        jobId: JOB,
        jobIds: [JOB]
      })
    );
    expect(cancelled).toContain(`they go live when publish job \`${JOB}\` finishes`);
  });

  it('publish: false says the next publish makes them live', () => {
    const md = render(reportOf({ ...uploaded, verdict: verdictOf('skipped') }));
    expect(md).toContain(
      'ℹ️ This run changed files on Siteleaf (2 uploaded) without publishing them (publish: false): the next publish, by anyone, makes the changes live.'
    );
  });

  it.each(['complete', 'queued', 'dry-run'] as RunStatus[])('not said for %p', status => {
    expect(render(reportOf({ ...uploaded, verdict: verdictOf(status) }))).not.toMatch(
      /not live|go live/
    );
  });

  it('not said when nothing was changed', () => {
    const md = render(
      reportOf({ plan: planOf({ upload: ['a'] }), verdict: verdictOf('failed', 'x') })
    );
    expect(md).not.toMatch(/not live|go live/);
  });
});

describe('errors and warnings', () => {
  it('lists each with its file linked, errors first; notices are not warnings', () => {
    const md = render(
      reportOf({
        verdict: verdictOf('complete'),
        problems: [
          { kind: 'notice', message: '1 content file(s) differ on Siteleaf and were kept' },
          {
            kind: 'warning',
            message: 'Skipped links/x.css: it leads outside theme-dir',
            file: 'theme/links/x.css'
          },
          { kind: 'error', message: 'Upload failed', file: 'theme/a.css' }
        ],
        problemsLeftOut: 3
      })
    );
    const items = md.split('\n').filter(l => l.startsWith('- '));
    expect(items).toEqual([
      `- ❌ [theme/a.css](${blob('theme/a.css')}): Upload failed`,
      `- ⚠️ Skipped [links/x.css](${blob('theme/links/x.css')}): it leads outside theme-dir`,
      '- ℹ️ 1 content file(s) differ on Siteleaf and were kept',
      "- … and 3 more (see the step's log)"
    ]);
  });

  it('the section is named for what it holds', () => {
    const md = (kinds: Array<'error' | 'warning' | 'notice'>) =>
      render(
        reportOf({
          verdict: verdictOf('complete'),
          problems: kinds.map(kind => ({ kind, message: kind }))
        })
      );
    expect(md(['notice'])).toContain('### Notices\n');
    expect(md(['warning', 'error'])).toContain('### Errors and warnings\n');
    expect(md(['notice', 'warning', 'error'])).toContain('### Errors, warnings and notices\n');
  });

  it('no problems, no such section', () => {
    expect(render(reportOf({ verdict: verdictOf('complete') }))).not.toContain(
      'Errors and warnings'
    );
  });

  it('more than ten are folded', () => {
    const problems = Array.from({ length: 12 }, (_, i) => ({
      kind: 'warning' as const,
      message: `warning ${i}`
    }));
    const md = render(reportOf({ verdict: verdictOf('complete'), problems }));
    expect(md).toContain('<details><summary>Warnings (12)</summary>');
  });
});

describe('file lists', () => {
  it('short lists on one line each, unchanged always folded', () => {
    const md = render(site({ verdict: verdictOf('complete'), sync: SYNCED }));
    expect(md).toContain('- **New:** `_includes/header.html`, `assets/css/site.css`');
    expect(md).toContain('- **Replaced:** `_layouts/default.html`');
    expect(md).toContain('- **Pruned:** `assets/css/old.css`');
    expect(md).toContain('- **Content kept:** `about.md`');
    expect(md).toMatch(/<details><summary>Unchanged \(3\)<\/summary>\n\n- `_config.yml`\n/);
  });

  it('folds a list longer than ten, leaves a short one open', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `page-${i}.html`);
    const ten = Array.from({ length: 10 }, (_, i) => `style-${i}.css`);
    const md = render(
      reportOf({
        verdict: verdictOf('complete'),
        plan: planOf({ upload: eleven, replace: ten }),
        sync: syncResultOf({ uploaded: [...eleven, ...ten].sort(), replaced: ten })
      })
    );
    expect(md).toContain('<details><summary>New (11)</summary>');
    expect(md).not.toContain('<details><summary>Replaced');
    expect(md).toContain('- **Replaced:** `style-0.css`');
  });

  it('names keep their backticks and line breaks as text', () => {
    expect(codeSpan('a`b.html')).toBe('``a`b.html``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('line\nbreak\r.txt')).toBe('`line\\nbreak\\r.txt`');
  });

  it('nothing names the failing file three times', () => {
    const message = "Liquid syntax error in _layouts/default.html (line 9): Unknown tag 'endfor'";
    const r = site({
      ...failedJob(message),
      jobErrorPlace: { file: 'site/_layouts/default.html', line: 9 },
      problems: [{ kind: 'error', message, file: 'site/_layouts/default.html', line: 9 }]
    });
    addJobEvent(r, '22:13:20  working   Checking... /');
    addJobEvent(r, `22:13:22  error     ${message}`);
    const md = render(r);
    expect(occurrences(md, '_layouts/default.html')).toBeLessThanOrEqual(2);
  });
});

describe('the publish log', () => {
  it('a short one in a text block under a heading', () => {
    const r = reportOf({ verdict: verdictOf('complete') });
    addJobLine(r, '22:13:20  working   Checking... /home');
    addJobLine(r, '22:13:21  complete  Publish complete');
    const md = render(r);
    expect(md).toContain(
      '### Publish log\n\n```text\n22:13:20  working   Checking... /home\n22:13:21  complete  Publish complete\n```'
    );
  });

  it('a job message with ``` cannot break out of the block', () => {
    const r = reportOf({ verdict: verdictOf('failed', 'x') });
    addJobLine(r, 'error  ```\n## injected');
    const fences = render(r)
      .split('\n')
      .filter(l => l.startsWith('```'));
    expect(fences).toEqual(['```text', '```']);
  });

  it('a long one is folded, keeps its start and end, and says how much was left out', () => {
    const r = reportOf({ verdict: verdictOf('complete') });
    for (let i = 0; i < 450; i++) addJobLine(r, `line ${i}`);
    const md = render(r);
    expect(md).toContain('<details><summary>Publish log (450 lines)</summary>');
    expect(md).toContain('line 0\n');
    expect(md).toContain('line 199\n');
    expect(md).toContain('line 449');
    expect(md).toContain("50 lines left out here (the step's log has them all)");
    expect(md).not.toContain('line 200\n');
    expect(md.indexOf('line 199')).toBeLessThan(md.indexOf('left out'));
    expect(md.indexOf('left out')).toBeLessThan(md.indexOf('line 449'));
  });

  it('no job log, no log section', () => {
    expect(render(reportOf({ verdict: verdictOf('queued') }))).not.toContain('Publish log');
  });
});

describe('under 1 MiB, whatever the run said', () => {
  const bytes = (md: string) => Buffer.byteLength(md, 'utf8');

  it('a 1 MB job error: cut, with a note that the log has the whole text', () => {
    const message = `Liquid error in _layouts/default.html (line 2): ${'x'.repeat(1_000_000)}`;
    const r = site({
      ...failedJob(message),
      jobErrorPlace: { file: 'site/_layouts/default.html', line: 2 },
      problems: [{ kind: 'error', message, file: 'site/_layouts/default.html', line: 2 }]
    });
    addJobEvent(r, `22:13:22  error     ${message}`);
    const md = render(r);
    expect(bytes(md)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(bytes(md)).toBeLessThan(20_000);
    expect(md).toMatch(
      /> Siteleaf publish job .* failed: Liquid error in \[.*x+… \([\d,]+ more characters cut here; the step's log has the whole text\)\n/
    );
  });

  it('a job of 400 lines of 2,000 multi-byte characters each', () => {
    const r = reportOf({ verdict: verdictOf('complete') });
    for (let i = 0; i < 1_000; i++) addJobLine(r, `${i} ${'é'.repeat(100_000)}`);
    const md = render(r);
    expect(bytes(md)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(md).toMatch(/lines left out here/);
    expect(md).toContain('999 é');
  });

  it('a 5,000-file theme with long names: lists cut, with a count of the rest', () => {
    const names = Array.from(
      { length: 5_000 },
      (_, i) => `assets/${'deeply-nested-folder/'.repeat(8)}file-${String(i).padStart(4, '0')}.css`
    );
    const md = render(
      reportOf({
        verdict: verdictOf('complete'),
        plan: planOf({ upload: names.slice(0, 2_500), unchanged: names.slice(2_500) }),
        sync: syncResultOf({ uploaded: names.slice(0, 2_500) })
      })
    );
    expect(bytes(md)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(md).toContain('**2500 uploaded (2500 new) · 2500 unchanged**');
    expect(md).toContain('<details><summary>New (2500)</summary>');
    expect(md).toContain('file-0000.css');
    expect(md).toMatch(/- … and \d+ more \(the step's log lists every file\)/);
  });

  it('200 problems of a megabyte each', () => {
    const problems = Array.from({ length: 200 }, (_, i) => ({
      kind: 'warning' as const,
      message: `${i} ${'w'.repeat(1_000_000)}`,
      file: `theme/${'n'.repeat(5_000)}.html`
    }));
    const md = render(reportOf({ verdict: verdictOf('complete'), problems }));
    expect(bytes(md)).toBeLessThan(SUMMARY_LIMIT_BYTES);
  });
});

describe('formatDuration (the summary\'s "took")', () => {
  it.each([
    [0, '0 ms'],
    [-5, '0 ms'],
    [850, '850 ms'],
    [4_400, '4 s'],
    [59_000, '59 s'],
    [60_000, '1 min'],
    [59_600, '1 min'],
    [120_000, '2 min'],
    [75_000, '1 min 15 s'],
    [3_723_000, '62 min 3 s']
  ])('%i ms → %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
