// applyThemeSync, the generic sync, against a fake API that records every call in order: how
// many requests run at once, what goes first, what stops the rest, when prune may delete, and
// the lines it logs. How one file replaces its previous copy is the adapter's business
// (siteleaf-v1-asset-writer.test.ts); here a put simply answers, or throws.
import { describe, expect, it } from '@jest/globals';
import { formatByteSize } from '../src/format.js';
import {
  PutFileError,
  type LeftOnSite,
  type PutResult,
  type RemoteFile,
  type SettledPuts
} from '../src/siteleaf/api.js';
import { CancelledError, SiteleafApiError, SiteleafNetworkError } from '../src/siteleaf/errors.js';
import type { ChecksummedFile } from '../src/theme/checksum.js';
import type { ThemeSyncPlan } from '../src/theme/plan.js';
import { applyThemeSync, type SyncApi } from '../src/theme/sync.js';
import { emptyPlan, recordingLog } from './helpers/fixtures.js';

type PutAnswer = Partial<PutResult> | Error | undefined;

/** A site that answers puts and deletes as told (default: done) and records every call. */
class FakeApi implements SyncApi {
  uploadsFirst: readonly string[] = [];
  namesIgnoreCase = false;
  readonly calls: string[] = [];
  /** `start x` / `end x` for every put, in order. */
  readonly events: string[] = [];
  /** What `previous` each put was given, by filename. */
  readonly previousOf = new Map<string, readonly RemoteFile[]>();
  inFlight = 0;
  maxInFlight = 0;
  settleAnswer: SettledPuts | Error = { failed: [], extraCopiesRemoved: [] };

  constructor(
    private readonly onPut: (file: ChecksummedFile) => PutAnswer = () => undefined,
    private readonly onDelete: (file: RemoteFile) => Error | undefined = () => undefined,
    private readonly delayMs = 2
  ) {}

  async putFile(file: ChecksummedFile, previous: readonly RemoteFile[], signal?: AbortSignal) {
    if (signal?.aborted) throw new CancelledError(`Uploading ${file.filename}`);
    this.calls.push(`put ${file.filename}`);
    this.previousOf.set(file.filename, previous);
    this.events.push(`start ${file.filename}`);
    try {
      await this.busy(signal);
      const answer = this.onPut(file);
      if (answer instanceof Error) throw answer;
      return { filename: file.filename, ...answer };
    } finally {
      this.events.push(`end ${file.filename}`);
    }
  }

  async deleteFile(file: RemoteFile, signal?: AbortSignal) {
    if (signal?.aborted) throw new CancelledError(`Deleting ${file.filename}`);
    this.calls.push(`delete ${file.id ?? file.filename}`);
    await this.busy(signal);
    const error = this.onDelete(file);
    if (error) throw error;
  }

  async settlePuts(signal?: AbortSignal) {
    if (signal?.aborted) throw new CancelledError('Listing');
    this.calls.push('settle');
    await this.busy(signal);
    if (this.settleAnswer instanceof Error) throw this.settleAnswer;
    return this.settleAnswer;
  }

  private async busy(signal?: AbortSignal): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.delayMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new CancelledError('a request'));
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

function remote(id: string | undefined, filename: string): RemoteFile {
  return {
    filename,
    checksum: 'remote',
    role: 'file',
    type: 'asset',
    ...(id !== undefined ? { id } : {})
  };
}

function replace(filename: string, ids = [`old-${filename}`]) {
  return { file: file(filename), previous: ids.map(id => remote(id, filename)) };
}

async function run(plan: ThemeSyncPlan, api: SyncApi, concurrency = 4, signal?: AbortSignal) {
  const log = recordingLog();
  const result = await applyThemeSync(plan, api, { concurrency, signal, log });
  return { result, lines: log.messages('info'), log };
}

const apiError = (status: number, message: string) =>
  new SiteleafApiError('Uploading something', status, message);

const putError = (filename: string, left: LeftOnSite, cause?: unknown) =>
  new PutFileError(filename, `${filename}: it went wrong (${left})`, left, { cause });

const deletes = (api: FakeApi) => api.calls.filter(c => c.startsWith('delete'));
const puts = (api: FakeApi) => api.calls.filter(c => c.startsWith('put'));

