// How one theme file replaces its previous copy on a v1 site, under the rule "replacing a file
// never leaves the site without it". v1 has no "replace": a new asset is uploaded beside the
// old, and Siteleaf then does one of three things, which this module tells apart by the answer:
// (a) a new asset id, both kept: delete the old ids; (b) the old id, overwritten in place:
//     delete nothing; (c) a refusal ("Filename has already been taken"): delete the old copy,
//     upload again, and if that upload fails for good (or the run is cancelled), restore the
//     old copy (`PUT /v1/assets/:id/restore`) and say so.
// An upload whose answer was lost may have landed anyway, twice even: such files are settled
// after every upload with one listing (keep one copy with the new checksum, delete the rest).
// "Taken" may likewise be this run's own lost attempt, or another run's copy of the same
// commit: the listing decides before anything is called failed or missing.
import { messageOf } from '../../format.js';
import type { Log } from '../../log.js';
import { sleep } from '../../sleep.js';
import {
  PutFileError,
  type FileToUpload,
  type PutResult,
  type RemoteFile,
  type SettledPuts
} from '../api.js';
import { SiteleafApiError } from '../errors.js';
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
  /** `PUT /v1/assets/:id/restore`: brings back a deleted asset. Not cancellable. */
  restore(id: string): Promise<void>;
  list(signal?: AbortSignal): Promise<ThemeAsset[]>;
}

/** Uploads whose answer was lost, or refused as taken: what the listing must show. */
interface ToConfirm {
  checksum: string;
  /** The id an answer named, kept in preference. */
  id?: string;
  /** Whether the site held the file before this run (so lacking it now means missing). */
  hadPrevious: boolean;
}

const REUPLOAD_ATTEMPTS = 3;
const REUPLOAD_PAUSE_MS = 500;

export class AssetWriter {
  /** The first "filename already taken" answer of this run, if any. */
  private refusal: SiteleafApiError | undefined;
  private readonly toConfirm = new Map<string, ToConfirm>();

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
      return await this.upload(file, false, signal);
    } catch (error) {
      // "Taken" for a file the plan thought new: this run's own lost attempt, or another
      // run's upload. The listing after the uploads tells whether the site has it.
      if (!refusesSecondCopy(error)) throw error;
      this.toConfirm.set(file.filename, { checksum: file.checksum, hadPrevious: false });
      return { filename: file.filename, toConfirm: true };
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
      answer = await this.upload(file, true, signal);
    } catch (error) {
      if (refusesSecondCopy(error)) {
        this.refusal ??= error;
        return this.deleteThenUpload(file, previous, error, signal);
      }
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
    // Copies whose DELETE was sent and may have been carried out: a definite refusal means the
    // copy is still there; an answer lost or a cancel in flight means it may be gone.
    const deleted: RemoteFile[] = [];
    let uploading = false;
    try {
      for (const old of previous) {
        deleted.push(old);
        try {
          await this.deleteIfPresent(old, signal);
        } catch (error) {
          if (isDefiniteRefusal(error)) deleted.pop();
          throw error;
        }
      }
      uploading = true;
      return await this.uploadAfterDelete(file, signal);
    } catch (error) {
      const refused = refusal.serverMessage || refusal.message;
      const why =
        `Could not replace ${file.filename}: Siteleaf refused a second copy (${refused}), and ` +
        `${uploading ? 'uploading after deleting the old one' : 'deleting the old one'} failed: ` +
        messageOf(error);
      if (deleted.length === 0) {
        throw new PutFileError(file.filename, `${why} (the site keeps the old version)`, 'kept', {
          cause: error
        });
      }
      if (await this.restore(deleted)) {
        throw new PutFileError(
          file.filename,
          `${why}. Its previous version was restored.`,
          'restored',
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
  }

  /**
   * The re-upload of case (c). A delete may take a moment to show: "taken" again is retried a
   * few times; if it still says taken, the copy may be this run's own lost attempt or another
   * run's, and the listing decides.
   */
  private async uploadAfterDelete(file: FileToUpload, signal?: AbortSignal): Promise<PutResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.upload(file, true, signal);
      } catch (error) {
        if (!refusesSecondCopy(error)) throw error;
        // After an attempt whose answer was lost, "taken" is most likely that attempt's copy.
        if (error.afterUncertainAttempt || attempt >= REUPLOAD_ATTEMPTS) {
          const current = await this.currentCopy(file, signal);
          if (current) return { filename: file.filename };
          throw error;
        }
        await sleep(this.reuploadPauseMs * attempt, signal);
      }
    }
  }

  /** A copy of `file` with its new checksum, as one listing shows it (another run's, say). */
  private async currentCopy(file: FileToUpload, signal?: AbortSignal) {
    const remote = await this.endpoints.list(signal);
    return remote.find(
      asset => asset.filename === file.filename && sameChecksum(asset.checksum, file.checksum)
    );
  }

  /** Brings back every deleted copy; true when the site holds the file again. */
  private async restore(deleted: readonly RemoteFile[]): Promise<boolean> {
    if (deleted.length === 0) return true;
    let restored = 0;
    for (const old of deleted) {
      try {
        await this.endpoints.restore(old.id as string);
        restored++;
      } catch (error) {
        this.log.debug(`Restoring asset ${old.id} failed: ${messageOf(error)}`);
      }
    }
    return restored > 0;
  }

  private async upload(
    file: FileToUpload,
    hadPrevious: boolean,
    signal?: AbortSignal
  ): Promise<PutResult & { id: string }> {
    const answer = await this.endpoints.upload(file, signal);
    if (answer.uncertain) {
      // An earlier attempt may have landed too: the listing after the uploads keeps one copy.
      this.toConfirm.set(file.filename, {
        checksum: file.checksum,
        id: answer.asset.id,
        hadPrevious
      });
    }
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
   * After a lost answer the site may hold the file twice (the first attempt landed, the retry
   * added a copy) or, rarely, not at all. One listing settles it: keep one copy with the new
   * checksum (the one the answer named, if any), delete the rest.
   */
  async settle(signal?: AbortSignal): Promise<SettledPuts> {
    if (this.toConfirm.size === 0) return { failed: [], extraCopiesRemoved: [] };
    const remote = await this.endpoints.list(signal);
    const failed: PutFileError[] = [];
    const extraCopiesRemoved: string[] = [];
    for (const [filename, expected] of this.toConfirm) {
      const copies = remote.filter(asset => asset.filename === filename);
      const current = copies.filter(asset => sameChecksum(asset.checksum, expected.checksum));
      const keep = current.find(asset => asset.id === expected.id) ?? current[0];
      if (!keep) {
        failed.push(
          new PutFileError(
            filename,
            `Could not upload ${filename}: an answer was lost on the way, and Siteleaf ` +
              'does not hold the new version',
            expected.hadPrevious && copies.length === 0 ? 'missing' : 'kept'
          )
        );
        continue;
      }
      const extras = copies.filter(asset => asset.id !== keep.id);
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
    this.toConfirm.clear();
    return { failed, extraCopiesRemoved };
  }
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

/** An answer that says the request was not carried out (not a lost or 5xx one). */
function isDefiniteRefusal(error: unknown): boolean {
  return (
    error instanceof SiteleafApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    !error.afterUncertainAttempt
  );
}

function sameChecksum(remote: string | undefined | null, local: string): boolean {
  return typeof remote === 'string' && remote.toLowerCase() === local.toLowerCase();
}
