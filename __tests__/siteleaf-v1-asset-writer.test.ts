// How a v1 theme file replaces its previous copy (AssetWriter), against fake endpoints that
// record every request in the order it was made: the three ways Siteleaf answers a second
// asset of one filename, the listing that decides whatever an answer left unsaid, the restore
// when a replace goes wrong or is cancelled, and the one listing after the uploads that settles
// every file put.
import { describe, expect, it } from '@jest/globals';
import { PutFileError, type LeftOnSite, type RemoteFile } from '../src/siteleaf/api.js';
import { CancelledError, SiteleafApiError, SiteleafNetworkError } from '../src/siteleaf/errors.js';
import {
  AssetWriter,
  refusesSecondCopy,
  toRemote,
  type AssetEndpoints
} from '../src/siteleaf/v1/asset-writer.js';
import type { ThemeAsset } from '../src/siteleaf/v1/types.js';
import type { ChecksummedFile } from '../src/theme/checksum.js';
import { recordingLog } from './helpers/fixtures.js';

const NEW = 'c'.repeat(32); // the local file's checksum
const OLD = 'd'.repeat(32); // what the site holds before the run
const OTHER = 'e'.repeat(32); // a version neither the run nor the site had (another run's)

type UploadAnswer = { id?: string; date?: string; uncertain?: boolean } | Error;
/** A request that never answers: it fails when its own deadline (its signal) passes. */
type Hang = 'hang';

interface Behaviour {
  upload?: (filename: string, attempt: number) => UploadAnswer | undefined;
  delete?: (id: string) => Error | undefined;
  restore?: (id: string) => Error | Hang | undefined;
  /** What the n-th listing (from 1) answers; undefined: `listing`. */
  list?: (n: number) => ThemeAsset[] | Error | Hang | undefined;
  /**
   * The run's cancel, which SiteleafHttp sees besides each request's own signal: once it has
   * fired, only a listing asked for `evenIfCancelled` and a restore still go out.
   */
  cancel?: AbortSignal;
}

/**
 * Siteleaf's v1 asset endpoints, as SiteleafHttp makes them: a request the run's cancel (or its
 * own signal) stopped before it went out fails with a CancelledError that has not landed, and is
 * not recorded.
 */
class FakeEndpoints implements AssetEndpoints {
  readonly calls: string[] = [];
  /** What the listing answers, unless `behaviour.list` says otherwise. */
  listing: ThemeAsset[] = [];
  private ids = 0;
  private lists = 0;
  private readonly attempts = new Map<string, number>();

  constructor(private readonly behaviour: Behaviour = {}) {}

  async upload(file: ChecksummedFile, signal?: AbortSignal) {
    this.goesOut(`Uploading ${file.filename}`, signal);
    const attempt = (this.attempts.get(file.filename) ?? 0) + 1;
    this.attempts.set(file.filename, attempt);
    this.calls.push(`upload ${file.filename}`);
    await tick();
    const answer = this.behaviour.upload?.(file.filename, attempt);
    if (answer instanceof Error) throw answer;
    return {
      asset: { id: answer?.id ?? `new${++this.ids}`, filename: file.filename, checksum: NEW },
      ...(answer?.date ? { date: answer.date } : {}),
      ...(answer?.uncertain ? { uncertain: true } : {})
    };
  }

  async delete(id: string, signal?: AbortSignal) {
    this.goesOut(`Deleting asset ${id}`, signal);
    this.calls.push(`delete ${id}`);
    await tick();
    const error = this.behaviour.delete?.(id);
    if (error) throw error;
  }

  async restore(id: string, signal: AbortSignal) {
    this.goesOut(`Restoring asset ${id}`, signal, true);
    this.calls.push(`restore ${id}`);
    await tick();
    const answer = this.behaviour.restore?.(id);
    if (answer === 'hang') await hang(`Restoring asset ${id}`, signal);
    if (answer instanceof Error) throw answer;
  }

  async list(signal?: AbortSignal, evenIfCancelled = false) {
    this.goesOut('Listing the theme assets', signal, evenIfCancelled);
    this.calls.push('list');
    await tick();
    const answer = this.behaviour.list?.(++this.lists);
    if (answer === 'hang') return hang('Listing the theme assets', signal);
    if (answer instanceof Error) throw answer;
    return answer ?? this.listing;
  }

  private goesOut(step: string, signal: AbortSignal | undefined, evenIfCancelled = false) {
    if (signal?.aborted || (!evenIfCancelled && this.behaviour.cancel?.aborted)) {
      throw cancelled(step, false);
    }
  }
}

const tick = () => new Promise<void>(resolve => setImmediate(resolve));

function hang(step: string, signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return reject(new Error(`${step}: a request that may hang needs a deadline`));
    if (signal.aborted) return reject(cancelled(step, true));
    signal.addEventListener('abort', () => reject(cancelled(step, true)), { once: true });
  });
}

function file(filename: string, checksum = NEW): ChecksummedFile {
  return { filename, absolutePath: `/theme/${filename}`, size: 10, checksum };
}

function previous(id: string, filename: string): RemoteFile {
  return { filename, checksum: OLD, role: 'file', type: 'asset', id };
}

function asset(id: string, filename: string, checksum: string, created_at?: string): ThemeAsset {
  return { id, filename, checksum, ...(created_at ? { created_at } : {}) };
}

