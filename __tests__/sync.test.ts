// applyThemeSync against a fake API that records every call, in order.
import { describe, expect, it } from '@jest/globals';
import { SiteleafApiError, SiteleafNetworkError } from '../src/siteleaf/errors.js';
import type { ThemeAsset } from '../src/siteleaf/types.js';
import type { ChecksummedFile } from '../src/theme/checksum.js';
import type { LocalThemeFile } from '../src/theme/files.js';
import type { ThemeSyncPlan } from '../src/theme/plan.js';
import { applyThemeSync, formatByteSize, type ThemeAssetsApi } from '../src/theme/sync.js';

type UploadBehaviour = (
  file: LocalThemeFile,
  attempt: number
) => { id?: string; date?: string } | Error | undefined;

/** A Siteleaf that answers uploads as `behaviour` says (default: a fresh id) and records calls. */
class FakeAssetsApi implements ThemeAssetsApi {
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private ids = 0;
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly behaviour: UploadBehaviour = () => undefined,
    private readonly deleteBehaviour: (id: string) => Error | undefined = () => undefined,
    private readonly delayMs = 2
  ) {}

  async uploadThemeAsset(file: LocalThemeFile, signal?: AbortSignal) {
    const attempt = (this.attempts.get(file.filename) ?? 0) + 1;
    this.attempts.set(file.filename, attempt);
    this.calls.push(`upload ${file.filename}`);
    await this.busy(signal);
    const answer = this.behaviour(file, attempt);
    if (answer instanceof Error) throw answer;
    const asset: ThemeAsset = {
      id: answer?.id ?? `new${++this.ids}`,
      filename: file.filename,
      checksum: 'c'
    };
    return { asset, date: answer?.date };
  }

  /** What a listing answers (the check after a lost answer). */
  listing: ThemeAsset[] = [];

  async listThemeAssets(): Promise<ThemeAsset[]> {
    this.calls.push('list');
    return this.listing;
  }

  async deleteAsset(id: string, signal?: AbortSignal): Promise<void> {
    this.calls.push(`delete ${id}`);
    await this.busy(signal);
    const error = this.deleteBehaviour(id);
    if (error) throw error;
  }

  private async busy(signal?: AbortSignal): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.delayMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('request aborted'));
        });
      });
    } finally {
      this.inFlight--;
    }
  }
}

function file(filename: string, size = 100): ChecksummedFile {
  return { filename, absolutePath: `/theme/${filename}`, size, checksum: 'local' };
}

function asset(id: string, filename: string): ThemeAsset {
  return { id, filename, checksum: 'remote' };
}

function emptyPlan(): ThemeSyncPlan {
  return { upload: [], replace: [], unchanged: [], duplicates: [], prune: [] };
}

async function run(
  plan: ThemeSyncPlan,
  api: ThemeAssetsApi,
  concurrency = 4,
  signal?: AbortSignal
) {
  const lines: string[] = [];
  const result = await applyThemeSync(plan, api, {
    concurrency,
    signal,
    log: line => lines.push(line)
  });
  return { result, lines };
}

const apiError = (status: number, message: string) =>
  new SiteleafApiError('Uploading something', status, message);

describe('applyThemeSync: new files', () => {
  it('uploads each new file and logs it with its size', async () => {
    const api = new FakeAssetsApi();
    const plan = { ...emptyPlan(), upload: [file('b.css', 12_345), file('a.html', 512)] };
    const { result, lines } = await run(plan, api);
    expect(result.uploaded).toEqual(['a.html', 'b.css']);
    expect(result.replaced).toEqual([]);
    expect(result.failed).toEqual([]);
    expect(api.calls.sort()).toEqual(['upload a.html', 'upload b.css']);
    expect(lines.sort()).toEqual(['Uploaded a.html (512 B)', 'Uploaded b.css (12.3 kB)']);
  });

  it('collects every failure instead of stopping at the first', async () => {
    const api = new FakeAssetsApi(f =>
      f.filename.startsWith('bad')
        ? new SiteleafNetworkError(`Uploading ${f.filename}`, 'ECONNRESET', 4)
        : undefined
    );
    const plan = {
      ...emptyPlan(),
      upload: ['bad1.css', 'good1.css', 'bad2.css', 'good2.css'].map(n => file(n))
    };
    const { result } = await run(plan, api, 1);
    expect(result.uploaded).toEqual(['good1.css', 'good2.css']);
    expect(result.failed.map(f => [f.filename, f.missingNow])).toEqual([
      ['bad1.css', false],
      ['bad2.css', false]
    ]);
    expect(result.failed[0]?.message).toMatch(/^Could not upload bad1\.css: .*ECONNRESET/);
  });
});

