// A Siteleaf API emulator: a real HTTP server on 127.0.0.1 for tests, demos and benches.
// It covers what siteleaf-publish talks to on both APIs: v1 (site, theme assets, publish, the
// job stream) and v2 (site with its jobs, source tree, publish, the job stream), with knobs for
// the ways the real service misbehaves (see EmulatorOptions, JobScript, Fault). One site, on
// one API at a time (`siteVersion`); this file routes and answers, the modules decide.
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
  receiveUpload,
  type GitBlobRequest,
  type ReceivedUpload
} from './assets.js';
import { DEFAULT_STEPS, DEFAULT_SYNC_STEPS, Job, jobNotFoundBody, streamJob } from './jobs.js';
import { copyOptions, resolveOptions, restoreOptions } from './options.js';
import { faultMatches, matchRoute, type RouteMatch } from './routes.js';
import { SiteRecord } from './site.js';
import { SourceStore, decodeSourcePath, isValidSourceName, sourceBodyOf } from './source.js';
import {
  deleteSource,
  getSource,
  invalidName,
  putSource,
  rewriteSuffix,
  type Answer,
  type SourceContext
} from './source-routes.js';
import type {
  Emulator,
  EmulatorOptions,
  Fault,
  JobInfo,
  JobKind,
  JobScript,
  RecordedRequest,
  ResolvedEmulatorOptions,
  SiteVersion,
  SourceFileType,
  StoredAsset,
  StoredSourceFile
} from './types.js';
import { Timers, objectId } from './util.js';

export type * from './types.js';
export { formatEvent, DEFAULT_STEPS, DEFAULT_STEP_MS, DEFAULT_SYNC_STEPS } from './jobs.js';

/** Pause between the two halves of an SSE event: long enough to make them separate chunks. */
const SPLIT_DELAY_MS = 5;

// ---------------------------------------------------------------------------------------
// One request in flight

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  /** Handle the request, then cut the connection instead of answering (Fault.loseAnswer). */
  loseAnswer?: boolean;
  /** Handle the request, then send half the answer and cut the connection (Fault.cutAnswer). */
  cutAnswer?: boolean;
  /** Handle the request, then never answer (Fault.hangAfter). */
  holdAnswer?: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function errorBody(message: string): string {
  return JSON.stringify({ error: message });
}

/** Read and discard the request body (counting it), so the reply is not cut off by it. */
function drainBody(exchange: Exchange): Promise<void> {
  return readBody(exchange, 0).then(() => undefined);
}