/**
 * An answer outside 2xx, flagged as SiteleafHttp flags it: a 5xx may come from a gateway after
 * the work was done, and any answer after an attempt whose answer was lost may follow one that
 * was carried out.
 */
function apiError(
  status: number,
  message: string,
  afterUncertainAttempt = false,
  step = 'Uploading a file'
): SiteleafApiError {
  const error = new SiteleafApiError(step, status, message);
  error.afterUncertainAttempt = afterUncertainAttempt;
  error.mayHaveLanded = afterUncertainAttempt || status >= 500;
  return error;
}
const taken = (afterUncertainAttempt = false) =>
  apiError(422, 'Filename has already been taken', afterUncertainAttempt);

/** No whole answer: `sent` for a reset or a cut answer, not for a connection never made. */
function networkError(step: string, reason: string, sent: boolean, brokeOff = false) {
  const error = new SiteleafNetworkError(step, reason, 5, brokeOff);
  error.mayHaveLanded = sent;
  return error;
}

/** The run cancelled with the request `sent` (on its way: it may be carried out) or not. */
function cancelled(step: string, sent: boolean): CancelledError {
  const error = new CancelledError(step);
  error.mayHaveLanded = sent;
  return error;
}

function writerFor(endpoints: FakeEndpoints, reuploadPauseMs = 1) {
  const log = recordingLog();
  return { writer: new AssetWriter(endpoints, log, reuploadPauseMs), log };
}

/** The PutFileError `promise` rejects with. */
async function putFileError(promise: Promise<unknown>): Promise<PutFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(PutFileError);
  return error as PutFileError;
}

describe('AssetWriter: a new file', () => {
  it('uploads it once, deletes nothing, and one listing after the uploads settles it', async () => {
    const endpoints = new FakeEndpoints({
      upload: () => ({ id: 'a1', date: 'Tue, 03 Nov 2026 10:00:05 GMT' })
    });
    const { writer } = writerFor(endpoints);
    const result = await writer.put(file('a.html'), []);
    expect(result).toMatchObject({ filename: 'a.html', date: 'Tue, 03 Nov 2026 10:00:05 GMT' });
    expect(result.toConfirm).toBeUndefined();
    expect(endpoints.calls).toEqual(['upload a.html']);

    // Every file put is checked for extra copies (a lost attempt's, another run's): none here.
    endpoints.listing = [asset('a1', 'a.html', NEW)];
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls).toEqual(['upload a.html', 'list']);
  });

  it('with nothing put, a settle asks nothing', async () => {
    const endpoints = new FakeEndpoints({ upload: () => apiError(413, 'too large') });
    const { writer } = writerFor(endpoints);
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    await expect(writer.put(file('a.html'), [])).rejects.toThrow();
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls).toEqual(['upload a.html']); // no listing
  });

  it.each([
    ['a 413', apiError(413, 'too large')],
    ['an invalid file (422, not "taken")', apiError(422, "File can't be blank")],
    ['a connection never made', networkError('Uploading a.html', 'ECONNREFUSED', false)],
    ['a cancel, even with the upload on its way', cancelled('Uploading a.html', true)]
  ])('passes %s through as it is (the site had nothing to lose)', async (_, cause) => {
    const endpoints = new FakeEndpoints({ upload: () => cause });
    const { writer } = writerFor(endpoints);
    await expect(writer.put(file('a.html'), [])).rejects.toBe(cause);
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls).toEqual(['upload a.html']);
  });

  it.each([
    ['a 5xx', apiError(502, 'Bad gateway')],
    ['an answer cut off half-way', networkError('Uploading a.html', 'terminated', true, true)],
    ['a dropped connection', networkError('Uploading a.html', 'ECONNRESET', true)],
    ['a 4xx after an attempt whose answer was lost', apiError(413, 'too large', true)]
  ])(
    'an upload that failed with %s may have landed: one listing after the uploads confirms it',
    async (_, cause) => {
      const endpoints = new FakeEndpoints({ upload: () => cause });
      const { writer } = writerFor(endpoints);
      expect(await writer.put(file('a.html'), [])).toEqual({ filename: 'a.html', toConfirm: true });

      endpoints.listing = [asset('landed', 'a.html', NEW)];
      expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
      expect(endpoints.calls).toEqual(['upload a.html', 'list']);
    }
  );

  it('an upload that may have landed but is not listed fails at settle; the site had nothing to lose', async () => {
    const cause = apiError(502, 'Bad gateway');
    const endpoints = new FakeEndpoints({ upload: () => cause });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    endpoints.listing = [];
    const { failed } = await writer.settle();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ filename: 'a.html', left: 'kept', cause });
    expect(failed[0]?.message).toMatch(/^Could not upload a\.html: .*Bad gateway/);
    expect(failed[0]?.message).toMatch(/; the site does not hold the new version$/);
  });

  it('"taken" for a file the plan thought new is confirmed by one listing after the uploads', async () => {
    const endpoints = new FakeEndpoints({ upload: () => taken() });
    const { writer } = writerFor(endpoints);
    expect(await writer.put(file('a.html'), [])).toEqual({ filename: 'a.html', toConfirm: true });
    expect(await writer.put(file('b.html'), [])).toEqual({ filename: 'b.html', toConfirm: true });
    expect(endpoints.calls).toEqual(['upload a.html', 'upload b.html']);

    endpoints.listing = [asset('x', 'a.html', NEW), asset('y', 'b.html', NEW.toUpperCase())];
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls).toEqual(['upload a.html', 'upload b.html', 'list']);
  });

  it('"taken" for a new file fails at settle when the site holds no current copy', async () => {
    const endpoints = new FakeEndpoints({ upload: () => taken() });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    endpoints.listing = [asset('x', 'a.html', OLD)];
    const { failed } = await writer.settle();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(PutFileError);
    // Nothing was there before the run, nothing was deleted: the site keeps what it had.
    expect(failed[0]).toMatchObject({ filename: 'a.html', left: 'kept' });
    expect(failed[0]?.message).toBe(
      'Could not upload a.html: Siteleaf refused it as a second copy (Filename has already ' +
        'been taken), and no copy with its new content is on the site'
    );
    expect(endpoints.calls).toEqual(['upload a.html', 'list']);
  });

  it('settles once: a second settle asks nothing', async () => {
    const endpoints = new FakeEndpoints({ upload: () => taken() });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    endpoints.listing = [asset('x', 'a.html', NEW)];
    await writer.settle();
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls.filter(c => c === 'list')).toHaveLength(1);
  });
});

