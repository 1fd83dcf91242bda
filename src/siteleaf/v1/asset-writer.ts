// How one theme file replaces its previous copy on a v1 site, under the rule "replacing a file
// never leaves the site without it". v1 has no "replace": a new asset is uploaded beside the
// old, and Siteleaf then does one of three things, which this module tells apart by the answer:
// (a) a new asset id, both kept: delete the old ids; (b) the old id, overwritten in place:
//     delete nothing; (c) a refusal ("Filename has already been taken"): delete the old copy,
//     upload again, and if that upload fails for good (or the run is cancelled), restore the
//     old copy (`PUT /v1/assets/:id/restore`) and say so.
//
// What the site holds is never guessed from a request that may have been carried out without
// its answer arriving (a lost or cut-off answer, a 5xx from a gateway, a cancel in flight):
// - an upload whose answer never came may have landed, twice even; "taken" may be this run's
//   own earlier attempt, or another run's copy of the same commit;
// - two runs of one commit at once may each add a copy of a file.
// So after the uploads, one listing settles every file this run put: the oldest copy with the
// new checksum stays (every run settling the same file picks the same one), the other copies
// with that checksum and the copies this run replaced are deleted, and a file whose answer was
// lost is failed only when the listing lacks it. A copy with another checksum that this run
// did not replace is someone else's: it is left alone.
import { messageOf } from '../../format.js';
import type { Log } from '../../log.js';
import { sleep } from '../../sleep.js';
import {
  PutFileError,
  sameChecksum,
  type FileToUpload,
  type PutResult,
  type RemoteFile,
  type SettledPuts
} from '../api.js';
import { CancelledError, SiteleafApiError, mayHaveLanded } from '../errors.js';
import type { ThemeAsset } from './types.js';

/** The v1 requests the writer needs; the v1 API implements them, tests fake them. */
export interface AssetEndpoints {
  /** `POST /v1/sites/:id/theme/assets`, multipart, the file streamed (again on each retry). */
  upload(
    file: FileToUpload,
    signal?: AbortSignal
  ): Promise<{
    asset: ThemeAsset;
    /** The response's Date header. */
    date?: string;
    /** Retried after an attempt that may have landed: the site may hold a second copy. */
    uncertain?: boolean;
  }>;
  /** `DELETE /v1/assets/:id`; a 404 (already gone) throws SiteleafApiError 404. */
  delete(id: string, signal?: AbortSignal): Promise<void>;
  /**
   * `PUT /v1/assets/:id/restore`: brings back a deleted asset. Goes out even after the run was
   * cancelled; `signal` bounds it.
   */
  restore(id: string, signal: AbortSignal): Promise<void>;
  /**
   * `GET /v1/sites/:id/theme/assets`. With `evenIfCancelled`, it goes out after a cancel too
   * (to learn what a cancelled request left), bounded by `signal`.
   */
  list(signal?: AbortSignal, evenIfCancelled?: boolean): Promise<ThemeAsset[]>;
}

/** A file this run put on the site (or tried to), for the listing after the uploads. */
interface Put {
  readonly checksum: string;
  /** Copies the site held before this run; deleted once the new copy is confirmed. */
  readonly previous: readonly RemoteFile[];
  /** False when no answer named the new copy: the listing must find it, or the put failed. */
  readonly confirmed: boolean;
  /** Why it is unconfirmed: the failure to report if the listing lacks the new copy. */
  readonly unconfirmedBecause?: unknown;
}

const REUPLOAD_ATTEMPTS = 3;
const REUPLOAD_PAUSE_MS = 500;
/**
 * How long recovering a file may take, after a cancel: a listing, the restores, a listing, in
 * 7 s at most, within the 10 s a runner gives between its SIGINT and its SIGKILL. Otherwise a
 * retry's worth each.
 */
const AFTER_CANCEL = { listMs: 1_500, restoreMs: 4_000 };
const AFTER_FAILURE = { listMs: 30_000, restoreMs: 60_000 };

export class AssetWriter {
  /** The first "filename already taken" answer of this run, if any. */
  private refusal: SiteleafApiError | undefined;
  private readonly puts = new Map<string, Put>();

  constructor(
    private readonly endpoints: AssetEndpoints,
    private readonly log: Log,
    private readonly reuploadPauseMs = REUPLOAD_PAUSE_MS
  ) {}

  async put(
    file: FileToUpload,
    previous: readonly RemoteFile[],
    signal?: AbortSignal
  ): Promise<PutResult> {
    return previous.length === 0
      ? this.uploadNew(file, signal)
      : this.replace(file, previous, signal);
  }

