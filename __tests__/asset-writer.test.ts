// How a v1 theme file replaces its previous copy (AssetWriter), against fake endpoints that
// record every request in the order it went out: the three ways Siteleaf answers a second
// asset of one filename, the restore when a replace goes wrong, and the settling of uploads
// whose answers were lost.
import { describe, expect, it } from '@jest/globals';
import { PutFileError, type RemoteFile } from '../src/siteleaf/api.js';
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

type UploadAnswer = { id?: string; date?: string; uncertain?: boolean } | Error;

/**
 * Siteleaf's v1 asset endpoints. Like SiteleafHttp, a request whose signal is already aborted
 * never goes out (CancelledError) and is not recorded; a restore takes no signal at all.
 */
class FakeEndpoints implements AssetEndpoints {
  readonly calls: string[] = [];
  /** What the listing answers. */
  listing: ThemeAsset[] = [];
  private ids = 0;
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly onUpload: (
      filename: string,
      attempt: number
    ) => UploadAnswer | undefined = () => undefined,
    private readonly onDelete: (id: string) => Error | undefined = () => undefined,
    private readonly onRestore: (id: string) => Error | undefined = () => undefined
  ) {}

  async upload(file: ChecksummedFile, signal?: AbortSignal) {
    if (signal?.aborted) throw new CancelledError(`Uploading ${file.filename}`);
    const attempt = (this.attempts.get(file.filename) ?? 0) + 1;
    this.attempts.set(file.filename, attempt);
    this.calls.push(`upload ${file.filename}`);
    await tick();
    const answer = this.onUpload(file.filename, attempt);
    if (answer instanceof Error) throw answer;
    return {
      asset: { id: answer?.id ?? `new${++this.ids}`, filename: file.filename, checksum: NEW },
      ...(answer?.date ? { date: answer.date } : {}),
      ...(answer?.uncertain ? { uncertain: true } : {})
    };
  }

  async delete(id: string, signal?: AbortSignal) {
    if (signal?.aborted) throw new CancelledError(`Deleting asset ${id}`);
    this.calls.push(`delete ${id}`);
    await tick();
    const error = this.onDelete(id);
    if (error) throw error;
  }

  async restore(id: string) {
    this.calls.push(`restore ${id}`);
    await tick();
    const error = this.onRestore(id);
    if (error) throw error;
  }

  async list(signal?: AbortSignal) {
    if (signal?.aborted) throw new CancelledError('Listing the theme assets');
    this.calls.push('list');
    await tick();
    return this.listing;
  }
}

const tick = () => new Promise<void>(resolve => setImmediate(resolve));

function file(filename: string, checksum = NEW): ChecksummedFile {
  return { filename, absolutePath: `/theme/${filename}`, size: 10, checksum };
}

function previous(id: string, filename: string): RemoteFile {
  return { filename, checksum: OLD, role: 'file', type: 'asset', id };
}

function asset(id: string, filename: string, checksum: string): ThemeAsset {
  return { id, filename, checksum };
}

const apiError = (status: number, message: string, afterUncertainAttempt = false) => {
  const error = new SiteleafApiError('Uploading a file', status, message);
  error.afterUncertainAttempt = afterUncertainAttempt;
  return error;
};
const taken = (afterUncertainAttempt = false) =>
  apiError(422, 'Filename has already been taken', afterUncertainAttempt);