describe('AssetWriter (a): Siteleaf answers with a new id, keeping both', () => {
  it('uploads first, then deletes every previous copy', async () => {
    const endpoints = new FakeEndpoints({
      upload: () => ({ id: 'fresh', date: 'Tue, 03 Nov 2026 10:00:05 GMT' })
    });
    const { writer } = writerFor(endpoints);
    const result = await writer.put(file('page.html'), [
      previous('old1', 'page.html'),
      previous('old2', 'page.html')
    ]);
    expect(endpoints.calls).toEqual(['upload page.html', 'delete old1', 'delete old2']);
    expect(result).toMatchObject({ filename: 'page.html', date: 'Tue, 03 Nov 2026 10:00:05 GMT' });
    expect(result.toConfirm).toBeUndefined();

    endpoints.listing = [asset('fresh', 'page.html', NEW)];
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls.slice(3)).toEqual(['list']);
  });

  it('a previous copy already gone (404) is what the delete wanted', async () => {
    const endpoints = new FakeEndpoints({ delete: () => apiError(404, 'Not found') });
    const { writer } = writerFor(endpoints);
    await expect(writer.put(file('a.html'), [previous('gone', 'a.html')])).resolves.toMatchObject({
      filename: 'a.html'
    });
    expect(endpoints.calls).toEqual(['upload a.html', 'delete gone']);
  });

  it('a delete that fails after the upload is a failure that keeps the old copy, with no restore', async () => {
    const cause = apiError(500, 'disk on fire', false, 'Deleting asset stuck');
    const endpoints = new FakeEndpoints({ delete: () => cause });
    const { writer } = writerFor(endpoints);
    const error = await putFileError(writer.put(file('b.html'), [previous('stuck', 'b.html')]));
    expect(error).toMatchObject({ filename: 'b.html', left: 'kept', cause });
    expect(error.message).toMatch(/^Uploaded b\.html, but deleting its previous copy failed/);
    expect(error.message).toContain('disk on fire');
    expect(endpoints.calls).toEqual(['upload b.html', 'delete stuck']);
  });

  it.each([
    ['a 413', apiError(413, 'too large')],
    ['a 429', apiError(429, 'slow down')],
    ['an invalid file (422, not "taken")', apiError(422, "File can't be blank")],
    ['a connection never made', networkError('Uploading a.html', 'ECONNREFUSED', false)],
    ['an answer without an asset id', new Error('Uploading a.html: Siteleaf answered without…')],
    ['a cancel, even with the upload on its way', cancelled('Uploading a.html', true)]
  ])(
    'an upload refused with %s deletes nothing and keeps the previous version',
    async (_, cause) => {
      const endpoints = new FakeEndpoints({ upload: () => cause });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old1', 'a.html')]));
      expect(error).toMatchObject({ filename: 'a.html', left: 'kept', cause });
      expect(error.message).toMatch(
        /^Could not upload a\.html \(the site keeps its previous version\)/
      );
      expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
      expect(endpoints.calls).toEqual(['upload a.html']);
    }
  );

  it.each([
    ['a 5xx', apiError(500, 'boom')],
    ['an answer cut off half-way', networkError('Uploading a.html', 'terminated', true, true)],
    ['a dropped connection', networkError('Uploading a.html', 'ECONNRESET', true)]
  ])(
    'an upload that failed with %s may have landed: nothing is deleted until the listing shows it',
    async (_, cause) => {
      const endpoints = new FakeEndpoints({ upload: () => cause });
      const { writer, log } = writerFor(endpoints);
      const result = await writer.put(file('a.html'), [previous('old', 'a.html')]);
      expect(result).toEqual({ filename: 'a.html', toConfirm: true });
      expect(endpoints.calls).toEqual(['upload a.html']);

      // It landed: the copy this run replaces goes now.
      endpoints.listing = [asset('old', 'a.html', OLD), asset('landed', 'a.html', NEW)];
      expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: ['a.html'] });
      expect(endpoints.calls).toEqual(['upload a.html', 'list', 'delete old']);
      expect(log.messages('info')).toEqual(['Removed 1 extra copy of a.html']);
    }
  );

  it.each<[string, ThemeAsset[], LeftOnSite]>([
    ['its old copy still listed: kept', [asset('old', 'a.html', OLD)], 'kept'],
    ['no copy of it listed at all: missing', [], 'missing']
  ])(
    'an upload that may have landed and is not listed fails at settle, %s',
    async (_, listing, left) => {
      const cause = apiError(503, 'Unavailable');
      const endpoints = new FakeEndpoints({ upload: () => cause });
      const { writer } = writerFor(endpoints);
      await writer.put(file('a.html'), [previous('old', 'a.html')]);
      endpoints.listing = listing;
      const { failed, extraCopiesRemoved } = await writer.settle();
      expect(failed.map(f => [f.filename, f.left])).toEqual([['a.html', left]]);
      expect(failed[0]).toMatchObject({ cause });
      expect(failed[0]?.message).toMatch(
        /^Could not upload a\.html: .*Unavailable.*; the site does not hold the new version$/
      );
      expect(extraCopiesRemoved).toEqual([]);
      expect(endpoints.calls).toEqual(['upload a.html', 'list']); // the old copy is not touched
    }
  );

  it('a refusal that is not about a second copy does not make later replaces delete first', async () => {
    const endpoints = new FakeEndpoints({
      upload: (name, attempt) =>
        name === 'a.html' && attempt === 1 ? apiError(422, "File can't be blank") : undefined
    });
    const { writer } = writerFor(endpoints);
    await expect(writer.put(file('a.html'), [previous('old-a', 'a.html')])).rejects.toThrow();
    await writer.put(file('b.html'), [previous('old-b', 'b.html')]);
    expect(endpoints.calls).toEqual(['upload a.html', 'upload b.html', 'delete old-b']);
  });
});

