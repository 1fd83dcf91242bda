// Carries out a ThemeSyncPlan against the API, under the rule "replacing a file never leaves
// the site without it": a changed file is uploaded BEFORE its previous copy is deleted, and
// the previous copy is deleted first only when Siteleaf refuses a second asset of the same
// filename; then a failed re-upload is reported as the file now missing from the site.
// Pruning waits until every upload has worked, so a half-failed run deletes nothing.
import { mapSettledWithConcurrency } from '../concurrency.js';
import { sleep } from '../sleep.js';
import { SiteleafApiError } from '../siteleaf/errors.js';
import type { ThemeAsset } from '../siteleaf/types.js';
import type { ChecksummedFile } from './checksum.js';
import type { LocalThemeFile } from './files.js';
import { compareFilenames } from './filenames.js';
import type { ThemeSyncPlan } from './plan.js';

/** The two API calls a sync needs; the Siteleaf client implements them, tests fake them. */
export interface ThemeAssetsApi {
  /**
   * `POST /v1/sites/:id/theme/assets` (multipart, the file streamed; the client re-creates
   * the body on each retry). A 4xx answer throws SiteleafApiError.
   */
  uploadThemeAsset(
    file: LocalThemeFile,
    signal?: AbortSignal
  ): Promise<{
    asset: ThemeAsset;
    /** The response's Date header. */
    date?: string;
    /** Retried after an attempt that may have landed: the site may hold a second copy. */
    uncertain?: boolean;
  }>;
  /** `DELETE /v1/assets/:id` */
  deleteAsset(id: string, signal?: AbortSignal): Promise<void>;
  /** `GET /v1/sites/:id/theme/assets`, to check uploads whose answer was lost. */
  listThemeAssets(): Promise<ThemeAsset[]>;
}

export interface ThemeSyncFailure {
  filename: string;
  /** Names the file and says what failed and what state it was left in. */
  message: string;
  /** True when the site no longer holds this file at all (its old copy was deleted). */
  missingNow: boolean;
}

export interface ThemeSyncResult {
  /** Every file uploaded, new or replaced, sorted. */
  uploaded: string[];
  /** The replaced ones among `uploaded`, sorted. */
  replaced: string[];
  pruned: string[];
  /** The filename of each duplicate copy deleted (a filename repeats if it had several). */
  duplicatesRemoved: string[];
  failed: ThemeSyncFailure[];
  /** The latest `Date` header among the upload answers (whole seconds, as sent). */
  lastUploadDate?: string;
}

export interface ApplyThemeSyncOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** Aborting stops new work at once; the sync then rejects with the abort reason. */
  signal?: AbortSignal;
  /** One line per change done: `Uploaded assets/css/site.css (12.3 kB)`. */
  log: (line: string) => void;
  /** Called with what was done so far when the sync stops early (cancelled or a fatal answer). */
  onStop?: (partial: ThemeSyncResult) => void;
}

/**
 * Uploads new and changed files, removes duplicate copies, then (only if nothing failed)
 * prunes. Failures are collected, not thrown, except an answer that would fail every other
 * request the same way (401, 403, 404 on an upload; 401, 403 on a delete): that one stops
 * all work and is rethrown once the requests in flight have settled.
 */
export async function applyThemeSync(
  plan: ThemeSyncPlan,
  api: ThemeAssetsApi,
  opts: ApplyThemeSyncOptions
): Promise<ThemeSyncResult> {
  return new ThemeSync(api, opts).run(plan);
}

class ThemeSync {
  private readonly result: ThemeSyncResult = {
    uploaded: [],
    replaced: [],
    pruned: [],
    duplicatesRemoved: [],
    failed: []
  };
  private latestDate: { text: string; time: number } | undefined;
  /** The first "filename already taken" answer of this run, if any. */
  private refusal: unknown;
  /** Uploads whose answer may have been lost on a first attempt: filename → what to keep. */
  private readonly uncertain = new Map<string, { checksum: string; id?: string }>();
  /** Aborted by the caller's signal, or by a fatal answer. */
  private readonly signal: AbortSignal;
  private readonly fatal = new AbortController();
  private fatalError: { error: unknown } | undefined;

