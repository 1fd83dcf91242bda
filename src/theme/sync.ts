// Carries out a ThemeSyncPlan against the site, whichever API it runs on: uploads
// `concurrency` at a time (the files the API wants first go first, alone), settles uploads
// whose answers were lost, removes duplicate copies, and prunes only when every upload worked,
// so a half-failed run deletes nothing. How one file replaces its previous copy without the
// site ever lacking it is the API adapter's business (see siteleaf/v1/asset-writer.ts).
//
// The sync never throws: it returns what it did, with `stoppedBy` set when an answer that
// would fail every other request the same way (401, 403, 404), or a cancel, stopped it early.
import { mapSettledWithConcurrency } from '../concurrency.js';
import { formatByteSize, messageOf } from '../format.js';
import type { Log } from '../log.js';
import { PutFileError, type RemoteFile, type SiteleafApi } from '../siteleaf/api.js';
import { CancelledError, SiteleafApiError } from '../siteleaf/errors.js';
import type { ChecksummedFile } from './checksum.js';
import { compareFilenames } from './filenames.js';
import { nameKey, type ThemeSyncPlan } from './plan.js';

export type SyncApi = Pick<
  SiteleafApi,
  'putFile' | 'deleteFile' | 'settlePuts' | 'uploadsFirst' | 'namesIgnoreCase'
>;

export interface ThemeSyncFailure {
  readonly filename: string;
  /** Names the file and says what failed and what state it was left in. */
  readonly message: string;
  /** The site may no longer hold this file at all (its old copy was deleted, not restored). */
  readonly missingNow: boolean;
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
  /** Files whose previous version was restored after a failed replace (also in `failed`). */
  restored: string[];
  /** Local names the site stored under another name: local → remote. */
  renamed: Array<{ from: string; to: string }>;
  /** The latest `Date` header among the upload answers (whole seconds, as sent). */
  lastUploadDate?: string;
  /** What stopped the sync early (a fatal answer or the cancel), if anything did. */
  stoppedBy?: unknown;
}

export interface ApplyThemeSyncOptions {
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Aborting stops new work at once. */
  readonly signal?: AbortSignal;
  /** One line (or progress step) per change done: `Uploaded assets/css/site.css (12.3 kB)`. */
  readonly log: Log;
}