describe('AssetWriter (b): Siteleaf overwrites the old id in place', () => {
  it('deletes nothing when the answer is the only previous id, at once or at settle', async () => {
    const endpoints = new FakeEndpoints({ upload: () => ({ id: 'only' }) });
    const { writer } = writerFor(endpoints);
    await writer.put(file('x.html'), [previous('only', 'x.html')]);
    expect(endpoints.calls).toEqual(['upload x.html']);

    endpoints.listing = [asset('only', 'x.html', NEW)];
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls).toEqual(['upload x.html', 'list']);
  });

  it('deletes only the other previous copies', async () => {
    const endpoints = new FakeEndpoints({ upload: () => ({ id: 'old2' }) });
    const { writer } = writerFor(endpoints);
    await writer.put(file('page.html'), [
      previous('old1', 'page.html'),
      previous('old2', 'page.html')
    ]);
    expect(endpoints.calls).toEqual(['upload page.html', 'delete old1']);
  });
});

describe('AssetWriter (c): Siteleaf refuses a second copy', () => {
  it('deletes the old copy, then uploads again', async () => {
    const endpoints = new FakeEndpoints({
      upload: (_, attempt) => (attempt === 1 ? taken() : undefined)
    });
    const { writer, log } = writerFor(endpoints);
    const result = await writer.put(file('page.html'), [previous('old', 'page.html')]);
    expect(result).toMatchObject({ filename: 'page.html' });
    expect(endpoints.calls).toEqual(['upload page.html', 'delete old', 'upload page.html']);
    expect(log.entries).toEqual([]);
  });

  it.each([
    ['409 without a message', apiError(409, '')],
    ['422 "already exists"', apiError(422, 'Asset already exists')],
    ['400 "duplicate"', apiError(400, 'Duplicate filename')]
  ])('%s counts as a refused second copy', async (_, refusal) => {
    const endpoints = new FakeEndpoints({
      upload: (_name, attempt) => (attempt === 1 ? refusal : undefined)
    });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), [previous('old', 'a.html')]);
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'upload a.html']);
  });

  it('deletes every previous copy before the re-upload', async () => {
    const endpoints = new FakeEndpoints({
      upload: (_, attempt) => (attempt === 1 ? taken() : undefined)
    });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), [previous('old1', 'a.html'), previous('old2', 'a.html')]);
    expect(endpoints.calls).toEqual([
      'upload a.html',
      'delete old1',
      'delete old2',
      'upload a.html'
    ]);
  });

  it('once refused, every later replace skips the doomed upload; new files upload as usual', async () => {
    const deleted = new Set<string>();
    const endpoints = new FakeEndpoints({
      upload: name => (deleted.has(`old-${name}`) || name === 'new.css' ? undefined : taken()),
      delete: id => {
        deleted.add(id);
        return undefined;
      }
    });
    const { writer } = writerFor(endpoints);
    for (const name of ['a.html', 'b.html', 'c.html']) {
      await writer.put(file(name), [previous(`old-${name}`, name)]);
    }
    await writer.put(file('new.css'), []);
    expect(endpoints.calls).toEqual([
      'upload a.html',
      'delete old-a.html',
      'upload a.html',
      'delete old-b.html',
      'upload b.html',
      'delete old-c.html',
      'upload c.html',
      'upload new.css'
    ]);
  });

  describe('"taken" again on the re-upload: one listing says why before anything is called failed', () => {
    it('the deleted copy is still listed (the delete does not show yet): uploads again', async () => {
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt <= 2 ? taken() : undefined)
      });
      endpoints.listing = [asset('old1', 'a.html', OLD)];
      const { writer } = writerFor(endpoints);
      await writer.put(file('a.html'), [previous('old1', 'a.html')]);
      expect(endpoints.calls).toEqual([
        'upload a.html',
        'delete old1',
        'upload a.html',
        'list',
        'upload a.html'
      ]);
    });

    it('the deleted copy listed after three re-uploads: gives up and restores it', async () => {
      const endpoints = new FakeEndpoints({ upload: () => taken() });
      endpoints.listing = [asset('old', 'a.html', OLD)];
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
      expect(endpoints.calls).toEqual([
        'upload a.html',
        'delete old',
        'upload a.html',
        'list',
        'upload a.html',
        'list',
        'upload a.html',
        'list',
        'restore old'
      ]);
      expect(error).toMatchObject({ filename: 'a.html', left: 'restored' });
      expect(error.message).toContain('Filename has already been taken');
    });

    it("a copy with the new checksum is listed (another run's): success at once", async () => {
      const endpoints = new FakeEndpoints({ upload: () => taken() });
      endpoints.listing = [asset('theirs', 'a.html', NEW)];
      const { writer, log } = writerFor(endpoints);
      const result = await writer.put(file('a.html'), [previous('old', 'a.html')]);
      expect(result).toEqual({ filename: 'a.html' });
      expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'upload a.html', 'list']);
      expect(log.messages('debug')).toEqual([
        'a.html: the site holds the new version (asset theirs).'
      ]);

      // Settled like any put: their copy stays.
      expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
      expect(endpoints.calls.slice(4)).toEqual(['list']);
    });

    it('after an attempt whose answer was lost, the copy listed is our own: no retry', async () => {
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt === 1 ? taken() : taken(true))
      });
      endpoints.listing = [asset('mine', 'a.html', NEW)];
      const { writer } = writerFor(endpoints);
      await writer.put(file('a.html'), [previous('old', 'a.html')]);
      expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'upload a.html', 'list']);
    });

    // Uploading again would only be refused again. (With no copy of the name listed at all the
    // writer gives up as well: it retries only while the listing shows the copy it deleted.)
    it.each([
      ["another version holds the name (another run's)", [asset('theirs', 'a.html', OTHER)]],
      ['no copy of the name is listed', []]
    ])('%s: no retry, the old copy is restored', async (_, listing) => {
      const endpoints = new FakeEndpoints({ upload: () => taken() });
      endpoints.listing = listing;
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
      expect(endpoints.calls).toEqual([
        'upload a.html',
        'delete old',
        'upload a.html',
        'list',
        'restore old'
      ]);
      expect(error.left).toBe('restored');
    });
  });

  describe('a re-upload that fails for good', () => {
    it('refused outright (it cannot have landed): restores the old copy, no listing', async () => {
      const down = apiError(413, 'down');
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt === 1 ? taken() : down)
      });
      const { writer, log } = writerFor(endpoints);
      const error = await putFileError(
        writer.put(file('_layouts/default.html'), [previous('old', '_layouts/default.html')])
      );
      expect(endpoints.calls).toEqual([
        'upload _layouts/default.html',
        'delete old',
        'upload _layouts/default.html',
        'restore old'
      ]);
      expect(error).toMatchObject({
        filename: '_layouts/default.html',
        left: 'restored',
        cause: down
      });
      expect(error.message).toMatch(/^Could not replace _layouts\/default\.html: /);
      expect(error.message).toContain('Filename has already been taken');
      expect(error.message).toContain('down');
      expect(error.message).toMatch(/\. Its previous version was restored\.$/);
      expect(error.message).not.toContain('MISSING');
      expect(log.messages('info')).toEqual([
        'Restored the previous version of _layouts/default.html (asset old).'
      ]);
    });

    it('that may have landed (a 5xx) and is not listed: restores the old copy', async () => {
      const down = apiError(500, 'down');
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt === 1 ? taken() : down)
      });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
      expect(endpoints.calls).toEqual([
        'upload a.html',
        'delete old',
        'upload a.html',
        'list',
        'restore old'
      ]);
      expect(error).toMatchObject({ filename: 'a.html', left: 'restored', cause: down });
      expect(error.message).toContain('previous version was restored');
    });

    it.each([
      ['a 5xx', apiError(500, 'down')],
      ['answers cut off half-way', networkError('Uploading a.html', 'terminated', true, true)]
    ])('that failed with %s but is listed, landed: success, no restore', async (_, cause) => {
      const endpoints = new FakeEndpoints({
        upload: (_name, attempt) => (attempt === 1 ? taken() : cause)
      });
      endpoints.listing = [asset('landed', 'a.html', NEW)];
      const { writer } = writerFor(endpoints);
      expect(await writer.put(file('a.html'), [previous('old', 'a.html')])).toEqual({
        filename: 'a.html'
      });
      expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'upload a.html', 'list']);
    });

    it('when the restore fails too and nothing is listed, the file may be MISSING', async () => {
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt === 1 ? taken() : apiError(500, 'down')),
        restore: () => apiError(500, 'restore broke')
      });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(
        writer.put(file('_layouts/default.html'), [previous('old', '_layouts/default.html')])
      );
      // A listing before the restore (the re-upload may have landed), and one after it failed.
      expect(endpoints.calls).toEqual([
        'upload _layouts/default.html',
        'delete old',
        'upload _layouts/default.html',
        'list',
        'restore old',
        'list'
      ]);
      expect(error.left).toBe('missing');
      expect(error.message).toMatch(/^_layouts\/default\.html may now be MISSING from the site/);
      expect(error.message).toContain('down');
      expect(error.message).toMatch(/restoring the previous version failed too\.$/);
    });

    it('when the restore fails and no listing can be had, the file may be MISSING', async () => {
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt === 1 ? taken() : apiError(500, 'down')),
        restore: () => apiError(500, 'restore broke'),
        list: () => networkError('Listing the theme assets', 'ECONNRESET', true)
      });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
      expect(endpoints.calls.slice(-3)).toEqual(['list', 'restore old', 'list']);
      expect(error.left).toBe('missing');
    });

    it('when the restore fails but a copy with the new checksum is listed since: success', async () => {
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt === 1 ? taken() : apiError(500, 'down')),
        restore: () => apiError(500, 'restore broke'),
        list: n => (n === 1 ? [] : [asset('theirs', 'a.html', NEW)])
      });
      const { writer } = writerFor(endpoints);
      expect(await writer.put(file('a.html'), [previous('old', 'a.html')])).toEqual({
        filename: 'a.html'
      });
      expect(endpoints.calls.slice(-3)).toEqual(['list', 'restore old', 'list']);
    });

    it("when the restore fails but another version is listed (another run's): kept, not missing", async () => {
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt === 1 ? taken() : apiError(500, 'down')),
        restore: () => apiError(422, 'Filename has already been taken')
      });
      endpoints.listing = [asset('theirs', 'a.html', OTHER)];
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
      expect(endpoints.calls.slice(-3)).toEqual(['list', 'restore old', 'list']);
      expect(error.left).toBe('kept');
      expect(error.message).toMatch(
        /restoring the previous version failed, but the site holds another version of a\.html/
      );
      expect(error.message).not.toContain('MISSING');
    });

    it('with two previous copies, one restored is enough: restored', async () => {
      const endpoints = new FakeEndpoints({
        upload: (_, attempt) => (attempt === 1 ? taken() : apiError(500, 'down')),
        restore: id => (id === 'old1' ? apiError(500, 'restore broke') : undefined)
      });
      const { writer, log } = writerFor(endpoints);
      const error = await putFileError(
        writer.put(file('a.html'), [previous('old1', 'a.html'), previous('old2', 'a.html')])
      );
      expect(endpoints.calls.filter(c => c.startsWith('restore'))).toEqual([
        'restore old1',
        'restore old2'
      ]);
      expect(error.left).toBe('restored');
      expect(log.messages('info')).toEqual([
        'Restored the previous version of a.html (asset old2).'
      ]);
    });
  });

  describe('a delete that fails', () => {
    it.each([
      ['a definite 4xx', apiError(423, 'Locked', false, 'Deleting asset old')],
      ['a 429, after its retries', apiError(429, 'slow down', false, 'Deleting asset old')],
      ['a connection never made', networkError('Deleting asset old', 'ECONNREFUSED', false)]
    ])('with %s keeps the old copy: no re-upload, no restore', async (_, cause) => {
      const endpoints = new FakeEndpoints({ upload: () => taken(), delete: () => cause });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
      expect(endpoints.calls).toEqual(['upload a.html', 'delete old']);
      expect(error).toMatchObject({ filename: 'a.html', left: 'kept', cause });
      expect(error.message).toMatch(/keeps the old version/);
    });

    it('refused after the first of two copies went: the first is restored', async () => {
      const endpoints = new FakeEndpoints({
        upload: () => taken(),
        delete: id =>
          id === 'old2' ? apiError(423, 'Locked', false, 'Deleting asset old2') : undefined
      });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(
        writer.put(file('a.html'), [previous('old1', 'a.html'), previous('old2', 'a.html')])
      );
      expect(endpoints.calls).toEqual([
        'upload a.html',
        'delete old1',
        'delete old2',
        'restore old1'
      ]);
      expect(error.left).toBe('restored');
    });

    it.each([
      ['a 5xx (it may have been carried out)', apiError(500, 'boom', false, 'Deleting asset old')],
      [
        'a 4xx after an attempt whose answer was lost',
        apiError(422, 'gone?', true, 'Deleting asset old')
      ],
      ['a dropped connection', networkError('Deleting asset old', 'ECONNRESET', true)]
    ])('with %s is restored, since the copy may be gone', async (_, cause) => {
      const endpoints = new FakeEndpoints({ upload: () => taken(), delete: () => cause });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
      expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'restore old']);
      expect(error).toMatchObject({ left: 'restored', cause });
      expect(error.message).toMatch(/and deleting the old one failed: /);
    });
  });

  describe('a cancel between our delete and a confirmed new copy', () => {
    function cancellable() {
      const controller = new AbortController();
      const cancel = () => controller.abort(new Error('received SIGTERM'));
      return { signal: controller.signal, cancel };
    }

    it('before the re-upload went out: the old copy is restored all the same', async () => {
      const run = cancellable();
      const endpoints = new FakeEndpoints({
        upload: () => taken(),
        delete: () => {
          run.cancel();
          return undefined;
        },
        cancel: run.signal
      });
      const { writer, log } = writerFor(endpoints);
      const error = await putFileError(
        writer.put(file('a.html'), [previous('old', 'a.html')], run.signal)
      );
      // The re-upload never went out; the restore did.
      expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'restore old']);
      expect(error.left).toBe('restored');
      expect(error.cause).toBeInstanceOf(CancelledError);
      expect(error.message).toBe(
        'Replacing a.html was cancelled after its old copy was deleted. Its previous version ' +
          'was restored.'
      );
      expect(log.messages('info')).toEqual([
        'Restored the previous version of a.html (asset old).'
      ]);
    });

    it('with the DELETE on its way (it may have been carried out): restored', async () => {
      const run = cancellable();
      const endpoints = new FakeEndpoints({
        upload: () => taken(),
        delete: id => {
          run.cancel();
          return cancelled(`Deleting asset ${id}`, true);
        },
        cancel: run.signal
      });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(
        writer.put(file('a.html'), [previous('old', 'a.html')], run.signal)
      );
      expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'restore old']);
      expect(error.left).toBe('restored');
    });

    it('before the DELETE went out: the old copy is still there, nothing to restore, and the message does not say it was deleted', async () => {
      const run = cancellable();
      const endpoints = new FakeEndpoints({
        upload: () => {
          run.cancel();
          return taken();
        },
        cancel: run.signal
      });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(
        writer.put(file('a.html'), [previous('old', 'a.html')], run.signal)
      );
      expect(endpoints.calls).toEqual(['upload a.html']);
      expect(error.left).toBe('kept');
      expect(error.cause).toBeInstanceOf(CancelledError);
      expect(error.message).not.toMatch(/old copy was deleted/);
    });

    it('while a re-upload that landed awaits its answer: the listing says so, no restore', async () => {
      const run = cancellable();
      const endpoints = new FakeEndpoints({
        upload: (name, attempt) => {
          if (attempt === 1) return taken();
          run.cancel();
          return cancelled(`Uploading ${name}`, true);
        },
        cancel: run.signal
      });
      endpoints.listing = [asset('landed', 'a.html', NEW)];
      const { writer } = writerFor(endpoints);
      const result = await writer.put(file('a.html'), [previous('old', 'a.html')], run.signal);
      // The listing went out although the run was cancelled.
      expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'upload a.html', 'list']);
      expect(result).toEqual({ filename: 'a.html' });
    });

    it('while a re-upload that did not land awaits its answer: listed, then restored', async () => {
      const run = cancellable();
      const endpoints = new FakeEndpoints({
        upload: (name, attempt) => {
          if (attempt === 1) return taken();
          run.cancel();
          return cancelled(`Uploading ${name}`, true);
        },
        cancel: run.signal
      });
      const { writer } = writerFor(endpoints);
      const error = await putFileError(
        writer.put(file('a.html'), [previous('old', 'a.html')], run.signal)
      );
      expect(endpoints.calls).toEqual([
        'upload a.html',
        'delete old',
        'upload a.html',
        'list',
        'restore old'
      ]);
      expect(error.left).toBe('restored');
      expect(error.message).toMatch(/^Replacing a\.html was cancelled after its old copy/);
    });

    it('during the pause between "taken" re-uploads: restored, without waiting the pause out', async () => {
      const run = cancellable();
      const endpoints = new FakeEndpoints({
        upload: () => taken(),
        list: () => {
          run.cancel(); // the deleted copy is still listed: the writer pauses, then is cancelled
          return undefined;
        },
        cancel: run.signal
      });
      endpoints.listing = [asset('old', 'a.html', OLD)];
      const { writer } = writerFor(endpoints, 60_000);
      const started = Date.now();
      const error = await putFileError(
        writer.put(file('a.html'), [previous('old', 'a.html')], run.signal)
      );
      expect(Date.now() - started).toBeLessThan(10_000); // the pause did not run its course
      expect(endpoints.calls).toEqual([
        'upload a.html',
        'delete old',
        'upload a.html',
        'list',
        'restore old'
      ]);
      expect(error.left).toBe('restored');
    });

    it("with every listing and restore hanging: all are tried, and it ends within the runner's grace period, MISSING", async () => {
      const run = cancellable();
      const endpoints = new FakeEndpoints({
        upload: (name, attempt) => {
          if (attempt === 1) return taken();
          run.cancel();
          return cancelled(`Uploading ${name}`, true);
        },
        list: () => 'hang',
        restore: () => 'hang',
        cancel: run.signal
      });
      const { writer } = writerFor(endpoints);
      const started = Date.now();
      const error = await putFileError(
        writer.put(file('a.html'), [previous('old', 'a.html')], run.signal)
      );
      // A runner gives 10 s between its SIGINT and its SIGKILL.
      expect(Date.now() - started).toBeLessThan(9_000);
      expect(endpoints.calls).toEqual([
        'upload a.html',
        'delete old',
        'upload a.html',
        'list',
        'restore old',
        'list'
      ]);
      expect(error.left).toBe('missing');
      expect(error.message).toMatch(
        /^a\.html may now be MISSING from the site: Replacing a\.html was cancelled/
      );
    }, 20_000);
  });
});

