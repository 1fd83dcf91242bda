// A Siteleaf v1 API emulator: a real HTTP server on 127.0.0.1 for tests, demos and benches.
// It covers what siteleaf-publish talks to (site, theme assets, publish, the job stream),
// with knobs for the ways the real service misbehaves (see EmulatorOptions, JobScript, Fault).
import {
  STATUS_CODES,
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import {
  AssetStore,
  MalformedUploadError,
  NotMultipartError,
  assetJson,
  bodyOf,
  receiveUpload
} from './assets.js';
import { Job, jobNotFoundBody, streamJob } from './jobs.js';
import type {
  Emulator,
  EmulatorOptions,
  Fault,
  JobInfo,
  JobScript,
  RecordedRequest,
  ResolvedEmulatorOptions,
  StoredAsset
} from './types.js';
import { Timers, objectId } from './util.js';

export type * from './types.js';
export { formatEvent, DEFAULT_STEPS, DEFAULT_STEP_MS } from './jobs.js';

/** Pause between the two halves of an SSE event: long enough to make them separate chunks. */
const SPLIT_DELAY_MS = 5;

function resolveOptions(options: EmulatorOptions): ResolvedEmulatorOptions {
  return {
    apiKey: options.apiKey ?? 'demo-key',
    apiSecret: options.apiSecret ?? 'demo-secret',
    siteId: options.siteId ?? '5f1e2d3c4b5a69788796a5b4',
    domain: options.domain ?? 'example.siteleaf.net',
    port: options.port ?? 0,
    latencyMs: options.latencyMs ?? 0,
    duplicateFilenames: options.duplicateFilenames ?? 'keep-both',
    jobsPath: options.jobsPath ?? 'both',
    eventName: options.eventName ?? 'publish',
    replay: options.replay ?? 'all',
    job: options.job ?? {},
    rateLimit: options.rateLimit ?? { limit: 500, windowMs: 300_000 },
    keepBodyBytesUpTo: options.keepBodyBytesUpTo ?? 1024 * 1024,
    onResponse: options.onResponse,
    tls: options.tls
  };
}

// ---------------------------------------------------------------------------------------
// Routing

type RouteName =
  | 'GET /v1/sites/:id'
  | 'GET /v1/sites/:id/theme/assets'
  | 'POST /v1/sites/:id/theme/assets'
  | 'DELETE /v1/assets/:id'
  | 'POST /v1/sites/:id/publish'
  | 'GET /v1/jobs/:id'
  | 'GET /api/v1/jobs/:id';

const ROUTES: ReadonlyArray<{ name: RouteName; pattern: RegExp }> = [
  { name: 'GET /v1/sites/:id', pattern: /^\/v1\/sites\/([^/]+)$/ },
  { name: 'GET /v1/sites/:id/theme/assets', pattern: /^\/v1\/sites\/([^/]+)\/theme\/assets$/ },
  { name: 'POST /v1/sites/:id/theme/assets', pattern: /^\/v1\/sites\/([^/]+)\/theme\/assets$/ },
  { name: 'DELETE /v1/assets/:id', pattern: /^\/v1\/assets\/([^/]+)$/ },
  { name: 'POST /v1/sites/:id/publish', pattern: /^\/v1\/sites\/([^/]+)\/publish$/ },
  { name: 'GET /v1/jobs/:id', pattern: /^\/v1\/jobs\/([^/]+)$/ },
  { name: 'GET /api/v1/jobs/:id', pattern: /^\/api\/v1\/jobs\/([^/]+)$/ }
];

/** Every path works with and without the `.json` suffix. */
function stripJson(path: string): string {
  return path.endsWith('.json') ? path.slice(0, -'.json'.length) : path;
}

function matchRoute(method: string, path: string): { name: RouteName; id: string } | undefined {
  const bare = stripJson(path);
  for (const route of ROUTES) {
    if (!route.name.startsWith(`${method} `)) continue;
    const id = route.pattern.exec(bare)?.[1];
    if (id !== undefined) return { name: route.name, id: decodeURIComponent(id) };
  }
  return undefined;
}

function faultMatches(fault: Fault, request: RecordedRequest): boolean {
  if (fault.method && fault.method.toUpperCase() !== request.method) return false;
  if (fault.path instanceof RegExp) {
    fault.path.lastIndex = 0; // a /g RegExp keeps state between test() calls
    return fault.path.test(request.path);
  }
  const wanted = stripJson(fault.path);
  const routePattern = request.route.slice(request.route.indexOf(' ') + 1);
  return wanted === stripJson(request.path) || wanted === routePattern;
}

// ---------------------------------------------------------------------------------------
// One request in flight

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  /** Handle the request, then cut the connection instead of answering (Fault.loseAnswer). */
  loseAnswer?: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function errorBody(message: string): string {
  return JSON.stringify({ error: message });
}

/** Read and discard the request body (counting it), so the reply is not cut off by it. */
function drainBody(exchange: Exchange): Promise<void> {
  const { req, record } = exchange;
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise(resolve => {
    req.on('data', (chunk: Buffer) => {
      record.bytesIn += chunk.length;
    });
    req.once('end', resolve);
    req.once('close', resolve);
    req.resume();
  });
}

// ---------------------------------------------------------------------------------------

class SiteleafEmulator implements Emulator {
  url = '';
  readonly options: ResolvedEmulatorOptions;
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Timers();
  private readonly assets: AssetStore;
  private readonly jobStore = new Map<string, Job>();
  private faults: Array<Fault & { remaining: number }> = [];
  /** Arrival times of the requests inside the rate-limit window. */
  private window: number[] = [];
  private readonly siteCreatedAt = new Date().toISOString();

  constructor(options: ResolvedEmulatorOptions) {
    this.options = options;
    this.assets = new AssetStore(() => this.options.domain);
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, '127.0.0.1', () => {
        const { port } = this.server.address() as AddressInfo;
        this.url = `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
        resolve();
      });
    });
  }

  // --- the public surface ------------------------------------------------------------

  themeAssets(): StoredAsset[] {
    return this.assets.list();
  }

  seedThemeAssets(files: Array<{ filename: string; content: string | Buffer }>): StoredAsset[] {
    return files.map(file => {
      const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
      return this.assets.create(file.filename, bodyOf(bytes, this.options.keepBodyBytesUpTo));
    });
  }

  startJob(opts: { startedAt?: number; script?: JobScript } = {}): string {
    const job = this.createJob('startJob', opts.script ?? this.options.job, opts.startedAt);
    return job.id;
  }

  jobs(): JobInfo[] {
    return [...this.jobStore.values()].map(job => job.info());
  }

  expireJob(id: string): void {
    this.jobStore.get(id)?.stop();
    this.jobStore.delete(id);
  }

  failNext(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  mutations(): RecordedRequest[] {
    return this.requests.filter(request => request.method !== 'GET');
  }

  reset(): void {
    this.requests.length = 0; // keep the array: tests may hold a reference to it
    this.faults = [];
    this.window = [];
    this.assets.clear();
    for (const job of this.jobStore.values()) job.stop();
    this.jobStore.clear();
  }

  async close(): Promise<void> {
    this.timers.stop();
    for (const job of this.jobStore.values()) job.stop();
    const closed = new Promise<void>(resolve => this.server.close(() => resolve()));
    // Open SSE streams (stalled or hanging ones included) and idle keep-alive sockets
    // would otherwise keep the server, and jest, alive.
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  // --- request handling ---------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.on('error', () => undefined); // aborted uploads surface as status 0, not as crashes
    const exchange: Exchange = { req, res, record: this.record(req) };
    const { record } = exchange;
    const route = matchRoute(record.method, record.path);
    record.route = route?.name ?? 'unknown';
    const overLimit = this.countForRateLimit(record.at);

    const fault = this.takeFault(record);
    if (fault?.loseAnswer) exchange.loseAnswer = true;
    else if (fault) return this.answerFault(exchange, fault);
    if (overLimit) return this.answerRateLimited(exchange);
    if (!this.authorised(req)) return this.json(exchange, 401, errorBody('Unauthorized!'));
    if (!route) return this.json(exchange, 404, errorBody('Not found'));
    return this.dispatch(exchange, route.name, route.id);
  }

  /** Every request is recorded on arrival, before any check can answer it. */
  private record(req: IncomingMessage): RecordedRequest {
    const rawUrl = req.url ?? '/';
    const query = rawUrl.indexOf('?');
    const record: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: query >= 0 ? rawUrl.slice(0, query) : rawUrl,
      route: 'unknown',
      headers: { ...req.headers },
      status: 0,
      bytesIn: 0,
      at: Date.now()
    };
    this.requests.push(record);
    return record;
  }

  private dispatch(exchange: Exchange, route: RouteName, id: string): Promise<void> {
    switch (route) {
      case 'GET /v1/sites/:id':
        return this.getSite(exchange, id);
      case 'GET /v1/sites/:id/theme/assets':
        return this.listAssets(exchange, id);
      case 'POST /v1/sites/:id/theme/assets':
        return this.uploadAsset(exchange, id);
      case 'DELETE /v1/assets/:id':
        return this.deleteAsset(exchange, id);
      case 'POST /v1/sites/:id/publish':
        return this.publish(exchange, id);
      case 'GET /v1/jobs/:id':
        return this.openJobStream(exchange, id, 'v1');
      case 'GET /api/v1/jobs/:id':
        return this.openJobStream(exchange, id, 'api');
    }
  }

  /** Sliding window over every request; true when this one is past the limit. */
  private countForRateLimit(at: number): boolean {
    const { limit, windowMs } = this.options.rateLimit;
    this.window = this.window.filter(time => time > at - windowMs);
    this.window.push(at);
    return this.window.length > limit;
  }

  private takeFault(record: RecordedRequest): Fault | undefined {
    const fault = this.faults.find(candidate => faultMatches(candidate, record));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter(other => other !== fault);
    return fault;
  }

  private authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return false;
    const expected = `${this.options.apiKey}:${this.options.apiSecret}`;
    return Buffer.from(match[1], 'base64').toString('utf8') === expected;
  }

  // --- answering ----------------------------------------------------------------------

  /**
   * Send a complete response: the body is read first (so the client is not cut off while
   * still sending), then `latencyMs` passes, then the answer goes out.
   */
  private async send(
    exchange: Exchange,
    status: number,
    body: string,
    headers: OutgoingHttpHeaders = {}
  ): Promise<void> {
    await drainBody(exchange);
    await this.timers.sleep(this.options.latencyMs);
    this.writeNow(exchange, status, body, headers);
  }

  private writeNow(
    exchange: Exchange,
    status: number,
    body: string,
    headers: OutgoingHttpHeaders
  ): void {
    const { res, record } = exchange;
    if (exchange.loseAnswer) res.destroy();
    if (res.destroyed) return this.finish(record, 0);
    const allHeaders: OutgoingHttpHeaders = { ...headers };
    if (body) allHeaders['Content-Length'] = Buffer.byteLength(body);
    res.writeHead(status, allHeaders);
    res.end(body);
    this.finish(record, status);
  }

  private json(exchange: Exchange, status: number, body: string): Promise<void> {
    return this.send(exchange, status, body, { 'Content-Type': JSON_TYPE });
  }

  private finish(record: RecordedRequest, status: number): void {
    record.status = status;
    record.answeredAt = Date.now();
    this.options.onResponse?.(record);
  }

  private async answerFault(exchange: Exchange, fault: Fault): Promise<void> {
    if (fault.drop) {
      await drainBody(exchange);
      await this.timers.sleep(this.options.latencyMs);
      exchange.res.destroy();
      return this.finish(exchange.record, 0);
    }
    const status = fault.status ?? 500;
    const body = fault.body ?? errorBody(STATUS_CODES[status] ?? 'Error');
    const looksJson = /^\s*[[{]/.test(body);
    const headers = {
      'Content-Type': looksJson ? JSON_TYPE : 'text/html; charset=utf-8',
      ...fault.headers
    };
    return this.send(exchange, status, body, headers);
  }

  private answerRateLimited(exchange: Exchange): Promise<void> {
    const headers: OutgoingHttpHeaders = { 'Content-Type': JSON_TYPE };
    const retryAfter = this.options.rateLimit.retryAfterSeconds;
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    return this.send(exchange, 403, errorBody('Rate limit exceeded'), headers);
  }

  private notFound(exchange: Exchange): Promise<void> {
    return this.json(exchange, 404, errorBody('Not found'));
  }

  // --- routes -------------------------------------------------------------------------

  private getSite(exchange: Exchange, siteId: string): Promise<void> {
    if (siteId !== this.options.siteId) return this.notFound(exchange);
    const site = {
      id: this.options.siteId,
      title: 'Example Site',
      domain: this.options.domain,
      timezone: 'UTC',
      created_at: this.siteCreatedAt,
      updated_at: this.siteCreatedAt
    };
    return this.json(exchange, 200, JSON.stringify(site));
  }

  private listAssets(exchange: Exchange, siteId: string): Promise<void> {
    if (siteId !== this.options.siteId) return this.notFound(exchange);
    return this.json(exchange, 200, JSON.stringify(this.assets.list().map(assetJson)));
  }

  private async uploadAsset(exchange: Exchange, siteId: string): Promise<void> {
    if (siteId !== this.options.siteId) return this.notFound(exchange);
    const { record } = exchange;
    let upload;
    try {
      upload = await receiveUpload(exchange.req, this.options.keepBodyBytesUpTo, count => {
        record.bytesIn += count;
      });
    } catch (error) {
      // Not multipart at all: to Siteleaf that is simply a request without a file.
      if (error instanceof NotMultipartError)
        return this.json(exchange, 422, errorBody("File can't be blank"));
      if (error instanceof MalformedUploadError)
        return this.json(exchange, 400, errorBody(`Malformed multipart body: ${error.message}`));
      return this.finish(record, 0); // the client went away mid-upload
    }
    record.fields = upload.fields;
    const file = upload.file;
    if (file) record.file = { partFilename: file.partFilename, size: file.size, md5: file.md5 };

    // `replace` makes Siteleaf replace the whole theme with an uploaded zip: the action
    // must never send it, whatever its value.
    if ('replace' in upload.fields) {
      const message = 'replace is not supported by this emulator: it would replace the whole theme';
      return this.json(exchange, 422, errorBody(message));
    }
    if (!file) return this.json(exchange, 422, errorBody("File can't be blank"));
    const filename = upload.fields.filename || file.partFilename;
    if (!filename) return this.json(exchange, 422, errorBody("Filename can't be blank"));
    return this.storeUpload(exchange, filename, file);
  }

  /** What happens to a filename that is already taken depends on `duplicateFilenames`. */
  private storeUpload(
    exchange: Exchange,
    filename: string,
    body: Parameters<AssetStore['create']>[1]
  ): Promise<void> {
    const existing = this.assets.findByFilename(filename);
    let stored: StoredAsset | undefined;
    if (existing && this.options.duplicateFilenames === 'refuse') {
      return this.json(exchange, 422, errorBody('Filename has already been taken'));
    } else if (existing && this.options.duplicateFilenames === 'overwrite') {
      stored = this.assets.overwrite(existing.id, body);
    }
    stored ??= this.assets.create(filename, body);
    return this.json(exchange, 200, JSON.stringify(assetJson(stored)));
  }

  private deleteAsset(exchange: Exchange, assetId: string): Promise<void> {
    if (!this.assets.remove(assetId)) return this.notFound(exchange);
    return this.send(exchange, 204, '');
  }

  /** Siteleaf hands back the job already running for the site, if there is one. */
  private publish(exchange: Exchange, siteId: string): Promise<void> {
    if (siteId !== this.options.siteId) return this.notFound(exchange);
    const running = [...this.jobStore.values()].find(job => job.siteId === siteId && !job.final);
    const job = running ?? this.createJob('publish', this.options.job);
    return this.json(exchange, 200, JSON.stringify({ job_id: job.id }));
  }

  private createJob(createdBy: JobInfo['createdBy'], script: JobScript, startedAt?: number): Job {
    const job = new Job({
      id: objectId(),
      siteId: this.options.siteId,
      createdBy,
      script,
      startedAt
    });
    this.jobStore.set(job.id, job);
    job.start();
    return job;
  }

  private async openJobStream(exchange: Exchange, jobId: string, via: 'v1' | 'api'): Promise<void> {
    const { jobsPath, eventName, replay } = this.options;
    if (jobsPath !== 'both' && jobsPath !== via) return this.notFound(exchange);
    const sseHeaders = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };
    if (!this.jobStore.has(jobId)) {
      // Like every answer of this endpoint, the error is SSE too.
      return this.send(exchange, 410, jobNotFoundBody(eventName), sseHeaders);
    }
    await drainBody(exchange);
    await this.timers.sleep(this.options.latencyMs);
    const { res, record } = exchange;
    const job = this.jobStore.get(jobId); // it may have expired during the latency
    if (res.destroyed) return this.finish(record, 0);
    if (!job) return this.writeNow(exchange, 410, jobNotFoundBody(eventName), sseHeaders);
    res.writeHead(200, sseHeaders);
    res.flushHeaders();
    this.finish(record, 200);
    streamJob(job, res, { eventName, replay, splitDelayMs: SPLIT_DELAY_MS, timers: this.timers });
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new SiteleafEmulator(resolveOptions(options));
  await emulator.listen();
  return emulator;
}