describe('applyThemeSync: uploads', () => {
  it('uploads each new file and logs it with its size', async () => {
    const api = new FakeApi();
    const plan = { ...emptyPlan(), upload: [file('b.css', 12_345), file('a.html', 512)] };
    const { result, lines } = await run(plan, api);
    expect(result.uploaded).toEqual(['a.html', 'b.css']);
    expect(result.replaced).toEqual([]);
    expect(result.failed).toEqual([]);
    expect(result.stoppedBy).toBeUndefined();
    expect(api.calls.sort()).toEqual(['put a.html', 'put b.css', 'settle']);
    expect(api.previousOf.get('a.html')).toEqual([]);
    expect(lines.sort()).toEqual(['Uploaded a.html (512 B)', 'Uploaded b.css (12.3 kB)']);
  });

  it('reports each upload as a progress step counted against every upload planned', async () => {
    const plan = {
      ...emptyPlan(),
      upload: [file('a.html'), file('b.css')],
      replace: [replace('c.js')]
    };
    const { log } = await run(plan, new FakeApi(), 1);
    expect(log.messages('progress')).toEqual([
      'uploading 1/3 a.html',
      'uploading 2/3 b.css',
      'uploading 3/3 c.js'
    ]);
  });

  it('replaces a changed file, handing the adapter every previous copy', async () => {
    const api = new FakeApi();
    const plan = { ...emptyPlan(), replace: [replace('page.html', ['old1', 'old2'])] };
    const { result, lines } = await run(plan, api);
    expect(api.previousOf.get('page.html')?.map(p => p.id)).toEqual(['old1', 'old2']);
    expect(result.uploaded).toEqual(['page.html']);
    expect(result.replaced).toEqual(['page.html']);
    expect(lines).toEqual(['Replaced page.html']);
  });

  it('says which uploads are still to be checked', async () => {
    const api = new FakeApi(() => ({ toConfirm: true }));
    const plan = { ...emptyPlan(), upload: [file('a.html', 512)], replace: [replace('x.html')] };
    const { result, lines } = await run(plan, api);
    expect(lines.sort()).toEqual([
      'Replaced x.html (to be checked)',
      'Uploaded a.html (512 B; to be checked)'
    ]);
    expect(result.uploaded).toEqual(['a.html', 'x.html']);
  });

  it('sorts every list of the result by filename, whatever order the calls end in', async () => {
    const names = ['b.html', 'a/z.css', 'a.html', 'A.html', 'é.html', 'a b.html'];
    const api = new FakeApi();
    const plan = {
      ...emptyPlan(),
      upload: names.map(n => file(n)),
      replace: names.map(n => replace(`r-${n}`)),
      prune: names.map(n => remote(`p-${n}`, `p-${n}`))
    };
    const { result } = await run(plan, api, 8);
    expect(result.uploaded).toEqual([...names, ...names.map(n => `r-${n}`)].sort());
    expect(result.replaced).toEqual(names.map(n => `r-${n}`).sort());
    expect(result.pruned).toEqual(names.map(n => `p-${n}`).sort());
  });

  it('collects every failure instead of stopping at the first', async () => {
    const api = new FakeApi(f =>
      f.filename.startsWith('bad')
        ? new SiteleafNetworkError(`Uploading ${f.filename}`, 'ECONNRESET', 4)
        : undefined
    );
    const plan = {
      ...emptyPlan(),
      upload: ['bad1.css', 'good1.css', 'bad2.css', 'good2.css'].map(n => file(n))
    };
    const { result } = await run(plan, api, 1);
    expect(puts(api)).toHaveLength(4);
    expect(result.uploaded).toEqual(['good1.css', 'good2.css']);
    expect(result.failed.map(f => [f.filename, f.missingNow])).toEqual([
      ['bad1.css', false],
      ['bad2.css', false]
    ]);
    expect(result.failed[0]?.message).toMatch(/^Could not upload bad1\.css: .*ECONNRESET/);
    expect(result.stoppedBy).toBeUndefined();
  });

  it("takes a PutFileError's own words, and says which files are missing or restored", async () => {
    const api = new FakeApi(f =>
      f.filename === 'kept.html'
        ? putError('kept.html', 'kept')
        : f.filename === 'restored.html'
          ? putError('restored.html', 'restored')
          : f.filename === 'missing.html'
            ? putError('missing.html', 'missing')
            : undefined
    );
    const plan = {
      ...emptyPlan(),
      replace: ['kept.html', 'missing.html', 'ok.html', 'restored.html'].map(n => replace(n))
    };
    const { result, lines } = await run(plan, api);
    expect(result.failed).toEqual([
      { filename: 'kept.html', message: 'kept.html: it went wrong (kept)', missingNow: false },
      {
        filename: 'missing.html',
        message: 'missing.html: it went wrong (missing)',
        missingNow: true
      },
      {
        filename: 'restored.html',
        message: 'restored.html: it went wrong (restored)',
        missingNow: false
      }
    ]);
    expect(result.restored).toEqual(['restored.html']);
    expect(result.replaced).toEqual(['ok.html']);
    expect(lines).toEqual(['Replaced ok.html']);
  });

  it('counts an unexpected throw as a failed file, and then prunes nothing', async () => {
    const api = new FakeApi(() => {
      throw new TypeError('something nobody expected');
    });
    const plan = { ...emptyPlan(), upload: [file('a.html')], prune: [remote('x', 'gone.html')] };
    const { result } = await run(plan, api);
    expect(result.failed).toEqual([
      {
        filename: 'a.html',
        message: 'Could not upload a.html: something nobody expected',
        missingNow: false
      }
    ]);
    expect(deletes(api)).toEqual([]);
  });
});