  private async uploadNew(file: FileToUpload, signal?: AbortSignal): Promise<PutResult> {
    try {
      return await this.upload(file, [], signal);
    } catch (error) {
      // "Taken" for a file the plan thought new (this run's own lost attempt, or another run's
      // upload), or an answer that never came: the listing after the uploads says.
      if (refusesSecondCopy(error) || uncertain(error)) return this.toConfirm(file, [], error);
      throw error;
    }
  }

  private async replace(
    file: FileToUpload,
    previous: readonly RemoteFile[],
    signal?: AbortSignal
  ): Promise<PutResult> {
    // Once Siteleaf has refused a second copy in this run it will refuse every one: skip the
    // upload that is bound to fail (the site lacks the file for the same moment either way).
    if (this.refusal) return this.deleteThenUpload(file, previous, this.refusal, signal);
    let answer: PutResult & { id: string };
    try {
      answer = await this.upload(file, previous, signal);
    } catch (error) {
      if (refusesSecondCopy(error)) {
        this.refusal ??= error;
        return this.deleteThenUpload(file, previous, error, signal);
      }
      // It may have landed: the listing decides, and deletes the old copies if it did.
      if (uncertain(error)) return this.toConfirm(file, previous, error);
      throw new PutFileError(
        file.filename,
        `Could not upload ${file.filename} (the site keeps its previous version): ${messageOf(error)}`,
        'kept',
        { cause: error }
      );
    }
    // (a) a new asset beside the old ones: delete them all; (b) the answer is one of the old
    // ids, overwritten in place: delete only the others.
    try {
      for (const old of previous) if (old.id !== answer.id) await this.deleteIfPresent(old, signal);
    } catch (error) {
      throw new PutFileError(
        file.filename,
        `Uploaded ${file.filename}, but deleting its previous copy failed (Siteleaf may serve ` +
          `either version until the next run removes the old one): ${messageOf(error)}`,
        'kept',
        { cause: error }
      );
    }
    return answer;
  }

  /**
   * (c) Siteleaf will not hold two assets of one filename: make room, then upload again. From
   * the first DELETE sent until a new copy is confirmed the site may lack this file; if that
   * never comes (a failed upload, a cancel), the old copy is restored.
   */
  private async deleteThenUpload(
    file: FileToUpload,
    previous: readonly RemoteFile[],
    refusal: SiteleafApiError,
    signal?: AbortSignal
  ): Promise<PutResult> {
    // Copies whose DELETE was sent and may have been carried out: a definite refusal, or a
    // cancel before the request went out, means the copy is still there.
    const deleted: RemoteFile[] = [];
    let uploading = false;
    try {
      for (const old of previous) {
        deleted.push(old);
        try {
          await this.deleteIfPresent(old, signal);
        } catch (error) {
          if (isDefiniteRefusal(error) || !mayHaveLanded(error)) deleted.pop();
          throw error;
        }
      }
      uploading = true;
      return await this.uploadAfterDelete(file, deleted, signal);
    } catch (error) {
      return this.recover(file, deleted, uploading, refusal, error, signal);
    }
  }