/** Read the request body (counting it), keeping its first `keepBytes` bytes as text. */
function readBody(exchange: Exchange, keepBytes: number): Promise<string> {
  const { req, record } = exchange;
  if (req.readableEnded || req.destroyed) return Promise.resolve('');
  const kept: Buffer[] = [];
  let keptSize = 0;
  return new Promise(resolve => {
    const done = () => resolve(Buffer.concat(kept).toString('utf8'));
    req.on('data', (chunk: Buffer) => {
      record.bytesIn += chunk.length;
      if (keptSize < keepBytes) kept.push(chunk.subarray(0, keepBytes - keptSize));
      keptSize += chunk.length;
    });
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}

/** How much of a v2 publish body is recorded (it should be `{}`). */
const RECORDED_BODY_BYTES = 64 * 1024;

// ---------------------------------------------------------------------------------------

class SiteleafEmulator implements Emulator {
  url = '';
  readonly options: ResolvedEmulatorOptions;
  readonly requests: RecordedRequest[] = [];
  /** What `options` held at start, for reset(). */
  private readonly initialOptions: ResolvedEmulatorOptions;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Timers();
  private readonly assets: AssetStore;
  private readonly source = new SourceStore();
  private readonly site = new SiteRecord();
  private readonly jobStore = new Map<string, Job>();
  private faults: Array<Fault & { remaining: number; toSkip: number }> = [];
  /** Arrival times of the requests inside the rate-limit window. */
  private window: number[] = [];

  constructor(options: ResolvedEmulatorOptions) {
    this.options = options;
    this.initialOptions = copyOptions(options);
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

  seedThemeAssets(
    files: Array<{ filename: string; content: string | Buffer; id?: string }>
  ): StoredAsset[] {
    return files.map(file => {
      const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
      const body = bodyOf(bytes, this.options.keepBodyBytesUpTo);
      return this.assets.create(file.filename, body, file.id);
    });
  }

  trashedAssets(): StoredAsset[] {
    return this.assets.trashed();
  }

  sourceFiles(): StoredSourceFile[] {
    return this.source.all();
  }

  seedSource(
    files: Array<{ name: string; content: string | Buffer; type?: SourceFileType }>
  ): StoredSourceFile[] {
    return files.map(file => {
      // A seed is test setup: a name the server would refuse is the test's mistake.
      const conflict = this.source.conflict(file.name);
      if (!isValidSourceName(file.name) || conflict) {
        throw new Error(
          `seedSource: cannot store "${file.name}"${conflict ? `: ${conflict}` : ''}`
        );
      }
      const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
      const body = sourceBodyOf(bytes, this.options.keepBodyBytesUpTo);
      return this.source.put(file.name, body, file.type ? { type: file.type } : {});
    });
  }

  startJob(opts: { startedAt?: number; script?: JobScript } = {}): string {
    const script = opts.script ?? this.options.job;
    return this.createJob('startJob', 'publish', script, opts.startedAt).id;
  }

  startSyncJob(script?: JobScript): string {
    const base = script ?? { stepMs: this.options.job.stepMs };
    const withSteps = {
      ...base,
      steps: base.steps ?? DEFAULT_SYNC_STEPS.map(step => ({ ...step }))
    };
    return this.createJob('startSyncJob', 'sync', withSteps).id;
  }

  jobs(): JobInfo[] {
    return [...this.jobStore.values()].map(job => job.info());
  }

  expireJob(id: string): void {
    this.jobStore.get(id)?.stop();
    this.jobStore.delete(id);
  }

  failNext(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1, toSkip: fault.skip ?? 0 });
  }

  mutations(): RecordedRequest[] {
    return this.requests.filter(request => request.method !== 'GET');
  }

  reset(): void {
    this.requests.length = 0; // keep the array: tests may hold a reference to it
    this.faults = [];
    this.window = [];
    this.assets.clear();
    this.source.clear();
    for (const job of this.jobStore.values()) job.stop();
    this.jobStore.clear();
    this.site.clearJobs();
    restoreOptions(this.options, this.initialOptions);
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
    else if (fault?.cutAnswer) exchange.cutAnswer = true;
    else if (fault?.hangAfter) exchange.holdAnswer = true;
    else if (fault) return this.answerFault(exchange, fault);
    if (overLimit) return this.answerRateLimited(exchange);
    if (!this.authorised(req)) return this.json(exchange, 401, errorBody('Unauthorized!'));
    if (!route) return this.json(exchange, 404, errorBody('Not found'));
    return this.dispatch(exchange, route);
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

  private dispatch(exchange: Exchange, route: RouteMatch): Promise<void> {
    const { id, rawName = '' } = route;
    switch (route.name) {
      case 'GET /v1/sites/:id':
        return this.getSite(exchange, id);
      case 'GET /v1/sites/:id/theme/assets':
        return this.listAssets(exchange, id);
      case 'POST /v1/sites/:id/theme/assets':
        return this.uploadAsset(exchange, id);
      case 'DELETE /v1/assets/:id':
        return this.deleteAsset(exchange, id);
      case 'PUT /v1/assets/:id/restore':
        return this.restoreAsset(exchange, id);
      case 'POST /v1/sites/:id/publish':
        return this.publish(exchange, id, 'v1');
      case 'GET /v1/jobs/:id':
        return this.openJobStream(exchange, id, 'v1');
      case 'GET /api/v1/jobs/:id':
        return this.openJobStream(exchange, id, 'api');
      case 'GET /v2/sites/:id':
        return this.getSiteV2(exchange, id);
      case 'GET /v2/sites/:id/source':
        return this.getSource(exchange, id, '');
      case 'GET /v2/sites/:id/source/:name':
        // A trailing slash names the directory itself.
        return this.getSource(exchange, id, rawName.replace(/\/$/, ''));
      case 'PUT /v2/sites/:id/source/:name':
        return this.putSource(exchange, id, rawName);
      case 'DELETE /v2/sites/:id/source/:name':
        return this.deleteSource(exchange, id, rawName);
      case 'POST /v2/sites/:id/publish':
        return this.publish(exchange, id, 'v2');
      case 'GET /v2/jobs/:id':
        return this.openJobStream(exchange, id, 'v2');
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
    const fault = this.faults.find(candidate => {
      if (!faultMatches(candidate, record)) return false;
      if (candidate.toSkip === 0) return true;
      candidate.toSkip -= 1; // let through by this fault; a later one may still apply
      return false;
    });
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

  /** The v1 and v2 APIs do not serve each other's sites. */
  private isSite(siteId: string, api: SiteVersion): boolean {
    return siteId === this.options.siteId && this.options.siteVersion === api;
  }

  /** The origin the client reached us at (its Host header), for the URLs we hand out. */
  private originOf(req: IncomingMessage): string {
    const host = req.headers.host;
    return host ? `${this.options.tls ? 'https' : 'http'}://${host}` : this.url;
  }

  // --- answering ----------------------------------------------------------------------

  /**
   * Send a complete response: the body is read first (so the client is not cut off while
   * still sending), then `latencyMs` passes, then the answer goes out.
   */
  private async send(
    exchange: Exchange,
    status: number,
    body: string | Buffer,
    headers: OutgoingHttpHeaders = {}
  ): Promise<void> {
    await drainBody(exchange);
    await this.timers.sleep(this.options.latencyMs);
    this.writeNow(exchange, status, body, headers);
  }

  private writeNow(
    exchange: Exchange,
    status: number,
    body: string | Buffer,
    headers: OutgoingHttpHeaders
  ): void {
    const { res, record } = exchange;
    if (exchange.loseAnswer) res.destroy();
    if (res.destroyed) return this.finish(record, 0);
    if (exchange.holdAnswer) {
      res.once('close', () => this.finish(record, 0));
      return;
    }
    const text = this.echoed(exchange, status, body);
    if (exchange.cutAnswer) return this.cut(exchange, status, text, headers);
    const allHeaders: OutgoingHttpHeaders = { ...headers };
    if (text.length > 0) allHeaders['Content-Length'] = Buffer.byteLength(text);
    res.writeHead(status, allHeaders);
    res.end(text);
    this.finish(record, status);
  }

  /**
   * Fault.cutAnswer: the headers announce the whole answer, half of it goes out, and the socket
   * is destroyed. An empty answer (a 204) is announced as 200 with `{}`, so there is a half.
   */
  private cut(
    exchange: Exchange,
    status: number,
    body: string | Buffer,
    headers: OutgoingHttpHeaders
  ): void {
    const { res, record } = exchange;
    const bytes = Buffer.from(body.length > 0 ? body : '{}');
    const shown = body.length > 0 ? status : 200;
    res.writeHead(shown, { ...headers, 'Content-Length': bytes.length });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
    record.cut = true;
    this.finish(record, 0);
  }

  /** `echoCredentials`: an error answer tells what credentials the request came with. */
  private echoed(exchange: Exchange, status: number, body: string | Buffer): string | Buffer {
    if (!this.options.echoCredentials || status < 400 || Buffer.isBuffer(body)) return body;
    const header = String(exchange.req.headers.authorization ?? '');
    const basic = header.replace(/^Basic\s+/i, '');
    const [key, ...rest] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    const echo = ` (you sent Authorization: ${header}, that is key ${key} and secret ${rest.join(':')})`;
    try {
      const parsed = JSON.parse(body) as { error?: unknown };
      if (parsed && typeof parsed.error === 'string') {
        return JSON.stringify({ ...parsed, error: parsed.error + echo });
      }
    } catch {
      // not JSON: the echo goes at the end of the text
    }
    return body + echo;
  }

  private json(exchange: Exchange, status: number, body: string): Promise<void> {
    return this.send(exchange, status, body, { 'Content-Type': JSON_TYPE });
  }

  private answer(exchange: Exchange, answer: Answer): Promise<void> {
    return this.send(exchange, answer.status, answer.body, answer.headers);
  }

  private finish(record: RecordedRequest, status: number): void {
    record.status = status;
    record.answeredAt = Date.now();
    this.options.onResponse?.(record);
  }

  private async answerFault(exchange: Exchange, fault: Fault): Promise<void> {
    if (fault.hang) {
      await drainBody(exchange);
      const { res, record } = exchange;
      if (res.destroyed) return this.finish(record, 0);
      res.once('close', () => this.finish(record, 0));
      return;
    }
    if (fault.redirectTo !== undefined) {
      const headers = { Location: fault.redirectTo, ...fault.headers };
      return this.send(exchange, fault.status ?? 307, '', headers);
    }
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

  /**
   * Read a multipart body. Undefined when it could not be read: then it has already been
   * answered (or the client went away).
   */
  private async receive(
    exchange: Exchange,
    gitBlob?: GitBlobRequest
  ): Promise<ReceivedUpload | undefined> {
    const { record } = exchange;
    try {
      const upload = await receiveUpload(
        exchange.req,
        this.options.keepBodyBytesUpTo,
        count => {
          record.bytesIn += count;
        },
        gitBlob
      );
      record.fields = upload.fields;
      return upload;
    } catch (error) {
      // Not multipart at all: to Siteleaf that is simply a request without a file.
      if (error instanceof NotMultipartError) {
        await this.json(exchange, 422, errorBody("File can't be blank"));
      } else if (error instanceof MalformedUploadError) {
        await this.json(exchange, 400, errorBody(`Malformed multipart body: ${error.message}`));
      } else {
        this.finish(record, 0); // the client went away mid-upload
      }
      return undefined;
    }
  }

  // --- v1 routes ----------------------------------------------------------------------

  private getSite(exchange: Exchange, siteId: string): Promise<void> {
    if (!this.isSite(siteId, 'v1')) return this.notFound(exchange);
    return this.json(exchange, 200, JSON.stringify(this.site.v1Json(this.options)));
  }

  private listAssets(exchange: Exchange, siteId: string): Promise<void> {
    if (!this.isSite(siteId, 'v1')) return this.notFound(exchange);
    return this.json(exchange, 200, JSON.stringify(this.assets.list().map(assetJson)));
  }

  private async uploadAsset(exchange: Exchange, siteId: string): Promise<void> {
    if (!this.isSite(siteId, 'v1')) return this.notFound(exchange);
    const upload = await this.receive(exchange);
    if (!upload) return;
    const file = upload.file;
    if (file) {
      exchange.record.file = { partFilename: file.partFilename, size: file.size, md5: file.md5 };
    }

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

  /**
   * `PUT /v1/assets/:id/restore`: a deleted asset comes back under its id. An asset that is
   * not deleted is answered as it is; with `duplicateFilenames: 'refuse'` a filename taken
   * since is refused, as an upload would be.
   */
  private restoreAsset(exchange: Exchange, assetId: string): Promise<void> {
    const live = this.assets.find(assetId);
    if (live) return this.json(exchange, 200, JSON.stringify(assetJson(live)));
    const trashed = this.assets.findTrashed(assetId);
    if (!trashed) return this.notFound(exchange);
    const taken = this.assets.findByFilename(trashed.filename);
    if (taken && this.options.duplicateFilenames === 'refuse') {
      return this.json(exchange, 422, errorBody('Filename has already been taken'));
    }
    const restored = this.assets.restore(assetId) as StoredAsset;
    return this.json(exchange, 200, JSON.stringify(assetJson(restored)));
  }

  // --- v2 routes ----------------------------------------------------------------------

  /** A v1 site answers here only with `v1SiteOnV2: 'version'`, saying it is v1. */
  private getSiteV2(exchange: Exchange, siteId: string): Promise<void> {
    const { siteVersion, v1SiteOnV2 } = this.options;
    if (siteId !== this.options.siteId) return this.notFound(exchange);
    if (siteVersion === 'v1' && v1SiteOnV2 === 'not-found') return this.notFound(exchange);
    const running = (kind: JobKind) => this.runningJob(kind)?.id ?? null;
    const site = this.site.v2Json(this.options, siteVersion, running);
    return this.json(exchange, 200, JSON.stringify(site));
  }

  private sourceContext(exchange: Exchange): SourceContext {
    const siteId = encodeURIComponent(this.options.siteId);
    const sourceUrl = `${this.originOf(exchange.req)}/v2/sites/${siteId}/source`;
    return { store: this.source, options: this.options, sourceUrl };
  }

  /**
   * The decoded name of a source route, recorded on the request; undefined when it is not a
   * usable name (then it has been answered 400).
   */
  private sourceName(exchange: Exchange, rawName: string): string | undefined {
    if (rawName === '') return '';
    const name = decodeSourcePath(rawName);
    if (name !== undefined) exchange.record.sourcePath = name;
    return name;
  }

  private getSource(exchange: Exchange, siteId: string, rawName: string): Promise<void> {
    if (!this.isSite(siteId, 'v2')) return this.notFound(exchange);
    const name = this.sourceName(exchange, rawName);
    if (name === undefined) return this.answer(exchange, invalidName());
    const url = new URL(exchange.req.url ?? '/', this.originOf(exchange.req));
    return this.answer(exchange, getSource(this.sourceContext(exchange), name, url));
  }

  private async putSource(exchange: Exchange, siteId: string, rawName: string): Promise<void> {
    if (!this.isSite(siteId, 'v2')) return this.notFound(exchange);
    const name = this.sourceName(exchange, rawName);
    if (name === undefined) return this.answer(exchange, invalidName());
    const upload = await this.receive(exchange, { suffix: rewriteSuffix(this.options) });
    if (!upload) return;
    const file = upload.file;
    if (!file) return this.json(exchange, 422, errorBody("File can't be blank"));
    const { partFilename, size, md5, sha } = file;
    exchange.record.file = { partFilename, size, md5, ...(sha === undefined ? {} : { sha }) };
    return this.answer(exchange, putSource(this.sourceContext(exchange), name, file));
  }

  private deleteSource(exchange: Exchange, siteId: string, rawName: string): Promise<void> {
    if (!this.isSite(siteId, 'v2')) return this.notFound(exchange);
    const name = this.sourceName(exchange, rawName);
    if (name === undefined) return this.answer(exchange, invalidName());
    return this.answer(exchange, deleteSource(this.sourceContext(exchange), name));
  }

  // --- publish and jobs (both APIs) ---------------------------------------------------

  /**
   * Siteleaf hands back the publish job already running for the site, if there is one.
   * v1 answers 200; v2 answers 202 and its body (`{}`) is recorded.
   */
  private async publish(exchange: Exchange, siteId: string, api: SiteVersion): Promise<void> {
    if (!this.isSite(siteId, api)) return this.notFound(exchange);
    if (api === 'v2') exchange.record.body = await readBody(exchange, RECORDED_BODY_BYTES);
    const job =
      this.runningJob('publish') ?? this.createJob('publish', 'publish', this.options.job);
    const jobId = this.options.forgedJobId || job.id;
    return this.json(exchange, api === 'v2' ? 202 : 200, JSON.stringify({ job_id: jobId }));
  }

  /** The oldest job of this kind still under way (the one publish has been handing back). */
  private runningJob(kind: JobKind): Job | undefined {
    return [...this.jobStore.values()].find(job => job.kind === kind && !job.final);
  }

  private createJob(
    createdBy: JobInfo['createdBy'],
    kind: JobKind,
    script: JobScript,
    startedAt?: number
  ): Job {
    const id = objectId();
    const job = new Job({
      id,
      siteId: this.options.siteId,
      createdBy,
      kind,
      api: this.options.siteVersion,
      script: this.options.echoCredentials ? this.echoingScript(script) : script,
      startedAt,
      onEnd: final => {
        this.site.jobEnded(kind, id, final);
        const ttl = script.expireAfterEndMs;
        if (ttl === undefined) return;
        this.timers.after(ttl, () => {
          // Unless a reset has forgotten it already.
          if (this.jobStore.get(id) === job) this.expireJob(id);
        });
      }
    });
    this.jobStore.set(job.id, job);
    job.start();
    return job;
  }

  /** `echoCredentials`: every message of the job tells the key, the secret and the Basic value. */
  private echoingScript(script: JobScript): JobScript {
    const { apiKey, apiSecret } = this.options;
    const basic = Buffer.from(`${apiKey}:${apiSecret}`).toString('base64');
    const echo = ` [as key ${apiKey}, secret ${apiSecret}, Basic ${basic}]`;
    const steps = script.steps ?? DEFAULT_STEPS;
    return { ...script, steps: steps.map(step => ({ ...step, message: step.message + echo })) };
  }

  /**
   * A job is followed on its own API's paths: v1 says `event:<eventName>` at `/v1/jobs/:id`
   * or `/api/v1/jobs/:id` (`jobsPath`), v2 says `event:status` at `/v2/jobs/:id`. Elsewhere
   * the job does not exist (410).
   */
  private async openJobStream(
    exchange: Exchange,
    jobId: string,
    via: 'v1' | 'api' | 'v2'
  ): Promise<void> {
    const { jobsPath, replay } = this.options;
    const api: SiteVersion = via === 'v2' ? 'v2' : 'v1';
    const eventName = api === 'v2' ? 'status' : this.options.eventName;
    if (api === 'v1' && jobsPath !== 'both' && jobsPath !== via) return this.notFound(exchange);
    const sseHeaders = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };
    const find = () => {
      const job = this.jobStore.get(jobId);
      return job?.api === api ? job : undefined;
    };
    if (!find()) {
      // Like every answer of this endpoint, the error is SSE too.
      return this.send(exchange, 410, jobNotFoundBody(eventName), sseHeaders);
    }
    await drainBody(exchange);
    await this.timers.sleep(this.options.latencyMs);
    const { res, record } = exchange;
    const job = find(); // it may have expired during the latency
    if (res.destroyed) return this.finish(record, 0);
    if (!job) return this.writeNow(exchange, 410, jobNotFoundBody(eventName), sseHeaders);
    const { jobStreamFormat } = this.options;
    if (jobStreamFormat === 'json') {
      const latest = job.info().events.at(-1) ?? { status: 'working', message: '' };
      return this.writeNow(exchange, 200, JSON.stringify(latest), { 'Content-Type': JSON_TYPE });
    }
    if (jobStreamFormat === 'html') {
      const page =
        '<!doctype html><html><head><title>Just a moment...</title></head>' +
        '<body><p>Checking your browser before accessing the site.</p></body></html>';
      return this.writeNow(exchange, 200, page, { 'Content-Type': 'text/html; charset=utf-8' });
    }
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