describe('applyThemeSync: lastUploadDate', () => {
  it('is the latest Date header among the uploads, whatever order they finish in', async () => {
    const dates: Record<string, string> = {
      'a.css': 'Tue, 03 Nov 2026 10:00:05 GMT',
      'b.css': 'Tue, 03 Nov 2026 10:00:09 GMT',
      'c.css': 'Tue, 03 Nov 2026 10:00:07 GMT'
    };
    const api = new FakeApi(f => ({ date: dates[f.filename] }));
    const plan = { ...emptyPlan(), upload: Object.keys(dates).map(n => file(n)) };
    const { result } = await run(plan, api);
    expect(result.lastUploadDate).toBe('Tue, 03 Nov 2026 10:00:09 GMT');
  });

  it('is absent when nothing was uploaded or no answer had a date', async () => {
    expect((await run(emptyPlan(), new FakeApi())).result.lastUploadDate).toBeUndefined();
    const plan = { ...emptyPlan(), upload: [file('a.css')] };
    expect(
      (await run(plan, new FakeApi(() => ({ date: 'garbage' })))).result.lastUploadDate
    ).toBeUndefined();
  });
});

describe('applyThemeSync: the files the API wants first', () => {
  it('uploads them first and alone, then the rest side by side', async () => {
    const api = new FakeApi();
    api.uploadsFirst = ['_config.yml'];
    const plan = {
      ...emptyPlan(),
      upload: ['a.html', 'b.html', '_config.yml', 'c.html'].map(n => file(n)),
      replace: [replace('d.html'), replace('e.html')]
    };
    const { result } = await run(plan, api, 8);
    expect(api.events.slice(0, 2)).toEqual(['start _config.yml', 'end _config.yml']);
    expect(api.events).toHaveLength(12);
    expect(api.maxInFlight).toBeGreaterThan(1); // the rest did go side by side
    expect(result.uploaded).toHaveLength(6);
  });

  it('a file that goes first may be a replacement too', async () => {
    const api = new FakeApi();
    api.uploadsFirst = ['_config.yml'];
    const plan = {
      ...emptyPlan(),
      upload: ['a.html', 'b.html'].map(n => file(n)),
      replace: [replace('_config.yml')]
    };
    const { result } = await run(plan, api, 4);
    expect(api.events.slice(0, 2)).toEqual(['start _config.yml', 'end _config.yml']);
    expect(result.replaced).toEqual(['_config.yml']);
  });

  it('a fatal answer to the first upload stops the rest before they start', async () => {
    const fatal = apiError(401, 'Unauthorized!');
    const api = new FakeApi(f => (f.filename === '_config.yml' ? fatal : undefined));
    api.uploadsFirst = ['_config.yml'];
    const plan = { ...emptyPlan(), upload: ['a.html', '_config.yml'].map(n => file(n)) };
    const { result } = await run(plan, api);
    expect(api.calls).toEqual(['put _config.yml']);
    expect(result.stoppedBy).toBe(fatal);
  });
  it('a first upload that fails keeps the rest back: Siteleaf would classify them by the old one', async () => {
    const api = new FakeApi(f =>
      f.filename === '_config.yml' ? apiError(422, 'Invalid YAML') : undefined
    );
    api.uploadsFirst = ['_config.yml'];
    const plan = { ...emptyPlan(), upload: ['a.html', '_config.yml'].map(n => file(n)) };
    const { result, lines } = await run(plan, api);
    expect(api.calls.filter(call => call.startsWith('put'))).toEqual(['put _config.yml']);
    expect(result.failed.map(f => f.filename)).toEqual(['_config.yml']);
    expect(result.stoppedBy).toBeUndefined();
    expect(
      lines.some(line => /Not uploading the other 1 file\(s\): _config\.yml failed/.test(line))
    ).toBe(true);
  });
});