  /**
   * The re-upload of case (c). "Taken" again means the name holds a copy: this run's own attempt
   * whose answer was lost, another run's, or the one just deleted (a delete may take a moment
   * to show). One listing tells them apart before anything is called failed.
   */
  private async uploadAfterDelete(
    file: FileToUpload,
    deleted: readonly RemoteFile[],
    signal?: AbortSignal
  ): Promise<PutResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.upload(file, deleted, signal);
      } catch (error) {
        if (!refusesSecondCopy(error)) throw error;
        const remote = await this.endpoints.list(signal);
        const copy = currentCopies(remote, file)[0];
        if (copy) return this.confirmedByListing(file, deleted, copy);
        const deleting = remote.some(asset => deleted.some(old => old.id === asset.id));
        // Another version holds the name (another run's): uploading again will not help.
        if (!deleting || attempt >= REUPLOAD_ATTEMPTS) throw error;
        await sleep(this.reuploadPauseMs * attempt, signal);
      }
    }
  }

  /**
   * The replace of case (c) failed after the old copy's DELETE went out (or was cancelled):
   * the new copy may have landed all the same, else the old one is restored; only a site that
   * holds neither is said to miss the file. Bounded in time, and done even after a cancel.
   */
  private async recover(
    file: FileToUpload,
    deleted: readonly RemoteFile[],
    uploading: boolean,
    refusal: SiteleafApiError,
    error: unknown,
    signal?: AbortSignal
  ): Promise<PutResult> {
    const refused = refusal.serverMessage || refusal.message;
    const step = uploading ? 'uploading after deleting the old one' : 'deleting the old one';
    const cancelledAt =
      deleted.length === 0 ? 'before anything was deleted' : 'after its old copy was deleted';
    const why =
      error instanceof CancelledError
        ? `Replacing ${file.filename} was cancelled ${cancelledAt}`
        : `Could not replace ${file.filename}: Siteleaf refused a second copy (${refused}), ` +
          `and ${step} failed: ${messageOf(error)}`;
    if (deleted.length === 0) {
      throw new PutFileError(file.filename, `${why} (the site keeps the old version)`, 'kept', {
        cause: error
      });
    }
    const budget = signal?.aborted ? AFTER_CANCEL : AFTER_FAILURE;
    const listing = () => this.listEvenIfCancelled(AbortSignal.timeout(budget.listMs));
    // 1. A re-upload whose answer never came may have landed.
    if (uploading && mayHaveLanded(error)) {
      const copy = currentCopies((await listing()) ?? [], file)[0];
      if (copy) return this.confirmedByListing(file, deleted, copy);
    }
    // 2. Bring the old copy back.
    const restored = await this.restore(deleted, AbortSignal.timeout(budget.restoreMs));
    if (restored) {
      this.log.info(`Restored the previous version of ${file.filename} (asset ${restored.id}).`);
      throw new PutFileError(
        file.filename,
        `${why}. Its previous version was restored.`,
        'restored',
        { cause: error }
      );
    }
    // 3. The restore failed: whatever the site holds under this name now, it is not missing.
    const remote = await listing();
    const copy = remote && currentCopies(remote, file)[0];
    if (copy) return this.confirmedByListing(file, deleted, copy);
    if (remote?.some(asset => asset.filename === file.filename)) {
      throw new PutFileError(
        file.filename,
        `${why}; restoring the previous version failed, but the site holds another version ` +
          `of ${file.filename} (another run's, say).`,
        'kept',
        { cause: error }
      );
    }
    throw new PutFileError(
      file.filename,
      `${file.filename} may now be MISSING from the site: ${why}; restoring the previous ` +
        'version failed too.',
      'missing',
      { cause: error }
    );
  }

  /** A listing showed `copy` with the new checksum: the put is done, the listing's copy kept. */
  private confirmedByListing(
    file: FileToUpload,
    previous: readonly RemoteFile[],
    copy: ThemeAsset
  ): PutResult {
    this.puts.set(file.filename, { checksum: file.checksum, previous, confirmed: true });
    this.log.debug(`${file.filename}: the site holds the new version (asset ${copy.id}).`);
    return { filename: file.filename };
  }

  /** An upload that may or may not have landed: the listing after the uploads says. */
  private toConfirm(
    file: FileToUpload,
    previous: readonly RemoteFile[],
    error: unknown
  ): PutResult {
    this.puts.set(file.filename, {
      checksum: file.checksum,
      previous,
      confirmed: false,
      unconfirmedBecause: error
    });
    return { filename: file.filename, toConfirm: true };
  }

  /** Brings back the deleted copies; the first one restored, if any (one is enough). */
  private async restore(
    deleted: readonly RemoteFile[],
    signal: AbortSignal
  ): Promise<RemoteFile | undefined> {
    for (const old of deleted) {
      try {
        await this.endpoints.restore(old.id as string, signal);
        return old;
      } catch (error) {
        this.log.debug(`Restoring asset ${old.id} failed: ${messageOf(error)}`);
      }
    }
    return undefined;
  }

  /** The listing, even after a cancel; undefined when it cannot be had in time. */
  private async listEvenIfCancelled(signal: AbortSignal): Promise<ThemeAsset[] | undefined> {
    try {
      return await this.endpoints.list(signal, true);
    } catch (error) {
      this.log.debug(`Listing the theme assets failed: ${messageOf(error)}`);
      return undefined;
    }
  }

  private async upload(
    file: FileToUpload,
    previous: readonly RemoteFile[],
    signal?: AbortSignal
  ): Promise<PutResult & { id: string }> {
    const answer = await this.endpoints.upload(file, signal);
    // Even with an answer, the listing after the uploads checks for extra copies: an earlier
    // attempt whose answer was lost, or another run of this commit.
    this.puts.set(file.filename, { checksum: file.checksum, previous, confirmed: true });
    return {
      filename: file.filename,
      date: answer.date,
      id: answer.asset.id,
      ...(answer.uncertain ? { toConfirm: true } : {})
    };
  }

  private async deleteIfPresent(old: RemoteFile, signal?: AbortSignal): Promise<void> {
    try {
      await this.endpoints.delete(old.id as string, signal);
    } catch (error) {
      // Already gone (another run, or a person) is what a delete wants.
      if (error instanceof SiteleafApiError && error.status === 404) return;
      throw error;
    }
  }

  /**
   * After every put, one listing: each file this run put keeps one copy with the new checksum
   * (the oldest, so that every run settling it keeps the same one), and loses its other copies
   * with that checksum and the copies this run replaced. A put whose answer never came fails
   * here only when the site lacks the new version.
   */
  async settle(signal?: AbortSignal): Promise<SettledPuts> {
    if (this.puts.size === 0) return { failed: [], extraCopiesRemoved: [] };
    const remote = await this.endpoints.list(signal);
    const failed: PutFileError[] = [];
    const extraCopiesRemoved: string[] = [];
    for (const [filename, put] of this.puts) {
      const copies = remote.filter(asset => asset.filename === filename);
      const keep = currentCopies(copies, { filename, checksum: put.checksum })[0];
      if (!keep) {
        // Replaced since by someone else: nothing of this run's to settle.
        if (put.confirmed) continue;
        failed.push(notLanded(filename, put, copies.length === 0));
        continue;
      }
      const replaced = new Set(put.previous.map(old => old.id));
      const extras = copies.filter(
        asset =>
          asset.id !== keep.id &&
          (sameChecksum(asset.checksum, put.checksum) || replaced.has(asset.id))
      );
      try {
        for (const extra of extras) {
          await this.deleteIfPresent(toRemote(extra), signal);
          extraCopiesRemoved.push(filename);
        }
      } catch (error) {
        failed.push(
          new PutFileError(
            filename,
            `Could not delete an extra copy of ${filename}: ${messageOf(error)}`,
            'kept',
            { cause: error }
          )
        );
        continue;
      }
      if (extras.length) this.log.info(`Removed ${extras.length} extra copy of ${filename}`);
    }
    this.puts.clear();
    return { failed, extraCopiesRemoved };
  }
}