  constructor(
    private readonly api: ThemeAssetsApi,
    private readonly opts: ApplyThemeSyncOptions
  ) {
    this.signal = opts.signal
      ? AbortSignal.any([opts.signal, this.fatal.signal])
      : this.fatal.signal;
  }

  async run(plan: ThemeSyncPlan): Promise<ThemeSyncResult> {
    // 1. Uploads, new files and replacements alike, `concurrency` at a time.
    const jobs = [...plan.upload.map(file => ({ file, previous: [] })), ...plan.replace];
    const settled = await mapSettledWithConcurrency(
      jobs,
      this.opts.concurrency,
      async ({ file, previous }) => {
        const done =
          previous.length === 0 ? await this.uploadNew(file) : await this.replace(file, previous);
        if (!done) return;
        this.result.uploaded.push(file.filename);
        if (previous.length > 0) this.result.replaced.push(file.filename);
      },
      this.signal
    );
    this.recordUnexpected(
      settled,
      jobs.map(job => job.file.filename)
    );
    this.throwIfStopped();
    if (this.uncertain.size > 0) await this.checkUncertainUploads();

    // 2. Duplicate copies left by an earlier interrupted run.
    await this.deleteAll(plan.duplicates, asset => {
      this.result.duplicatesRemoved.push(asset.filename);
      this.opts.log(`Removed a duplicate copy of ${asset.filename}`);
    });

    // 3. Prune, only when everything above worked.
    if (plan.prune.length > 0 && this.result.failed.length > 0) {
      this.opts.log(
        `Not pruning ${plan.prune.length} remote file(s): ` +
          `${this.result.failed.length} theme file(s) failed.`
      );
    } else {
      await this.deleteAll(plan.prune, asset => {
        this.result.pruned.push(asset.filename);
        this.opts.log(`Pruned ${asset.filename}`);
      });
    }

    const { result } = this;
    result.uploaded.sort(compareFilenames);
    result.replaced.sort(compareFilenames);
    result.pruned.sort(compareFilenames);
    result.duplicatesRemoved.sort(compareFilenames);
    result.failed.sort((a, b) => compareFilenames(a.filename, b.filename));
    if (this.latestDate) result.lastUploadDate = this.latestDate.text;
    return result;
  }

  private async uploadNew(file: ChecksummedFile): Promise<boolean> {
    try {
      await this.upload(file);
    } catch (error) {
      // "Taken" for a new file, after an attempt whose answer was lost: most likely that
      // attempt's own copy. The check after the uploads tells.
      if (refusesSecondCopy(error) && (error as SiteleafApiError).afterUncertainAttempt) {
        this.uncertain.set(file.filename, { checksum: file.checksum });
        this.opts.log(`Uploaded ${file.filename} (${formatByteSize(file.size)}; to be checked)`);
        return true;
      }
      this.failUnlessStopped(file.filename, error, `Could not upload ${file.filename}`);
      return false;
    }
    this.opts.log(`Uploaded ${file.filename} (${formatByteSize(file.size)})`);
    return true;
  }

