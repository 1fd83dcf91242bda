// The emulator's public types. `server.ts` re-exports all of them; they live here so the
// asset, source and job modules can use them without importing the server.
import type { JobEventData } from '../src/siteleaf/job-types.js';
import type { ThemeAsset } from '../src/siteleaf/v1/types.js';

export interface JobStep {
  status: string;
  message: string;
  /**
   * Whether the job ends on this step. Default: every status but `working` is final; `false`
   * makes an unknown status (`building`) a step the job goes on from.
   */
  final?: boolean;
  /** Seconds added to this step's `updated_at` (negative: a clock that goes backwards). */
  clockOffset?: number;
}

/** How a job (publish or sync) behaves over time. Every field is optional. */
export interface JobScript {
  /** Default: working "Fetching inventory...", "Compiling...", "Checking... /", complete "Published". */
  steps?: JobStep[];
  /** Delay between events in ms (default 40). The first event is emitted when the job is created. */
  stepMs?: number;
  /** Play only the steps before the first final one, then stay "working" for ever. */
  hang?: boolean;
  /** On the first `dropStreamTimes` connections, destroy the socket after this many events. */
  dropStreamAfter?: number;
  /** Default 1. */
  dropStreamTimes?: number;
  /** On the first connection only, write this many events, then go silent with the socket open. */
  stallStreamAfter?: number;
  /** A non-JSON `data:` payload, sent as its own event before the first step. */
  rawDataBefore?: string;
  /**
   * Expire the job this many ms after its final event (Siteleaf keeps it 30 minutes): its
   * open streams end, and it answers 410 from then on. 0 cuts a stream inside the final
   * event. Default: never.
   */
  expireAfterEndMs?: number;
}

export type DuplicateMode = 'keep-both' | 'overwrite' | 'refuse';

/** The API the site runs on: each answers 404 for the other's sites (see `v1SiteOnV2`). */
export type SiteVersion = 'v1' | 'v2';

/** What kind of work a job does; the v2 site reports the running and last job of each. */
export type JobKind = 'publish' | 'sync';

/** The `type` of a v2 source file (a `directory` entry is not a file and is never stored). */
export type SourceFileType = 'site' | 'page' | 'document' | 'file';

export interface RateLimit {
  limit: number;
  windowMs: number;
  /** When set, a 403 past the limit carries `Retry-After: <this>`. */
  retryAfterSeconds?: number;
}

export interface EmulatorOptions {
  /** Default 'demo-key'. */
  apiKey?: string;
  /** Default 'demo-secret'. */
  apiSecret?: string;
  /** Default '5f1e2d3c4b5a69788796a5b4'. */
  siteId?: string;
  /** Default 'example.siteleaf.net'. */
  domain?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Delay before every response, stream openings included (default 0). */
  latencyMs?: number;
  /** What an upload does when an asset with its filename exists (default 'keep-both'). */
  duplicateFilenames?: DuplicateMode;
  /** Which of /v1/jobs/:id and /api/v1/jobs/:id exist (default 'both'). */
  jobsPath?: 'v1' | 'api' | 'both';
  /** The SSE `event:` name (default 'publish'; v2 sites say 'status'). */
  eventName?: 'publish' | 'status';
  /** What a (re)connecting stream gets first (default 'all'). */
  replay?: 'all' | 'last';
  /** Script for jobs started by publish (read when the job is created). */
  job?: JobScript;
  /** Default { limit: 500, windowMs: 300000 }. */
  rateLimit?: RateLimit;
  /** Keep uploaded bytes for files up to this size (default 1 MiB); size and md5 are always kept. */
  keepBodyBytesUpTo?: number;
  /** Called once per request, when its status is known (answered, stream opened, or dropped). */
  onResponse?: (request: RecordedRequest) => void;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };

  // --- Siteleaf v2 -------------------------------------------------------------------
  /** The API the site runs on (default 'v1'). A v2 site answers 404 on every v1 route. */
  siteVersion?: SiteVersion;
  /** How a v1 site answers `GET /v2/sites/:id`: 404 (default 'not-found') or 200 `version: "v1"`. */
  v1SiteOnV2?: 'not-found' | 'version';
  /** Ignore `recursive=true`: every listing shows direct children only (default false). */
  ignoreRecursive?: boolean;
  /** A recursive listing shows the directories too, not only the files (default false). */
  recursiveDirectories?: boolean;
  /** Cap on `per_page`, to force several pages (default: no cap). */
  maxPerPage?: number;
  /** New source files get a normalised name: lowercase, blanks as `-` (default false). */
  normalizeNames?: boolean;
  /**
   * Store `page`, `document` and `site` files with a trailing newline added, as Siteleaf
   * re-serialises their YAML: the stored bytes and `sha` never equal the upload (default false).
   */
  rewriteContent?: boolean;

  // --- a hostile world ---------------------------------------------------------------
  /**
   * What `GET /v1/jobs/:id` (and `/v2/jobs/:id`) answers for a known job: its SSE stream
   * (default 'sse'), or a 200 that is not a stream: the latest event as `application/json`
   * ('json'), or an HTML page ('html'), as a misconfigured proxy or cache would.
   */
  jobStreamFormat?: 'sse' | 'json' | 'html';
  /**
   * Echo the credentials back: every error body and every job message carries the key, the
   * secret and the Basic auth value the request came with (default false).
   */
  echoCredentials?: boolean;
  /** Publish answers this `job_id` instead of the job's own (a hostile or broken server). */
  forgedJobId?: string;
}