/** The failure of a put the listing found no new copy of. */
function notLanded(filename: string, put: Put, noCopyLeft: boolean): PutFileError {
  const cause = put.unconfirmedBecause;
  const said = refusesSecondCopy(cause)
    ? `Siteleaf refused it as a second copy (${cause.serverMessage || cause.message}), and no copy with its new content is on the site`
    : `${messageOf(cause)}; the site does not hold the new version`;
  const left = put.previous.length > 0 && noCopyLeft ? 'missing' : 'kept';
  return new PutFileError(filename, `Could not upload ${filename}: ${said}`, left, { cause });
}

/** A v1 asset as the flow sees every remote file. */
export function toRemote(asset: ThemeAsset): RemoteFile {
  return {
    filename: asset.filename,
    checksum: typeof asset.checksum === 'string' ? asset.checksum.toLowerCase() : null,
    role: 'file',
    type: 'asset',
    id: asset.id
  };
}

/**
 * Siteleaf refusing a second asset of one filename: a 409, or a 4xx that says so (422
 * `Filename has already been taken`). Any other refusal (a file it finds invalid, too large...)
 * would refuse the re-upload too: deleting the old copy for it would only lose the file.
 */
export function refusesSecondCopy(error: unknown): error is SiteleafApiError {
  if (!(error instanceof SiteleafApiError) || error.status < 400 || error.status > 499) {
    return false;
  }
  return error.status === 409 || /taken|already exists|duplicate/i.test(error.serverMessage);
}

/** A failure after which the request may have been carried out (not a cancel: it stops). */
function uncertain(error: unknown): boolean {
  return mayHaveLanded(error) && !(error instanceof CancelledError);
}

/** An answer that says the request was not carried out (not a lost or 5xx one). */
function isDefiniteRefusal(error: unknown): boolean {
  return (
    error instanceof SiteleafApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    !error.afterUncertainAttempt
  );
}

/** The copies of `file` with its checksum, oldest first (ties: by id), as every run sees them. */
function currentCopies(
  remote: readonly ThemeAsset[],
  file: { filename: string; checksum: string }
): ThemeAsset[] {
  return remote
    .filter(
      asset => asset.filename === file.filename && sameChecksum(asset.checksum, file.checksum)
    )
    .sort(
      (a, b) =>
        String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')) ||
        String(a.id).localeCompare(String(b.id))
    );
}
