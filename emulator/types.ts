// The emulator's public types. `server.ts` re-exports all of them; they live here so the
// asset and job modules can use them without importing the server.
import type { JobEventData } from '../src/siteleaf/job-types.js';
import type { ThemeAsset } from '../src/siteleaf/v1/types.js';

export interface JobStep {
  status: string;
  message: string;
}

/** How a publish job behaves over time. Every field is optional. */
export interface JobScript {
  /** Default: working "Checking... /", "Compiling theme...", "Uploading 3 files", complete "Published". */
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
}

export type DuplicateMode = 'keep-both' | 'overwrite' | 'refuse';

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
  /** The multipart `file` part. */
  file?: { partFilename: string; size: number; md5: string };
  /** Date.now() at arrival. */
  at: number;
  /** Date.now() when the answer went out (or the connection was dropped). */
  answeredAt?: number;
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
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

export interface JobInfo {
  id: string;
  events: JobEventData[];
  final: boolean;
  createdBy: 'publish' | 'startJob';
}

export interface Emulator {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  options: ResolvedEmulatorOptions;
  requests: RecordedRequest[];
  themeAssets(): StoredAsset[];
  seedThemeAssets(files: Array<{ filename: string; content: string | Buffer }>): StoredAsset[];
  /** A running job of the site, which publish hands back while it runs. */
  startJob(opts?: { startedAt?: number; script?: JobScript }): string;
  jobs(): JobInfo[];
  /** Forget a job: its open streams end, and it answers 410 from then on. */
  expireJob(id: string): void;
  failNext(fault: Fault): void;
  /** Requests whose method is not GET. */
  mutations(): RecordedRequest[];
  /** Clear requests, faults, assets, jobs and the rate-limit window. */
  reset(): void;
  /** Close the server and every connection, stream and timer. */
  close(): Promise<void>;
}