describe('applyThemeSync: limits and stops', () => {
  it('never has more requests in flight than the concurrency', async () => {
    for (const concurrency of [1, 3, 8]) {
      const api = new FakeApi();
      const plan = {
        ...emptyPlan(),
        upload: Array.from({ length: 12 }, (_, i) => file(`new${i}.css`)),
        replace: Array.from({ length: 6 }, (_, i) => replace(`r${i}.html`)),
        duplicates: Array.from({ length: 5 }, (_, i) => remote(`d${i}`, `d${i}.html`)),
        prune: Array.from({ length: 10 }, (_, i) => remote(`p${i}`, `p${i}.html`))
      };
      const { result } = await run(plan, api, concurrency);
      expect(result.uploaded).toHaveLength(18);
      expect(result.duplicatesRemoved).toHaveLength(5);
      expect(result.pruned).toHaveLength(10);
      expect(api.maxInFlight).toBe(concurrency);
    }
  });

  it.each([401, 403, 404])(
    'a %i on upload stops everything and is what stopped it',
    async status => {
      const fatal = apiError(status, 'Unauthorized!');
      const api = new FakeApi(f => (f.filename === 'f02.css' ? fatal : undefined));
      const plan = {
        ...emptyPlan(),
        upload: Array.from({ length: 30 }, (_, i) => file(`f${String(i).padStart(2, '0')}.css`)),
        duplicates: [remote('dup', 'f00.css')],
        prune: [remote('p', 'old.html')]
      };
      const { result } = await run(plan, api, 2);
      expect(result.stoppedBy).toBe(fatal);
      expect(puts(api).length).toBeLessThanOrEqual(5);
      expect(api.calls).not.toContain('settle');
      expect(deletes(api)).toEqual([]);
      expect(result.pruned).toEqual([]);
      // The fatal answer is the run's error, not one more failed file; nor is its fallout.
      expect(result.failed).toEqual([]);
      expect(api.inFlight).toBe(0); // nothing left running behind the caller's back
    }
  );

  it('a fatal cause behind a PutFileError that kept the file stops the sync too', async () => {
    const fatal = apiError(403, 'Forbidden');
    const api = new FakeApi(f =>
      f.filename === 'a.html' ? putError('a.html', 'kept', fatal) : undefined
    );
    const plan = { ...emptyPlan(), replace: ['a.html', 'b.html', 'c.html'].map(n => replace(n)) };
    const { result } = await run(plan, api, 1);
    expect(result.stoppedBy).toBe(fatal);
    expect(api.calls).toEqual(['put a.html']);
    expect(result.failed).toEqual([]);
  });

  it('a missing file is recorded and logged even when a fatal answer stops the run', async () => {
    const fatal = apiError(401, 'Unauthorized!');
    const api = new FakeApi(f =>
      f.filename === 'a.html'
        ? new PutFileError(
            'a.html',
            'a.html may now be MISSING from the site: Unauthorized!',
            'missing',
            {
              cause: apiError(401, 'Unauthorized!')
            }
          )
        : fatal
    );
    const plan = { ...emptyPlan(), replace: [replace('a.html'), replace('b.html')] };
    const { result, lines } = await run(plan, api, 1);
    expect(result.stoppedBy).toBeInstanceOf(SiteleafApiError);
    expect((result.stoppedBy as SiteleafApiError).status).toBe(401);
    expect(result.failed).toEqual([
      {
        filename: 'a.html',
        message: 'a.html may now be MISSING from the site: Unauthorized!',
        missingNow: true
      }
    ]);
    expect(lines).toEqual(['a.html may now be MISSING from the site: Unauthorized!']);
  });

  it('a fatal cause behind a restored or missing file stops the sync too', async () => {
    const fatal = apiError(401, 'Unauthorized!');
    const api = new FakeApi(f =>
      f.filename === 'a.html' ? putError('a.html', 'restored', fatal) : undefined
    );
    const plan = { ...emptyPlan(), replace: ['a.html', 'b.html', 'c.html'].map(n => replace(n)) };
    const { result } = await run(plan, api, 1);
    expect(result.failed.map(f => f.filename)).toEqual(['a.html']);
    expect(result.restored).toEqual(['a.html']);
    expect(api.calls).toEqual(['put a.html']);
    expect(result.stoppedBy).toBe(fatal);
  });

  it('a 401 on a delete stops the rest: no prune after a duplicate refused', async () => {
    const fatal = apiError(401, 'Unauthorized!');
    const api = new FakeApi(undefined, () => fatal);
    const plan = {
      ...emptyPlan(),
      upload: [file('a.html')],
      duplicates: [remote('dup', 'page.html')],
      prune: [remote('p', 'old.html')]
    };
    const { result } = await run(plan, api);
    expect(api.calls).toEqual(['put a.html', 'settle', 'delete dup']);
    expect(result.stoppedBy).toBe(fatal);
    expect(result.failed).toEqual([]);
  });

  it('a 403 while pruning stops the other prunes', async () => {
    const fatal = apiError(403, 'Forbidden');
    const api = new FakeApi(undefined, f => (f.id === 'p1' ? fatal : undefined));
    const plan = {
      ...emptyPlan(),
      prune: Array.from({ length: 6 }, (_, i) => remote(`p${i}`, `p${i}.html`))
    };
    const { result } = await run(plan, api, 1);
    expect(deletes(api)).toEqual(['delete p0', 'delete p1']);
    expect(result.pruned).toEqual(['p0.html']);
    expect(result.stoppedBy).toBe(fatal);
  });

  it('stops starting work when the caller aborts, and says the cancel stopped it', async () => {
    const controller = new AbortController();
    const reason = new Error('workflow cancelled');
    const api = new FakeApi(f => {
      if (f.filename === 'f3.css') controller.abort(reason);
      return undefined;
    });
    const plan = {
      ...emptyPlan(),
      upload: Array.from({ length: 20 }, (_, i) => file(`f${i}.css`)),
      prune: [remote('p', 'old.html')]
    };
    const { result } = await run(plan, api, 2, controller.signal);
    expect(result.stoppedBy).toBe(reason);
    expect(puts(api).length).toBeLessThan(20);
    expect(api.calls).not.toContain('settle');
    expect(deletes(api)).toEqual([]);
    // What the cancel cut short is not a failed file.
    expect(result.failed).toEqual([]);
    expect(api.inFlight).toBe(0);
  });

  it('a file restored because of the cancel is still recorded', async () => {
    const controller = new AbortController();
    const api = new FakeApi(f => {
      if (f.filename !== 'a.html') return undefined;
      controller.abort(new Error('workflow cancelled'));
      return putError('a.html', 'restored', new CancelledError('Uploading a.html'));
    });
    const plan = { ...emptyPlan(), replace: [replace('a.html'), replace('b.html')] };
    const { result } = await run(plan, api, 1, controller.signal);
    expect(result.stoppedBy).toBeDefined();
    expect(result.restored).toEqual(['a.html']);
    expect(result.failed.map(f => f.filename)).toEqual(['a.html']);
    expect(api.calls).toEqual(['put a.html']);
  });

  it('non-fatal answers (5xx, 409, 422) do not stop the run', async () => {
    const api = new FakeApi(f =>
      f.filename === 'a.html'
        ? apiError(500, 'boom')
        : f.filename === 'b.html'
          ? apiError(422, 'no')
          : undefined
    );
    const plan = { ...emptyPlan(), upload: ['a.html', 'b.html', 'c.html'].map(n => file(n)) };
    const { result } = await run(plan, api, 1);
    expect(result.stoppedBy).toBeUndefined();
    expect(result.uploaded).toEqual(['c.html']);
    expect(result.failed.map(f => f.filename)).toEqual(['a.html', 'b.html']);
  });
});