function writerFor(endpoints: FakeEndpoints) {
  const log = recordingLog();
  return { writer: new AssetWriter(endpoints, log, 1), log };
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
  it('uploads it once and deletes nothing', async () => {
    const endpoints = new FakeEndpoints(() => ({
      id: 'a1',
      date: 'Tue, 03 Nov 2026 10:00:05 GMT'
    }));
    const { writer } = writerFor(endpoints);
    const result = await writer.put(file('a.html'), []);
    expect(result).toMatchObject({ filename: 'a.html', date: 'Tue, 03 Nov 2026 10:00:05 GMT' });
    expect(result.toConfirm).toBeUndefined();
    expect(endpoints.calls).toEqual(['upload a.html']);
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls).toEqual(['upload a.html']); // nothing to settle: no listing
  });

  it('passes any other failure through as it is (the site had nothing to lose)', async () => {
    const boom = apiError(500, 'boom');
    const { writer } = writerFor(new FakeEndpoints(() => boom));
    await expect(writer.put(file('a.html'), [])).rejects.toBe(boom);
  });

  it('"taken" for a file the plan thought new is confirmed by one listing after the uploads', async () => {
    const endpoints = new FakeEndpoints(() => taken());
    const { writer } = writerFor(endpoints);
    expect(await writer.put(file('a.html'), [])).toEqual({ filename: 'a.html', toConfirm: true });
    expect(await writer.put(file('b.html'), [])).toEqual({ filename: 'b.html', toConfirm: true });
    expect(endpoints.calls).toEqual(['upload a.html', 'upload b.html']);

    endpoints.listing = [asset('x', 'a.html', NEW), asset('y', 'b.html', NEW.toUpperCase())];
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls).toEqual(['upload a.html', 'upload b.html', 'list']);
  });

  it('"taken" for a new file fails at settle when the site holds no current copy', async () => {
    const endpoints = new FakeEndpoints(() => taken());
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    endpoints.listing = [asset('x', 'a.html', OLD)];
    const { failed } = await writer.settle();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(PutFileError);
    // Nothing was there before the run, nothing was deleted: the site keeps what it had.
    expect(failed[0]).toMatchObject({ filename: 'a.html', left: 'kept' });
    expect(failed[0]?.message).toMatch(/^Could not upload a\.html: /);
    expect(endpoints.calls).toEqual(['upload a.html', 'list']);
  });

  it('settles once: a second settle asks nothing', async () => {
    const endpoints = new FakeEndpoints(() => taken());
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
    const endpoints = new FakeEndpoints(() => ({
      id: 'fresh',
      date: 'Tue, 03 Nov 2026 10:00:05 GMT'
    }));
    const { writer } = writerFor(endpoints);
    const result = await writer.put(file('page.html'), [
      previous('old1', 'page.html'),
      previous('old2', 'page.html')
    ]);
    expect(endpoints.calls).toEqual(['upload page.html', 'delete old1', 'delete old2']);
    expect(result).toMatchObject({ filename: 'page.html', date: 'Tue, 03 Nov 2026 10:00:05 GMT' });
    expect(result.toConfirm).toBeUndefined();
  });

  it('a previous copy already gone (404) is what the delete wanted', async () => {
    const endpoints = new FakeEndpoints(undefined, () => apiError(404, 'Not found'));
    const { writer } = writerFor(endpoints);
    await expect(writer.put(file('a.html'), [previous('gone', 'a.html')])).resolves.toMatchObject({
      filename: 'a.html'
    });
    expect(endpoints.calls).toEqual(['upload a.html', 'delete gone']);
  });

  it('a delete that fails after the upload is a failure that keeps the old copy, with no restore', async () => {
    const cause = apiError(500, 'disk on fire');
    const endpoints = new FakeEndpoints(undefined, () => cause);
    const { writer } = writerFor(endpoints);
    const error = await putFileError(writer.put(file('b.html'), [previous('stuck', 'b.html')]));
    expect(error).toMatchObject({ filename: 'b.html', left: 'kept', cause });
    expect(error.message).toMatch(/^Uploaded b\.html, but deleting its previous copy failed/);
    expect(error.message).toContain('disk on fire');
    expect(endpoints.calls).toEqual(['upload b.html', 'delete stuck']);
  });

  it.each([
    ['a 5xx', apiError(500, 'boom')],
    ['a 413', apiError(413, 'too large')],
    ['a 429', apiError(429, 'slow down')],
    ['an invalid file (422, not "taken")', apiError(422, "File can't be blank")],
    ['a network error', new SiteleafNetworkError('Uploading a.html', 'ETIMEDOUT')]
  ])(
    'an upload refused with %s deletes nothing and keeps the previous version',
    async (_, cause) => {
      const endpoints = new FakeEndpoints(() => cause);
      const { writer } = writerFor(endpoints);
      const error = await putFileError(writer.put(file('a.html'), [previous('old1', 'a.html')]));
      expect(error).toMatchObject({ filename: 'a.html', left: 'kept', cause });
      expect(error.message).toMatch(
        /^Could not upload a\.html \(the site keeps its previous version\)/
      );
      expect(endpoints.calls).toEqual(['upload a.html']);
    }
  );

  it('a refusal that is not about a second copy does not make later replaces delete first', async () => {
    const endpoints = new FakeEndpoints((name, attempt) =>
      name === 'a.html' && attempt === 1 ? apiError(422, "File can't be blank") : undefined
    );
    const { writer } = writerFor(endpoints);
    await expect(writer.put(file('a.html'), [previous('old-a', 'a.html')])).rejects.toThrow();
    await writer.put(file('b.html'), [previous('old-b', 'b.html')]);
    expect(endpoints.calls).toEqual(['upload a.html', 'upload b.html', 'delete old-b']);
  });
});