/** The options in force: every default filled in. Mutable between requests. */
export type ResolvedEmulatorOptions = Required<Omit<EmulatorOptions, 'onResponse' | 'tls'>> &
  Pick<EmulatorOptions, 'onResponse' | 'tls'>;

export interface RecordedRequest {
  method: string;
  /** Path without query, as sent (with or without `.json`). */
  path: string;
  /** Normalised name such as 'POST /v1/sites/:id/theme/assets', or 'unknown'. */
  route: string;
  headers: Record<string, string | string[] | undefined>;
  /** What the emulator answered; 0 if it dropped the connection (or the client went away). */
  status: number;
  /** Request body bytes received. */
  bytesIn: number;
  /** Multipart text fields. */
  fields?: Record<string, string>;
  /** The multipart `file` part; `sha` (the git blob id) on v2 uploads only. */
  file?: { partFilename: string; size: number; md5: string; sha?: string };
  /** v2 source routes: the file's path from the site root, every segment percent-decoded. */
  sourcePath?: string;
  /** v2 publish: the request body as text (the action sends `{}`). */
  body?: string;
  /** Date.now() at arrival. */
  at: number;
  /** Date.now() when the answer went out (or the connection was dropped). */
  answeredAt?: number;
  /** The answer was cut off half-way (Fault.cutAnswer); `status` is then 0. */
  cut?: boolean;
}

export interface StoredAsset extends ThemeAsset {
  /** The uploaded bytes, when the file was no larger than `keepBodyBytesUpTo`. */
  content?: Buffer;
}

export interface Fault {
  /** Any method when absent (case-insensitive). */
  method?: string;
  /**
   * A RegExp is tested against the path as sent. A string matches the path with or without
   * `.json`, or a route pattern such as '/v1/sites/:id/theme/assets'.
   */
  path: RegExp | string;
  /** Default 500. */
  status?: number;
  /** Default `{"error":"<status text>"}`. */
  body?: string;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
  /**
   * Handle the request as usual (an upload is stored), then destroy the socket instead of
   * answering: the client cannot tell whether it worked.
   */
  loseAnswer?: boolean;
  /**
   * Handle the request as usual (an upload is stored), then send the answer's headers (with
   * its whole length) and half its body, and destroy the socket: an answer cut off mid-way.
   */
  cutAnswer?: boolean;
  /** Read the request, then never answer: the socket stays open until the client goes away. */
  hang?: boolean;
  /**
   * Handle the request as usual (an upload is stored), then never answer: the socket stays
   * open until the client goes away.
   */
  hangAfter?: boolean;
  /**
   * Answer with a redirect to this location (a path on this emulator or a whole URL), with
   * `status` (default 307). The request is not carried out.
   */
  redirectTo?: string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** Let this many matching requests through untouched first (default 0). */
  skip?: number;
}

/** A v2 source file as stored. */
export interface StoredSourceFile {
  /** The path from the site's root, as stored (names match ignoring case). */
  name: string;
  type: SourceFileType;
  /** Git blob id of the stored bytes. */
  sha: string;
  filesize: number;
  created_at: string;
  updated_at: string;
  /** The stored bytes, when no larger than `keepBodyBytesUpTo`. */
  content?: Buffer;
}

export interface JobInfo {
  id: string;
  events: JobEventData[];
  final: boolean;
  /** The POST that made it, or the method a test called. */
  createdBy: 'publish' | 'startJob' | 'startSyncJob';
  kind: JobKind;
  /** The site's API when the job was made: its stream is served on that API's paths only. */
  api: SiteVersion;
}

export interface Emulator {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  options: ResolvedEmulatorOptions;
  requests: RecordedRequest[];
  themeAssets(): StoredAsset[];
  /** Store theme assets as they are; `id` forces an asset's id (a hostile one, say). */
  seedThemeAssets(
    files: Array<{ filename: string; content: string | Buffer; id?: string }>
  ): StoredAsset[];
  /** Theme assets deleted and not restored since (`PUT /v1/assets/:id/restore` brings one back). */
  trashedAssets(): StoredAsset[];
  /** A running job of the site, which publish hands back while it runs. */
  startJob(opts?: { startedAt?: number; script?: JobScript }): string;
  /**
   * A running GitHub Sync job, shown as `jobs.sync.id` by `GET /v2/sites/:id` until it ends.
   * Default script: sync messages, at the pace of `options.job.stepMs`.
   */
  startSyncJob(script?: JobScript): string;
  /** The v2 source files, sorted by name. */
  sourceFiles(): StoredSourceFile[];
  /** Store source files as they are (no normalising, no rewriting); the type is guessed if absent. */
  seedSource(
    files: Array<{ name: string; content: string | Buffer; type?: SourceFileType }>
  ): StoredSourceFile[];
  jobs(): JobInfo[];
  /** Forget a job: its open streams end, and it answers 410 from then on. */
  expireJob(id: string): void;
  failNext(fault: Fault): void;
  /** Requests whose method is not GET. */
  mutations(): RecordedRequest[];
  /**
   * Clear requests, faults, assets, source files, jobs (and the site's record of them) and the
   * rate-limit window, and restore `options` (the same object) to what the emulator started with.
   */
  reset(): void;
  /** Close the server and every connection, stream and timer. */
  close(): Promise<void>;
}