describe('applyThemeSync: settling lost answers', () => {
  it('settles after every upload and before any delete', async () => {
    const api = new FakeApi();
    const plan = {
      ...emptyPlan(),
      upload: [file('a.css'), file('b.css')],
      duplicates: [remote('dup', 'page.html')],
      prune: [remote('p', 'old.html')]
    };
    await run(plan, api, 2);
    expect(api.calls.slice(2)).toEqual(['settle', 'delete dup', 'delete p']);
  });

  it('an upload that did not land after all is forgotten and failed', async () => {
    const api = new FakeApi(f => (f.filename === 'keep.html' ? undefined : { toConfirm: true }));
    api.settleAnswer = {
      failed: [
        new PutFileError('lost.html', 'Could not upload lost.html: lost', 'missing'),
        new PutFileError('new.html', 'Could not upload new.html: lost', 'kept')
      ],
      extraCopiesRemoved: ['keep.html']
    };
    const plan = {
      ...emptyPlan(),
      upload: [file('new.html')],
      replace: [replace('lost.html'), replace('keep.html')],
      prune: [remote('p', 'old.html')]
    };
    const { result, lines } = await run(plan, api);
    expect(result.uploaded).toEqual(['keep.html']);
    expect(result.replaced).toEqual(['keep.html']);
    expect(result.failed).toEqual([
      { filename: 'lost.html', message: 'Could not upload lost.html: lost', missingNow: true },
      { filename: 'new.html', message: 'Could not upload new.html: lost', missingNow: false }
    ]);
    expect(result.duplicatesRemoved).toEqual(['keep.html']);
    // A failed settle is a failed file: nothing is pruned.
    expect(deletes(api)).toEqual([]);
    expect(lines).toContain('Not pruning 1 remote file(s): 2 theme file(s) failed.');
  });

  it('a settle that throws is what stopped the run', async () => {
    const boom = apiError(500, 'listing broke');
    const api = new FakeApi(() => ({ toConfirm: true }));
    api.settleAnswer = boom;
    const plan = { ...emptyPlan(), upload: [file('a.html')] };
    const { result } = await run(plan, api);
    expect(result.stoppedBy).toBe(boom);
  });

  it.each([
    ['a fatal settle (401) stops the run before any delete', apiError(401, 'Unauthorized!')],
    ['a settle that throws (500) prunes nothing', apiError(500, 'listing broke')]
  ])('%s', async (_, failure) => {
    const api = new FakeApi(() => ({ toConfirm: true }));
    api.settleAnswer = failure;
    const plan = {
      ...emptyPlan(),
      upload: [file('a.html')],
      duplicates: [remote('dup', 'page.html')],
      prune: [remote('p', 'old.html')]
    };
    const { result } = await run(plan, api);
    expect(result.stoppedBy).toBe(failure);
    expect(deletes(api)).toEqual([]);
    expect(result.pruned).toEqual([]);
  });
});