describe('AssetWriter (b): Siteleaf overwrites the old id in place', () => {
  it('deletes nothing when the answer is the only previous id', async () => {
    const endpoints = new FakeEndpoints(() => ({ id: 'only' }));
    const { writer } = writerFor(endpoints);
    await writer.put(file('x.html'), [previous('only', 'x.html')]);
    expect(endpoints.calls).toEqual(['upload x.html']);
  });

  it('deletes only the other previous copies', async () => {
    const endpoints = new FakeEndpoints(() => ({ id: 'old2' }));
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
    const endpoints = new FakeEndpoints((_, attempt) => (attempt === 1 ? taken() : undefined));
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
    const endpoints = new FakeEndpoints((_name, attempt) => (attempt === 1 ? refusal : undefined));
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), [previous('old', 'a.html')]);
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'upload a.html']);
  });

  it('deletes every previous copy before the re-upload', async () => {
    const endpoints = new FakeEndpoints((_, attempt) => (attempt === 1 ? taken() : undefined));
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
    const endpoints = new FakeEndpoints(
      name => (deleted.has(`old-${name}`) || name === 'new.css' ? undefined : taken()),
      id => {
        deleted.add(id);
        return undefined;
      }
    );
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

  it('retries the re-upload while the delete does not show yet ("taken" again)', async () => {
    const endpoints = new FakeEndpoints((_, attempt) => (attempt <= 2 ? taken() : undefined));
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), [previous('old1', 'a.html')]);
    expect(endpoints.calls).toEqual([
      'upload a.html',
      'delete old1',
      'upload a.html',
      'upload a.html'
    ]);
  });

  it('a re-upload that fails for good restores the old copy: PutFileError restored', async () => {
    const down = apiError(500, 'down');
    const endpoints = new FakeEndpoints((_, attempt) => (attempt === 1 ? taken() : down));
    const { writer } = writerFor(endpoints);
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
    expect(error.message).toContain('previous version was restored');
    expect(error.message).not.toContain('MISSING');
  });

  it('when the restore fails too, the file may be missing and the message says MISSING', async () => {
    const endpoints = new FakeEndpoints(
      (_, attempt) => (attempt === 1 ? taken() : apiError(500, 'down')),
      undefined,
      () => apiError(500, 'restore broke')
    );
    const { writer } = writerFor(endpoints);
    const error = await putFileError(
      writer.put(file('_layouts/default.html'), [previous('old', '_layouts/default.html')])
    );
    expect(endpoints.calls).toEqual([
      'upload _layouts/default.html',
      'delete old',
      'upload _layouts/default.html',
      'restore old'
    ]);
    expect(error.left).toBe('missing');
    expect(error.message).toMatch(/^_layouts\/default\.html may now be MISSING from the site/);
    expect(error.message).toContain('down');
  });

  it('with two previous copies, one restored is enough: restored', async () => {
    const endpoints = new FakeEndpoints(
      (_, attempt) => (attempt === 1 ? taken() : apiError(500, 'down')),
      undefined,
      id => (id === 'old1' ? apiError(500, 'restore broke') : undefined)
    );
    const { writer } = writerFor(endpoints);
    const error = await putFileError(
      writer.put(file('a.html'), [previous('old1', 'a.html'), previous('old2', 'a.html')])
    );
    expect(endpoints.calls.filter(c => c.startsWith('restore'))).toEqual([
      'restore old1',
      'restore old2'
    ]);
    expect(error.left).toBe('restored');
  });

  it('a definite 4xx on the delete keeps the old copy: no re-upload, no restore', async () => {
    const refusal = apiError(423, 'Locked');
    const endpoints = new FakeEndpoints(
      () => taken(),
      () => refusal
    );
    const { writer } = writerFor(endpoints);
    const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old']);
    expect(error).toMatchObject({ filename: 'a.html', left: 'kept', cause: refusal });
    expect(error.message).toMatch(/keeps the old version/);
  });

  it('a delete refused after the first of two copies went: the first is restored', async () => {
    const endpoints = new FakeEndpoints(
      () => taken(),
      id => (id === 'old2' ? apiError(423, 'Locked') : undefined)
    );
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
    ['a 5xx (it may have been carried out)', apiError(500, 'boom')],
    ['a 4xx after an attempt whose answer was lost', apiError(422, 'gone?', true)],
    ['a dropped connection', new SiteleafNetworkError('Deleting asset old', 'ECONNRESET', 5)]
  ])('a delete that fails with %s is restored, since the copy may be gone', async (_, cause) => {
    const endpoints = new FakeEndpoints(
      () => taken(),
      () => cause
    );
    const { writer } = writerFor(endpoints);
    const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'restore old']);
    expect(error).toMatchObject({ left: 'restored', cause });
  });

  it('a cancel between the delete and the re-upload still restores (a restore is not cancellable)', async () => {
    const controller = new AbortController();
    const endpoints = new FakeEndpoints(
      () => taken(),
      () => {
        controller.abort(new Error('workflow cancelled'));
        return undefined;
      }
    );
    const { writer } = writerFor(endpoints);
    const error = await putFileError(
      writer.put(file('a.html'), [previous('old', 'a.html')], controller.signal)
    );
    // The re-upload never went out; the restore did.
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'restore old']);
    expect(error.left).toBe('restored');
    expect(error.cause).toBeInstanceOf(CancelledError);
    expect(error.message).toMatch(/restored/);
  });

  it('a cancel during the pause between "taken" re-uploads still restores', async () => {
    const controller = new AbortController();
    const endpoints = new FakeEndpoints((_, attempt) => {
      if (attempt === 2) controller.abort(new Error('workflow cancelled'));
      return taken();
    });
    const writer = new AssetWriter(endpoints, recordingLog(), 60_000);
    const started = Date.now();
    const error = await putFileError(
      writer.put(file('a.html'), [previous('old', 'a.html')], controller.signal)
    );
    expect(Date.now() - started).toBeLessThan(10_000); // the pause did not run its course
    expect(endpoints.calls).toEqual([
      'upload a.html',
      'delete old',
      'upload a.html',
      'restore old'
    ]);
    expect(error.left).toBe('restored');
  });

  it('"taken" on every re-upload, and the listing holds a current copy (another run\'s): success', async () => {
    const endpoints = new FakeEndpoints(() => taken());
    endpoints.listing = [asset('theirs', 'a.html', NEW)];
    const { writer } = writerFor(endpoints);
    const result = await writer.put(file('a.html'), [previous('old', 'a.html')]);
    expect(result).toMatchObject({ filename: 'a.html' });
    expect(endpoints.calls).toEqual([
      'upload a.html',
      'delete old',
      'upload a.html',
      'upload a.html',
      'upload a.html',
      'list'
    ]);
  });

  it('"taken" on every re-upload and no current copy listed: the old one is restored', async () => {
    const endpoints = new FakeEndpoints(() => taken());
    endpoints.listing = [asset('theirs', 'a.html', 'e'.repeat(32))];
    const { writer } = writerFor(endpoints);
    const error = await putFileError(writer.put(file('a.html'), [previous('old', 'a.html')]));
    expect(endpoints.calls.slice(-2)).toEqual(['list', 'restore old']);
    expect(error.left).toBe('restored');
  });

  it('"taken" after an attempt whose answer was lost is checked at once, not retried', async () => {
    const endpoints = new FakeEndpoints((_, attempt) => (attempt === 1 ? taken() : taken(true)));
    endpoints.listing = [asset('mine', 'a.html', NEW)];
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), [previous('old', 'a.html')]);
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old', 'upload a.html', 'list']);
  });
});