describe('applyThemeSync: replacing never leaves the site without the file', () => {
  it('(a) new id: uploads first, then deletes every previous copy', async () => {
    const api = new FakeAssetsApi();
    const plan = {
      ...emptyPlan(),
      replace: [
        {
          file: file('page.html'),
          previous: [asset('old1', 'page.html'), asset('old2', 'page.html')]
        }
      ]
    };
    const { result, lines } = await run(plan, api);
    expect(api.calls).toEqual(['upload page.html', 'delete old1', 'delete old2']);
    expect(result.uploaded).toEqual(['page.html']);
    expect(result.replaced).toEqual(['page.html']);
    expect(lines).toEqual(['Replaced page.html']);
  });

  it('(b) overwritten in place: deletes only the other previous copies', async () => {
    const api = new FakeAssetsApi(() => ({ id: 'old2' }));
    const plan = {
      ...emptyPlan(),
      replace: [
        {
          file: file('page.html'),
          previous: [asset('old1', 'page.html'), asset('old2', 'page.html')]
        }
      ]
    };
    const { result } = await run(plan, api);
    expect(api.calls).toEqual(['upload page.html', 'delete old1']);
    expect(result.replaced).toEqual(['page.html']);

    const single = new FakeAssetsApi(() => ({ id: 'only' }));
    await run(
      { ...emptyPlan(), replace: [{ file: file('x.html'), previous: [asset('only', 'x.html')] }] },
      single
    );
    expect(single.calls).toEqual(['upload x.html']);
  });

  it('(c) a refused second copy: deletes the old one, then uploads again', async () => {
    const api = new FakeAssetsApi((_f, attempt) =>
      attempt === 1 ? apiError(422, 'Filename has already been taken') : undefined
    );
    const plan = {
      ...emptyPlan(),
      replace: [{ file: file('page.html'), previous: [asset('old', 'page.html')] }]
    };
    const { result, lines } = await run(plan, api);
    expect(api.calls).toEqual(['upload page.html', 'delete old', 'upload page.html']);
    expect(result.replaced).toEqual(['page.html']);
    expect(result.failed).toEqual([]);
    expect(lines).toEqual(['Replaced page.html']);
  });

  it('(c) when the upload after the delete fails, says the file is now missing', async () => {
    const api = new FakeAssetsApi((_f, attempt) =>
      attempt === 1 ? apiError(422, 'Filename has already been taken') : apiError(500, 'down')
    );
    const plan = {
      ...emptyPlan(),
      replace: [
        { file: file('_layouts/default.html'), previous: [asset('old', '_layouts/default.html')] }
      ],
      prune: [asset('p', 'stale.html')]
    };
    const { result } = await run(plan, api);
    expect(api.calls).toEqual([
      'upload _layouts/default.html',
      'delete old',
      'upload _layouts/default.html'
    ]);
    expect(result.uploaded).toEqual([]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ filename: '_layouts/default.html', missingNow: true });
    expect(result.failed[0]?.message).toMatch(
      /^_layouts\/default\.html is now MISSING from the site/
    );
    expect(result.failed[0]?.message).toContain('down');
    expect(result.pruned).toEqual([]);
  });

  it('(c) when deleting the old copy fails, the site keeps it and nothing is re-uploaded', async () => {
    const api = new FakeAssetsApi(
      () => apiError(422, 'Filename has already been taken'),
      () => apiError(500, 'nope')
    );
    const plan = {
      ...emptyPlan(),
      replace: [{ file: file('a.html'), previous: [asset('old', 'a.html')] }]
    };
    const { result } = await run(plan, api);
    expect(api.calls).toEqual(['upload a.html', 'delete old']);
    expect(result.failed).toEqual([
      expect.objectContaining({ filename: 'a.html', missingNow: false })
    ]);
    expect(result.failed[0]?.message).toMatch(/keeps the old version/);
  });

  it('deletes nothing when the upload fails for another reason (5xx, network, 413, 429)', async () => {
    for (const error of [
      apiError(500, 'boom'),
      apiError(413, 'too large'),
      apiError(429, 'slow down'),
      new SiteleafNetworkError('Uploading a.html', 'ETIMEDOUT')
    ]) {
      const api = new FakeAssetsApi(() => error);
      const plan = {
        ...emptyPlan(),
        replace: [{ file: file('a.html'), previous: [asset('old', 'a.html')] }]
      };
      const { result } = await run(plan, api);
      expect(api.calls).toEqual(['upload a.html']);
      expect(result.failed).toEqual([
        expect.objectContaining({ filename: 'a.html', missingNow: false })
      ]);
      expect(result.failed[0]?.message).toMatch(/keeps its previous version/);
    }
  });

  it('reports a failed delete after a successful upload, and treats 404 as already deleted', async () => {
    const api = new FakeAssetsApi(undefined, id =>
      id === 'gone' ? apiError(404, 'Not found') : id === 'stuck' ? apiError(500, 'err') : undefined
    );
    const plan = {
      ...emptyPlan(),
      replace: [
        { file: file('a.html'), previous: [asset('gone', 'a.html')] },
        { file: file('b.html'), previous: [asset('stuck', 'b.html')] }
      ]
    };
    const { result } = await run(plan, api);
    expect(result.replaced).toEqual(['a.html']);
    expect(result.failed.map(f => [f.filename, f.missingNow])).toEqual([['b.html', false]]);
    expect(result.failed[0]?.message).toMatch(
      /^Uploaded b\.html, but deleting its previous copy failed/
    );
  });
});