export async function applyThemeSync(
  plan: ThemeSyncPlan,
  api: SyncApi,
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
    failed: [],
    restored: [],
    renamed: []
  };
  private latestDate: { text: string; time: number } | undefined;
  private putsPlanned = 0;
  private putsDone = 0;
  /** Aborted by the caller's signal, or by a fatal answer. */
  private readonly signal: AbortSignal;
  private readonly fatal = new AbortController();
  private fatalError: { error: unknown } | undefined;

  constructor(
    private readonly api: SyncApi,
    private readonly opts: ApplyThemeSyncOptions
  ) {
    this.signal = opts.signal
      ? AbortSignal.any([opts.signal, this.fatal.signal])
      : this.fatal.signal;
  }

  async run(plan: ThemeSyncPlan): Promise<ThemeSyncResult> {
    try {
      await this.upload(plan);
      if (!this.stopped()) await this.settle();
      if (!this.stopped()) await this.removeDuplicates(plan.duplicates);
      if (!this.stopped()) await this.prune(plan);
    } catch (error) {
      // Nothing above should throw; if it does, it still counts, never as a silent success.
      this.result.stoppedBy ??= error;
    }
    if (!this.result.stoppedBy && this.stopped()) {
      this.result.stoppedBy = this.fatalError?.error ?? this.opts.signal?.reason;
    }
    return this.finish();
  }

  /** 1. Uploads, new files and replacements alike; the ones the API wants first go first, alone. */
  private async upload(plan: ThemeSyncPlan): Promise<void> {
    const jobs = [
      ...plan.upload.map(file => ({ file, previous: [] as RemoteFile[] })),
      ...plan.replace
    ];
    this.putsPlanned = jobs.length;
    const first = new Set(this.api.uploadsFirst);
    const early = jobs.filter(job => first.has(job.file.filename));
    const rest = jobs.filter(job => !first.has(job.file.filename));
    for (const batch of [early, rest]) {
      if (batch.length === 0 || this.stopped()) continue;
      if (batch === rest && this.result.failed.length > 0) {
        // Siteleaf classifies every other file by what it reads first (`_config.yml`).
        this.opts.log.info(
          `Not uploading the other ${rest.length} file(s): ${early.map(j => j.file.filename).join(', ')} failed, ` +
            'and Siteleaf reads it to tell pages, documents and files apart.'
        );
        continue;
      }
      const settled = await mapSettledWithConcurrency(
        batch,
        batch === early ? 1 : this.opts.concurrency,
        job => this.put(job.file, job.previous),
        this.signal
      );
      settled.forEach((outcome, index) => {
        if (outcome.status === 'rejected' && !this.signal.aborted) {
          const filename = (batch[index] as { file: ChecksummedFile }).file.filename;
          this.fail(filename, outcome.reason, `Could not sync ${filename}`);
        }
      });
    }
  }

  private async put(file: ChecksummedFile, previous: readonly RemoteFile[]): Promise<void> {
    let answer;
    try {
      answer = await this.api.putFile(file, previous, this.signal);
    } catch (error) {
      this.fail(file.filename, error, `Could not upload ${file.filename}`);
      return;
    }
    this.result.uploaded.push(file.filename);
    if (previous.length > 0) this.result.replaced.push(file.filename);
    if (answer.filename !== file.filename) {
      this.result.renamed.push({ from: file.filename, to: answer.filename });
    }
    this.noteDate(answer.date);
    const checked = answer.toConfirm ? '; to be checked' : '';
    this.opts.log.progress({
      phase: 'uploading',
      done: ++this.putsDone,
      total: this.putsPlanned,
      item: file.filename,
      line:
        previous.length > 0
          ? `Replaced ${file.filename}${checked ? ` (${checked.slice(2)})` : ''}`
          : `Uploaded ${file.filename} (${formatByteSize(file.size)}${checked})`
    });
  }

  /** 2. Uploads whose answers were lost: one listing says which landed. */
  private async settle(): Promise<void> {
    let settled;
    try {
      settled = await this.api.settlePuts(this.signal);
    } catch (error) {
      this.stopIfFatal(error);
      this.result.stoppedBy ??= error;
      return;
    }
    for (const failure of settled.failed) {
      this.forget(failure.filename);
      this.fail(failure.filename, failure, failure.message);
    }
    this.result.duplicatesRemoved.push(...settled.extraCopiesRemoved);
  }

  /** 3. Duplicate copies left by an earlier interrupted run. */
  private removeDuplicates(duplicates: readonly RemoteFile[]): Promise<void> {
    return this.deleteAll(duplicates, file => {
      this.result.duplicatesRemoved.push(file.filename);
      this.opts.log.info(`Removed a duplicate copy of ${file.filename}`);
    });
  }

  /** 4. Prune, only when everything above worked; never a name an upload was stored under. */
  private async prune(plan: ThemeSyncPlan): Promise<void> {
    if (plan.prune.length > 0 && this.result.failed.length > 0) {
      this.opts.log.info(
        `Not pruning ${plan.prune.length} remote file(s): ` +
          `${this.result.failed.length} theme file(s) failed.`
      );
      return;
    }
    const key = nameKey(this.api.namesIgnoreCase);
    const stored = new Set(this.result.renamed.map(r => key(r.to)));
    await this.deleteAll(
      plan.prune.filter(file => !stored.has(key(file.filename))),
      file => {
        this.result.pruned.push(file.filename);
        this.opts.log.info(`Pruned ${file.filename}`);
      }
    );
  }

  private async deleteAll(
    files: readonly RemoteFile[],
    onDeleted: (file: RemoteFile) => void
  ): Promise<void> {
    await mapSettledWithConcurrency(
      files,
      this.opts.concurrency,
      async file => {
        try {
          await this.api.deleteFile(file, this.signal);
        } catch (error) {
          // Already gone (another run, or a person) is what a delete wants.
          if (!(error instanceof SiteleafApiError && error.status === 404)) {
            const what = `Could not delete ${file.filename}${file.id ? ` (asset ${file.id})` : ''}`;
            this.fail(file.filename, error, what);
            return;
          }
        }
        onDeleted(file);
      },
      this.signal
    );
  }

  private noteDate(date: string | undefined): void {
    const time = date === undefined ? NaN : Date.parse(date);
    if (date === undefined || Number.isNaN(time)) return;
    if (this.latestDate === undefined || time > this.latestDate.time) {
      this.latestDate = { text: date, time };
    }
  }

  private forget(filename: string): void {
    this.result.uploaded = this.result.uploaded.filter(name => name !== filename);
    this.result.replaced = this.result.replaced.filter(name => name !== filename);
  }

  /**
   * Records a failure. A file left missing or restored is always recorded, even while the
   * run stops; other failures that are only fallout of stopping (a fatal answer elsewhere, the
   * cancel) are not.
   */
  private fail(filename: string, error: unknown, what: string): void {
    if (error instanceof PutFileError) {
      if (error.left === 'restored') this.result.restored.push(filename);
      // The cause may be an answer every other request would get too: stop either way.
      const stopping = this.stopIfFatal(error.cause) || this.signal.aborted;
      if (error.left !== 'kept' || !stopping) {
        this.result.failed.push({
          filename,
          message: error.message,
          missingNow: error.left === 'missing'
        });
      }
      return;
    }
    if (this.stopIfFatal(error) || this.signal.aborted || error instanceof CancelledError) return;
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

  /** Cancelled, stopped by a fatal answer, or unable to confirm the uploads. */
  private stopped(): boolean {
    return this.signal.aborted || this.result.stoppedBy !== undefined;
  }

  private finish(): ThemeSyncResult {
    const { result } = this;
    for (const list of [result.uploaded, result.replaced, result.pruned, result.duplicatesRemoved])
      list.sort(compareFilenames);
    result.restored.sort(compareFilenames);
    result.failed.sort((a, b) => compareFilenames(a.filename, b.filename));
    if (this.latestDate) result.lastUploadDate = this.latestDate.text;
    for (const failure of result.failed) {
      if (failure.missingNow && result.stoppedBy) this.opts.log.info(failure.message);
    }
    return result;
  }
}

/** Answers that every other request of this run would get too. */
function isFatal(error: unknown): boolean {
  return error instanceof SiteleafApiError && [401, 403, 404].includes(error.status);
}