describe('AssetWriter.settle: uploads whose answer was lost', () => {
  it('marks the put to be confirmed, then keeps the answered copy and deletes the extras', async () => {
    const endpoints = new FakeEndpoints(() => ({ id: 'answered', uncertain: true }));
    const { writer, log } = writerFor(endpoints);
    const result = await writer.put(file('a.html'), [previous('old', 'a.html')]);
    expect(result).toMatchObject({ filename: 'a.html', toConfirm: true });
    expect(endpoints.calls).toEqual(['upload a.html', 'delete old']);

    // The lost first attempt landed too; the answered copy is listed second.
    endpoints.listing = [
      asset('lost', 'a.html', NEW),
      asset('answered', 'a.html', NEW),
      asset('other', 'b.html', NEW)
    ];
    const settled = await writer.settle();
    expect(settled).toEqual({ failed: [], extraCopiesRemoved: ['a.html'] });
    expect(endpoints.calls.slice(2)).toEqual(['list', 'delete lost']);
    expect(log.messages('info')).toEqual(['Removed 1 extra copy of a.html']);
  });

  it('keeps one copy with the new checksum when the answered id is not listed', async () => {
    const endpoints = new FakeEndpoints(() => ({ id: 'answered', uncertain: true }));
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    endpoints.listing = [
      asset('stale', 'a.html', OLD),
      asset('x', 'a.html', NEW),
      asset('y', 'a.html', NEW)
    ];
    const settled = await writer.settle();
    expect(settled.failed).toEqual([]);
    expect(settled.extraCopiesRemoved).toEqual(['a.html', 'a.html']);
    expect(endpoints.calls.slice(1)).toEqual(['list', 'delete stale', 'delete y']);
  });

  it('one listing settles every file', async () => {
    const endpoints = new FakeEndpoints(() => ({ uncertain: true }));
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), []);
    await writer.put(file('b.html'), []);
    endpoints.listing = [asset('new1', 'a.html', NEW), asset('new2', 'b.html', NEW)];
    expect(await writer.settle()).toEqual({ failed: [], extraCopiesRemoved: [] });
    expect(endpoints.calls.filter(c => c === 'list')).toHaveLength(1);
  });

  it('a replaced file the site no longer holds at all: missing', async () => {
    const endpoints = new FakeEndpoints(() => ({ id: 'answered', uncertain: true }));
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), [previous('old', 'a.html')]);
    endpoints.listing = [];
    const { failed } = await writer.settle();
    expect(failed.map(f => [f.filename, f.left])).toEqual([['a.html', 'missing']]);
  });

  it('a replaced file whose old copy is still listed: kept', async () => {
    const endpoints = new FakeEndpoints(() => ({ id: 'answered', uncertain: true }));
    const { writer } = writerFor(endpoints);
    await writer.put(file('a.html'), [previous('old', 'a.html')]);
    endpoints.listing = [asset('other-old', 'a.html', OLD)];
    const { failed } = await writer.settle();
    expect(failed.map(f => [f.filename, f.left])).toEqual([['a.html', 'kept']]);
  });

  it('an extra copy that cannot be deleted is a failure; one already gone (404) is not', async () => {
    const endpoints = new FakeEndpoints(
      () => ({ id: 'answered', uncertain: true }),
      id =>
        id === 'stuck'
          ? apiError(500, 'err')
          : id === 'gone'
            ? apiError(404, 'Not found')
            : undefined
    );
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