describe('applyThemeSync: duplicates and prune', () => {
  it('deletes duplicates only after every upload, and prunes after that', async () => {
    const api = new FakeAssetsApi();
    const plan = {
      ...emptyPlan(),
      upload: [file('new1.css'), file('new2.css'), file('new3.css')],
      duplicates: [asset('dup', 'page.html')],
      prune: [asset('p1', 'old.html'), asset('p2', 'older.html')]
    };
    const { result, lines } = await run(plan, api, 2);
    const lastUpload = Math.max(...api.calls.map((c, i) => (c.startsWith('upload') ? i : -1)));
    expect(api.calls.indexOf('delete dup')).toBeGreaterThan(lastUpload);
    expect(api.calls.indexOf('delete p1')).toBeGreaterThan(api.calls.indexOf('delete dup'));
    expect(result.duplicatesRemoved).toEqual(['page.html']);
    expect(result.pruned).toEqual(['old.html', 'older.html']);
    expect(lines).toEqual(
      expect.arrayContaining(['Pruned old.html', 'Removed a duplicate copy of page.html'])
    );
  });

  it('prunes nothing when any upload failed', async () => {
    const api = new FakeAssetsApi(f =>
      f.filename === 'bad.css' ? apiError(500, 'boom') : undefined
    );
    const plan = {
      ...emptyPlan(),
      upload: [file('good.css'), file('bad.css')],
      prune: [asset('p1', 'old.html')]
    };
    const { result, lines } = await run(plan, api);
    expect(api.calls.filter(c => c.startsWith('delete'))).toEqual([]);
    expect(result.pruned).toEqual([]);
    expect(lines).toContain('Not pruning 1 remote file(s): 1 theme file(s) failed.');
  });

  it('collects prune failures without stopping the other deletes', async () => {
    const api = new FakeAssetsApi(undefined, id =>
      id === 'p1' ? apiError(500, 'boom') : undefined
    );
    const plan = { ...emptyPlan(), prune: [asset('p1', 'a.html'), asset('p2', 'b.html')] };
    const { result } = await run(plan, api, 1);
    expect(result.pruned).toEqual(['b.html']);
    expect(result.failed).toEqual([
      expect.objectContaining({ filename: 'a.html', missingNow: false })
    ]);
    expect(result.failed[0]?.message).toMatch(/^Could not delete a\.html \(asset p1\)/);
  });
});