describe('applyThemeSync: duplicates and prune', () => {
  it('deletes duplicates only after every upload, and prunes after that', async () => {
    const api = new FakeApi();
    const plan = {
      ...emptyPlan(),
      upload: [file('new1.css'), file('new2.css'), file('new3.css')],
      duplicates: [remote('dup', 'page.html')],
      prune: [remote('p1', 'old.html'), remote('p2', 'older.html')]
    };
    const { result, lines } = await run(plan, api, 2);
    const lastPut = Math.max(...api.calls.map((c, i) => (c.startsWith('put') ? i : -1)));
    expect(api.calls.indexOf('delete dup')).toBeGreaterThan(lastPut);
    expect(api.calls.indexOf('delete p1')).toBeGreaterThan(api.calls.indexOf('delete dup'));
    expect(result.duplicatesRemoved).toEqual(['page.html']);
    expect(result.pruned).toEqual(['old.html', 'older.html']);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Pruned old.html',
        'Pruned older.html',
        'Removed a duplicate copy of page.html'
      ])
    );
  });

  it('prunes nothing when any upload failed', async () => {
    const api = new FakeApi(f => (f.filename === 'bad.css' ? apiError(500, 'boom') : undefined));
    const plan = {
      ...emptyPlan(),
      upload: [file('good.css'), file('bad.css')],
      prune: [remote('p1', 'old.html')]
    };
    const { result, lines } = await run(plan, api);
    expect(deletes(api)).toEqual([]);
    expect(result.pruned).toEqual([]);
    expect(lines).toContain('Not pruning 1 remote file(s): 1 theme file(s) failed.');
  });

  it('prunes nothing when removing a duplicate failed', async () => {
    const api = new FakeApi(undefined, f => (f.id === 'dup' ? apiError(500, 'boom') : undefined));
    const plan = {
      ...emptyPlan(),
      duplicates: [remote('dup', 'page.html')],
      prune: [remote('p1', 'old.html')]
    };
    const { result } = await run(plan, api);
    expect(deletes(api)).toEqual(['delete dup']);
    expect(result.failed.map(f => f.filename)).toEqual(['page.html']);
    expect(result.duplicatesRemoved).toEqual([]);
  });

  it('a 404 on a delete means already gone: done', async () => {
    const api = new FakeApi(undefined, () => apiError(404, 'Not found'));
    const plan = {
      ...emptyPlan(),
      duplicates: [remote('dup', 'page.html')],
      prune: [remote('p1', 'old.html')]
    };
    const { result, lines } = await run(plan, api);
    expect(result.failed).toEqual([]);
    expect(result.stoppedBy).toBeUndefined();
    expect(result.duplicatesRemoved).toEqual(['page.html']);
    expect(result.pruned).toEqual(['old.html']);
    expect(lines).toEqual(['Removed a duplicate copy of page.html', 'Pruned old.html']);
  });

  it('collects prune failures without stopping the other deletes', async () => {
    const api = new FakeApi(undefined, f =>
      f.id === 'p1' || f.filename === 'c.html' ? apiError(500, 'boom') : undefined
    );
    const plan = {
      ...emptyPlan(),
      prune: [remote('p1', 'a.html'), remote('p2', 'b.html'), remote(undefined, 'c.html')]
    };
    const { result } = await run(plan, api, 1);
    expect(result.pruned).toEqual(['b.html']);
    expect(result.failed.map(f => [f.filename, f.missingNow])).toEqual([
      ['a.html', false],
      ['c.html', false]
    ]);
    expect(result.failed[0]?.message).toMatch(/^Could not delete a\.html \(asset p1\): .*boom/);
    expect(result.failed[1]?.message).toMatch(/^Could not delete c\.html: .*boom/);
  });

  it('never prunes the name an upload was stored under', async () => {
    const api = new FakeApi(f =>
      f.filename === 'About.html' ? { filename: 'about.html' } : undefined
    );
    const plan = {
      ...emptyPlan(),
      upload: [file('About.html')],
      prune: [remote(undefined, 'about.html'), remote(undefined, 'old.html')]
    };
    const { result } = await run(plan, api);
    expect(result.renamed).toEqual([{ from: 'About.html', to: 'about.html' }]);
    expect(result.uploaded).toEqual(['About.html']);
    expect(deletes(api)).toEqual(['delete old.html']);
    expect(result.pruned).toEqual(['old.html']);
  });

  it('compares the stored name as the site compares names', async () => {
    const renaming = () =>
      new FakeApi(f => (f.filename === 'About.html' ? { filename: 'about.html' } : undefined));
    const plan = {
      ...emptyPlan(),
      upload: [file('About.html')],
      prune: [remote(undefined, 'ABOUT.html')]
    };
    const ignoringCase = renaming();
    ignoringCase.namesIgnoreCase = true;
    expect((await run(plan, ignoringCase)).result.pruned).toEqual([]);
    const exact = renaming();
    expect((await run(plan, exact)).result.pruned).toEqual(['ABOUT.html']);
  });
});

describe('formatByteSize (the size in "Uploaded" lines)', () => {
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