  private async replace(file: ChecksummedFile, previous: readonly ThemeAsset[]): Promise<boolean> {
    // Once Siteleaf has refused a second copy in this run it will refuse every one: skip the
    // upload that is bound to fail (the site lacks the file for the same moment either way).
    if (this.refusal) return this.deleteThenUpload(file, previous, this.refusal);
    let asset: ThemeAsset;
    try {
      asset = await this.upload(file);
    } catch (error) {
      if (refusesSecondCopy(error)) {
        this.refusal ??= error;
        return this.deleteThenUpload(file, previous, error);
      }
      this.failUnlessStopped(
        file.filename,
        error,
        `Could not upload ${file.filename} (the site keeps its previous version)`
      );
      return false;
    }
    // (a) a new asset beside the old ones: delete them all; (b) the answer is one of the old
    // ids, overwritten in place: delete only the others.
    try {
      await this.deleteEach(previous.map(p => p.id).filter(id => id !== asset.id));
    } catch (error) {
      this.failUnlessStopped(
        file.filename,
        error,
        `Uploaded ${file.filename}, but deleting its previous copy failed (Siteleaf may serve ` +
          'either version until the next run removes the old one)'
      );
      return false;
    }
    this.opts.log(`Replaced ${file.filename}`);
    return true;
  }

  /**
   * (c) Siteleaf will not hold two assets of one filename: make room, then upload again. From
   * the delete until the upload lands the site lacks this file, so a failure says so, even
   * when the run is being stopped.
   */
  private async deleteThenUpload(
    file: ChecksummedFile,
    previous: readonly ThemeAsset[],
    refusal: unknown
  ): Promise<boolean> {
    try {
      await this.deleteEach(previous.map(p => p.id));
    } catch (error) {
      this.failUnlessStopped(
        file.filename,
        error,
        `Could not replace ${file.filename}: Siteleaf refused a second copy ` +
          `(${messageOf(refusal)}) and deleting the old one failed (the site keeps the old version)`
      );
      return false;
    }
    try {
      await this.uploadAfterDelete(file);
    } catch (error) {
      this.stopIfFatal(error);
      this.result.failed.push({
        filename: file.filename,
        message:
          `${file.filename} is now MISSING from the site: its old version was deleted to make ` +
          `room for the new one, whose upload failed: ${messageOf(error)}`,
        missingNow: true
      });
      return false;
    }
    this.opts.log(`Replaced ${file.filename}`);
    return true;
  }