describe('applyThemeSync: limits and stops', () => {
  it('never has more requests in flight than the concurrency', async () => {
    for (const concurrency of [1, 3, 8]) {
      const api = new FakeAssetsApi();
      const plan = {
        ...emptyPlan(),
        upload: Array.from({ length: 12 }, (_, i) => file(`new${i}.css`)),
        replace: Array.from({ length: 6 }, (_, i) => ({
          file: file(`r${i}.html`),
          previous: [asset(`old${i}`, `r${i}.html`)]
        })),
        prune: Array.from({ length: 10 }, (_, i) => asset(`p${i}`, `p${i}.html`))
      };
      const { result } = await run(plan, api, concurrency);
      expect(result.uploaded).toHaveLength(18);
      expect(result.pruned).toHaveLength(10);
      expect(api.maxInFlight).toBe(concurrency);
    }
  });

  it.each([401, 403, 404])('stops everything at a %i on upload and rethrows it', async status => {
    const fatal = apiError(status, 'Unauthorized!');
    const api = new FakeAssetsApi(f => (f.filename === 'f02.css' ? fatal : undefined));
    const plan = {
      ...emptyPlan(),
      upload: Array.from({ length: 30 }, (_, i) => file(`f${String(i).padStart(2, '0')}.css`)),
      prune: [asset('p', 'old.html')]
    };
    await expect(run(plan, api, 2)).rejects.toBe(fatal);
    const uploads = api.calls.filter(c => c.startsWith('upload'));
    expect(uploads.length).toBeLessThanOrEqual(5);
    expect(api.calls.filter(c => c.startsWith('delete'))).toEqual([]);
    expect(api.inFlight).toBe(0); // nothing left running behind the caller's back
  });

  it('stops at a 401 on delete too', async () => {
    const fatal = apiError(401, 'Unauthorized!');
    const api = new FakeAssetsApi(undefined, () => fatal);
    const plan = {
      ...emptyPlan(),
      replace: [{ file: file('a.html'), previous: [asset('old-a', 'a.html')] }],
      prune: [asset('p', 'old.html')]
    };
    await expect(run(plan, api)).rejects.toBe(fatal);
    expect(api.calls).toEqual(['upload a.html', 'delete old-a']);
  });

  it('logs a file left missing before rethrowing a fatal answer', async () => {
    const fatal = apiError(401, 'Unauthorized!');
    const api = new FakeAssetsApi((_f, attempt) =>
      attempt === 1 ? apiError(422, 'taken') : fatal
    );
    const plan = {
      ...emptyPlan(),
      replace: [{ file: file('a.html'), previous: [asset('old-a', 'a.html')] }]
    };
    const lines: string[] = [];
    await expect(
      applyThemeSync(plan, api, { concurrency: 2, log: l => lines.push(l) })
    ).rejects.toBe(fatal);
    expect(api.calls).toEqual(['upload a.html', 'delete old-a', 'upload a.html']);
    expect(lines).toEqual([
      expect.stringMatching(/^a\.html is now MISSING from the site.*Unauthorized!/)
    ]);
  });

  it('stops starting work when the caller aborts, and rejects with the reason', async () => {
    const controller = new AbortController();
    const api = new FakeAssetsApi(f => {
      if (f.filename === 'f3.css') controller.abort(new Error('workflow cancelled'));
      return undefined;
    });
    const plan = {
      ...emptyPlan(),
      upload: Array.from({ length: 20 }, (_, i) => file(`f${i}.css`))
    };
    await expect(run(plan, api, 2, controller.signal)).rejects.toThrow('workflow cancelled');
    expect(api.calls.length).toBeLessThan(20);
    expect(api.inFlight).toBe(0);
  });
});