describe('AssetWriter.settle: one listing after the uploads', () => {
  it('keeps the oldest copy with the new checksum (the one every run keeps), whichever the answer named', async () => {
    const endpoints = new FakeEndpoints({
      upload: () => ({ id: 'answered', uncertain: true })
    });
    const { writer, log } = writerFor(endpoints);
    const result = await writer.put(file('a.html'), [previous('old', 'a.html')]);
    expect(result).toMatchObject({ filename: 'a.html', toConfirm: true });
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old']);

    // The lost first attempt landed too, before the answered one.
    endpoints.listing = [
      asset('answered', 'a.html', NEW, '2026-11-03T10:00:07Z'),
      asset('lost', 'a.html', NEW, '2026-11-03T10:00:05Z'),
      asset('other', 'b.html', NEW)
    ];
    const settled = await writer.settle();
    expect(settled).toEqual({ failed: [], extraCopiesRemoved: ['a.html'] });
    expect(endpoints.calls.slice(2)).toEqual(['list', 'delete answered']);
    expect(log.messages('info')).toEqual(['Removed 1 extra copy of a.html']);
  });

  it('copies created at the same moment (or saying nothing of it): the smallest id stays', async () => {
    const endpoints = new FakeEndpoints({ upload: () => ({ id: 'b2', uncertain: true }) });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    endpoints.listing = [asset('b2', 'a.html', NEW), asset('a1', 'a.html', NEW)];
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: ['a.html'] });
    expect(endpoints.calls.slice(1)).toEqual(['list', 'delete b2']);
  });

  it("leaves a copy of another version that this run did not replace alone (someone else's)", async () => {
    const endpoints = new FakeEndpoints({ upload: () => ({ id: 'answered', uncertain: true }) });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    endpoints.listing = [
      asset('stale', 'a.html', OLD),
      asset('y', 'a.html', NEW),
      asset('x', 'a.html', NEW)
    ];
    const settled = await writer.settle();
    expect(settled.failed).toEqual([]);
    expect(settled.extraCopiesRemoved).toEqual(['a.html']);
    expect(endpoints.calls.slice(1)).toEqual(['list', 'delete y']);
  });

  it('one listing settles every file', async () => {
    const endpoints = new FakeEndpoints({ upload: () => ({ uncertain: true }) });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    await writer.put(file('b.html'), []);
    endpoints.listing = [asset('new1', 'a.html', NEW), asset('new2', 'b.html', NEW)];
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls.filter(c => c === 'list')).toHaveLength(1);
  });

  // The answer named the new copy: this run put the file. A listing without it means someone
  // replaced or deleted it since, which is not this run's failure (nor this run's to undo).
  it.each([
    ['no copy of it at all', []],
    ['only another copy of the old version', [asset('other-old', 'a.html', OLD)]]
  ])('an answered put the listing lacks is not failed (%s)', async (_, listing) => {
    const endpoints = new FakeEndpoints({ upload: () => ({ id: 'answered', uncertain: true }) });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), [previous('old', 'a.html')]);
    endpoints.listing = listing;
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'list']);
  });

  it('an extra copy that cannot be deleted is a failure; one already gone (404) is not', async () => {
    const endpoints = new FakeEndpoints({
      upload: () => ({ id: 'answered', uncertain: true }),
      delete: id =>
        id === 'stuck'
          ? apiError(500, 'err', false, 'Deleting asset stuck')
          : id === 'gone'
            ? apiError(404, 'Not found', false, 'Deleting asset gone')
            : undefined
    });
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    await writer.put(file('b.html'), []);
    endpoints.listing = [
      asset('answered', 'a.html', NEW),
      asset('stuck', 'a.html', NEW),
      asset('answered', 'b.html', NEW),
      asset('gone', 'b.html', NEW)
    ];
    const { failed, extraCopiesRemoved } = await writer.settle();
    expect(failed.map(f => [f.filename, f.left])).toEqual([['a.html', 'kept']]);
    expect(failed[0]?.message).toMatch(/^Could not delete an extra copy of a\.html: .*err/);
    expect(extraCopiesRemoved).toEqual(['b.html']);
  });
});

describe('toRemote', () => {
  it('makes a v1 asset a theme file, its checksum lowercase', () => {
    expect(toRemote({ id: 'x1', filename: 'a/b.css', checksum: 'ABCDEF' })).toEqual({
      filename: 'a/b.css',
      checksum: 'abcdef',
      role: 'file',
      type: 'asset',
      id: 'x1'
    });
  });

  it('an asset without a checksum has none', () => {
    const noChecksum = { id: 'x', filename: 'a.html' } as unknown as ThemeAsset;
    expect(toRemote(noChecksum).checksum).toBeNull();
  });
});

describe('refusesSecondCopy', () => {
  it.each([
    [apiError(409, ''), true],
    [apiError(422, 'Filename has already been taken'), true],
    [apiError(422, "File can't be blank"), false],
    [apiError(500, 'already taken'), false],
    [apiError(302, 'taken'), false],
    [new SiteleafNetworkError('Uploading', 'taken'), false],
    [new Error('Filename has already been taken'), false]
  ])('%p → %p', (error, expected) => {
    expect(refusesSecondCopy(error)).toBe(expected);
  });
});
