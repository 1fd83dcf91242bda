// What the publish flow needs from Siteleaf, whichever API the site runs on. The v1 API (theme
// assets, sites made before 2016) and the v2 API (one source tree per site) are two adapters
// of this one interface; the flow, the plan, the sync and the report never name a version.
import type { StreamAnswer } from './http.js';

export type ApiVersion = 'v1' | 'v2';

/**
 * How an API fingerprints a file's bytes, lowercase hex: v1 asset `checksum`s are MD5, v2
 * source `sha`s are git blob ids (SHA-1 of `blob <size>\0` and the bytes, as `git hash-object`).
 */
export type ChecksumKind = 'md5' | 'git-blob-sha1';

/** Checksums compare as lowercase hex (a server may send uppercase); an absent one never matches. */
export function sameChecksum(remote: string | null | undefined, local: string): boolean {
  return typeof remote === 'string' && remote.toLowerCase() === local.toLowerCase();
}

/**
 * What a remote file is to the people who work on the site:
 * - `file`: theme files and assets, owned by the repository (every v1 asset; v2 `file`);
 * - `content`: pages and documents, which editors change in Siteleaf (v2 `page`, `document`);
 * - `config`: the site's `_config.yml` (v2 `site`), edited in Siteleaf's settings too.
 */
export type RemoteRole = 'file' | 'content' | 'config';

/** One file the site holds. */
export interface RemoteFile {
  /** Its path from the site's (or theme's) root, `/`-separated, as the site spells it. */
  readonly filename: string;
  /** Of the API's checksum kind, lowercase hex; null when the site gives none. */
  readonly checksum: string | null;
  readonly role: RemoteRole;
  /** The API's own word for it (`asset`, `file`, `page`, `document`, `site`), for messages. */
  readonly type: string;
  /** v1: the asset id (several assets may share a filename). */
  readonly id?: string;
}

/** A local file to upload, with its checksum of the API's kind. */
export interface FileToUpload {
  readonly filename: string;
  /** Real path of the bytes to send (always inside theme-dir). */
  readonly absolutePath: string;
  readonly size: number;
  readonly checksum: string;
}

export interface SiteInfo {
  readonly title: string;
  /** '' when the site has none. */
  readonly domain: string;
  /** A GitHub Sync job under way (v2), to be waited for before uploading or publishing. */
  readonly runningSyncJob?: string;
}

export interface PutResult {
  /** The name the site stored the file under (v2 may normalise it). */
  readonly filename: string;
  /** The answer's `Date` header: when the site had the file. */
  readonly date?: string;
  /** The upload's answer was lost; the site holds the file, as `settlePuts` will confirm. */
  readonly toConfirm?: boolean;
}

/**
 * What a failed put left on the site. `kept`: the previous version is still there (nothing
 * was deleted). `restored`: it was deleted, then restored. `missing`: it was deleted and
 * neither a new copy nor a restore was confirmed, so the site may now lack the file.
 */
export type LeftOnSite = 'kept' | 'restored' | 'missing';

/** A put that failed for good; `left` says what the site holds of the file now. */
export class PutFileError extends Error {
  override readonly name = 'PutFileError';
  constructor(
    readonly filename: string,
    message: string,
    readonly left: LeftOnSite,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}

/** What `settlePuts` found for the uploads whose answers were lost. */
export interface SettledPuts {
  /** Puts that turned out not to have landed after all. */
  readonly failed: readonly PutFileError[];
  /** Extra copies removed, by filename (one entry per copy). */
  readonly extraCopiesRemoved: readonly string[];
}

export type JobKind = 'publish' | 'sync';

/** What the site says about a job whose stream is gone (410). */
export type JobOutcomeOnSite =
  { readonly status: 'complete' } | { readonly status: 'failed'; readonly message: string };

/** What an API is, known before any request: what the flow and the plan adapt to. */
export interface ApiTraits {
  readonly version: ApiVersion;
  readonly checksumKind: ChecksumKind;
  /** Whether the site treats `About.html` and `about.html` as one file. */
  readonly namesIgnoreCase: boolean;
  /** Files that must be uploaded before, and apart from, every other one (v2: `_config.yml`). */
  readonly uploadsFirst: readonly string[];
  /**
   * Whether theme-dir is a Jekyll site's root whose files are the site's source (v2), so what
   * Jekyll leaves out (and `_config.yml`'s `exclude:`) is not uploaded.
   */
  readonly sourceIsJekyllSite: boolean;
  /** The SSE `event:` name this API uses for job events. */
  readonly jobEventName: string;
}

/**
 * What each adapter extends: the traits it is built with become the fields SiteleafApi reads,
 * declared here once instead of copied into every adapter.
 */
export abstract class ApiAdapter implements ApiTraits {
  declare readonly version: ApiVersion;
  declare readonly checksumKind: ChecksumKind;
  declare readonly namesIgnoreCase: boolean;
  declare readonly uploadsFirst: readonly string[];
  declare readonly sourceIsJekyllSite: boolean;
  declare readonly jobEventName: string;

  protected constructor(traits: ApiTraits) {
    Object.assign(this, traits);
  }
}

export interface SiteleafApi extends ApiTraits {
  readSite(): Promise<SiteInfo>;
  /** Every remote file (never a directory), complete whatever the paging. */
  listFiles(signal?: AbortSignal): Promise<RemoteFile[]>;
  /**
   * Puts one file on the site, replacing `previous` (the remote files of its name) in a way
   * that never leaves the site without it when the API allows. Throws PutFileError (or any
   * error, which means `kept`).
   */
  putFile(
    file: FileToUpload,
    previous: readonly RemoteFile[],
    signal?: AbortSignal
  ): Promise<PutResult>;
  deleteFile(file: RemoteFile, signal?: AbortSignal): Promise<void>;
  /** After every put: settles the ones whose answers were lost (one listing, when any). */
  settlePuts(signal?: AbortSignal): Promise<SettledPuts>;
  /** Starts a publish; the job id (possibly of a publish already running). */
  publish(): Promise<string>;
  /** Where the job's event stream may be read, in the order to try them. */
  jobStreamPaths(jobId: string): string[];
  openJobStream(path: string, signal: AbortSignal): Promise<StreamAnswer>;
  /**
   * After a 410 for a job this run saw working: how the site says it ended, or undefined when
   * the API cannot tell.
   */
  jobOutcomeOnSite(jobId: string, kind: JobKind): Promise<JobOutcomeOnSite | undefined>;
}