describe('applyThemeSync: lastUploadDate', () => {
  it('is the latest Date header among the uploads, whatever order they finish in', async () => {
    const dates: Record<string, string> = {
      'a.css': 'Tue, 03 Nov 2026 10:00:05 GMT',
      'b.css': 'Tue, 03 Nov 2026 10:00:09 GMT',
      'c.css': 'Tue, 03 Nov 2026 10:00:07 GMT'
    };
    const api = new FakeAssetsApi(f => ({ date: dates[f.filename] }));
    const plan = { ...emptyPlan(), upload: Object.keys(dates).map(n => file(n)) };
    const { result } = await run(plan, api);
    expect(result.lastUploadDate).toBe('Tue, 03 Nov 2026 10:00:09 GMT');
  });

  it('is absent when nothing was uploaded or no answer had a date', async () => {
    expect((await run(emptyPlan(), new FakeAssetsApi())).result.lastUploadDate).toBeUndefined();
    const plan = { ...emptyPlan(), upload: [file('a.css')] };
    expect(
      (await run(plan, new FakeAssetsApi(() => ({ date: 'garbage' })))).result.lastUploadDate
    ).toBeUndefined();
  });
});

describe('formatByteSize', () => {
  it('uses SI units with one decimal', () => {
    expect([0, 999, 1000, 12_345, 999_949, 999_999, 4_000_000, 2.5e9].map(formatByteSize)).toEqual([
      '0 B',
      '999 B',
      '1.0 kB',
      '12.3 kB',
      '999.9 kB',
      '1.0 MB',
      '4.0 MB',
      '2.5 GB'
    ]);
  });
});

describe('applyThemeSync: refusals that are not about a duplicate', () => {
  it('keeps the previous copy when a replacement is refused as invalid (not "taken")', async () => {
    const api = new FakeAssetsApi(() => apiError(422, "File can't be blank"));
    const plan = {
      ...emptyPlan(),
      replace: [{ file: file('a.html'), previous: [asset('old1', 'a.html')] }]
    };
    const { result } = await run(plan, api);
    expect(api.calls).toEqual(['upload a.html']);
    expect(result.failed).toEqual([
      expect.objectContaining({ filename: 'a.html', missingNow: false })
    ]);
  });

  it('retries the re-upload when the delete is not visible yet ("taken" again)', async () => {
    const api = new FakeAssetsApi((_f, attempt) =>
      attempt <= 2 ? apiError(422, 'Filename has already been taken') : undefined
    );
    const plan = {
      ...emptyPlan(),
      replace: [{ file: file('a.html'), previous: [asset('old1', 'a.html')] }]
    };
    const { result } = await run(plan, api);
    expect(api.calls).toEqual(['upload a.html', 'delete old1', 'upload a.html', 'upload a.html']);
    expect(result.failed).toEqual([]);
    expect(result.replaced).toEqual(['a.html']);
  });

  it('counts an unexpected throw as a failed file and then prunes nothing', async () => {
    const api = new FakeAssetsApi(() => {
      throw new TypeError('something nobody expected');
    });
    const plan = { ...emptyPlan(), upload: [file('a.html')], prune: [asset('x', 'gone.html')] };
    const { result } = await run(plan, api);
    expect(result.failed).toEqual([expect.objectContaining({ filename: 'a.html' })]);
    expect(api.calls).not.toContain('delete x');
  });
});

describe('applyThemeSync: an API that refuses every second copy', () => {
  it('after the first refusal, deletes first for the rest instead of a doomed upload', async () => {
    const deleted = new Set<string>();
    const api = new FakeAssetsApi(
      f =>
        deleted.has(`old-${f.filename}`)
          ? undefined
          : apiError(422, 'Filename has already been taken'),
      id => {
        deleted.add(id);
        return undefined;
      }
    );
    const replace = ['a.html', 'b.html', 'c.html'].map(name => ({
      file: file(name),
      previous: [asset(`old-${name}`, name)]
    }));
    const { result } = await run({ ...emptyPlan(), replace }, api, 1);
    expect(result.replaced).toEqual(['a.html', 'b.html', 'c.html']);
    expect(api.calls).toEqual([
      'upload a.html',
      'delete old-a.html',
      'upload a.html',
      'delete old-b.html',
      'upload b.html',
      'delete old-c.html',
      'upload c.html'
    ]);
  });
});