  /**
   * The re-upload of case (c). A delete may take a moment to show: "taken" again is retried a
   * few times before the file is given up as missing.
   */
  private async uploadAfterDelete(file: ChecksummedFile): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.upload(file);
        return;
      } catch (error) {
        if (!refusesSecondCopy(error) || attempt >= REUPLOAD_ATTEMPTS) throw error;
        await sleep(REUPLOAD_PAUSE_MS * attempt, this.signal);
      }
    }
  }

  private async upload(file: ChecksummedFile): Promise<ThemeAsset> {
    const answer = await this.api.uploadThemeAsset(file, this.signal);
    if (answer.uncertain) {
      this.uncertain.set(file.filename, { checksum: file.checksum, id: answer.asset.id });
    }
    const time = answer.date === undefined ? NaN : Date.parse(answer.date);
    if (answer.date !== undefined && !Number.isNaN(time)) {
      if (this.latestDate === undefined || time > this.latestDate.time) {
        this.latestDate = { text: answer.date, time };
      }
    }
    return answer.asset;
  }

  private async deleteEach(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.deleteIfPresent(id);
  }

  private async deleteIfPresent(id: string): Promise<void> {
    try {
      await this.api.deleteAsset(id, this.signal);
    } catch (error) {
      // Already gone (another run, or a person) is what a delete wants.
      if (error instanceof SiteleafApiError && error.status === 404) return;
      throw error;
    }
  }

  private async deleteAll(
    assets: readonly ThemeAsset[],
    onDeleted: (asset: ThemeAsset) => void
  ): Promise<void> {
    await mapSettledWithConcurrency(
      assets,
      this.opts.concurrency,
      async asset => {
        try {
          await this.deleteIfPresent(asset.id);
        } catch (error) {
          const what = `Could not delete ${asset.filename} (asset ${asset.id})`;
          this.failUnlessStopped(asset.filename, error, what);
          return;
        }
        onDeleted(asset);
      },
      this.signal
    );
    this.throwIfStopped();
  }

  /**
   * After a lost answer the site may hold the file twice (the first attempt landed, the retry
   * added a copy) or, rarely, not at all. One listing settles it: keep one copy with the new
   * checksum (the one the answer named, if any), delete the rest.
   */
  private async checkUncertainUploads(): Promise<void> {
    const remote = await this.api.listThemeAssets();
    for (const [filename, expected] of this.uncertain) {
      const copies = remote.filter(asset => asset.filename === filename);
      const current = copies.filter(
        asset => asset.checksum?.toLowerCase() === expected.checksum.toLowerCase()
      );
      const keep = current.find(asset => asset.id === expected.id) ?? current[0];
      if (!keep) {
        this.forget(filename);
        this.result.failed.push({
          filename,
          message:
            `Could not upload ${filename}: an answer was lost on the way, and Siteleaf ` +
            'does not hold the new version',
          missingNow: copies.length === 0
        });
        continue;
      }
      const extras = copies.filter(asset => asset.id !== keep.id).map(asset => asset.id);
      try {
        await this.deleteEach(extras);
      } catch (error) {
        this.failUnlessStopped(filename, error, `Could not delete an extra copy of ${filename}`);
        continue;
      }
      if (extras.length) this.opts.log(`Removed ${extras.length} extra copy of ${filename}`);
    }
  }

  private forget(filename: string): void {
    this.result.uploaded = this.result.uploaded.filter(name => name !== filename);
    this.result.replaced = this.result.replaced.filter(name => name !== filename);
  }

  /** A throw nobody expected still counts as a failed file: never a silent green step. */
  private recordUnexpected(
    settled: ReadonlyArray<PromiseSettledResult<unknown>>,
    filenames: readonly string[]
  ): void {
    settled.forEach((outcome, index) => {
      if (outcome.status === 'rejected' && !this.signal.aborted) {
        const filename = filenames[index] as string;
        this.failUnlessStopped(filename, outcome.reason, `Could not sync ${filename}`);
      }
    });
  }

  /** Records a failure, unless it is the fatal answer itself or fallout of stopping. */
  private failUnlessStopped(filename: string, error: unknown, what: string): void {
    if (this.stopIfFatal(error) || this.signal.aborted) return;
    this.result.failed.push({
      filename,
      message: `${what}: ${messageOf(error)}`,
      missingNow: false
    });
  }

  private stopIfFatal(error: unknown): boolean {
    if (!isFatal(error)) return false;
    this.fatalError ??= { error };
    this.fatal.abort(error);
    return true;
  }

  /** Rethrows the fatal answer or the caller's abort, after logging any file left missing. */
  private throwIfStopped(): void {
    if (!this.fatalError && !this.opts.signal?.aborted) return;
    for (const failure of this.result.failed) {
      if (failure.missingNow) this.opts.log(failure.message);
    }
    this.opts.onStop?.(this.result);
    if (this.fatalError) throw this.fatalError.error;
    this.opts.signal?.throwIfAborted();
  }
}

const REUPLOAD_ATTEMPTS = 3;
const REUPLOAD_PAUSE_MS = 500;

/** Answers that every other request of this run would get too. */
function isFatal(error: unknown): boolean {
  return error instanceof SiteleafApiError && [401, 403, 404].includes(error.status);
}

/**
 * Siteleaf refusing a second asset of one filename: a 409, or a 4xx that says so (422
 * `Filename has already been taken`). Any other refusal (a file it finds invalid, too large...)
 * would refuse the re-upload too: deleting the old copy for it would only lose the file.
 */
function refusesSecondCopy(error: unknown): boolean {
  if (!(error instanceof SiteleafApiError) || error.status < 400 || error.status > 499) {
    return false;
  }
  return error.status === 409 || /taken|already exists|duplicate/i.test(error.serverMessage);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `512 B`, `12.3 kB`, `4.0 MB` (SI units, as browsers and GitHub show sizes). */
export function formatByteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
