// Every request to Siteleaf, whichever API version it is for, goes through one `SiteleafHttp`:
// one undici dispatcher (proxies from HTTP(S)_PROXY/NO_PROXY), Basic auth, the User-Agent,
// pacing under the rate limit, retries with backoff, redirects inside the api-url origin, and
// errors that name the request they were. The adapters (v1/, v2/) only say which paths to ask.
//
// An answer is read whole (headers and body) inside the retry loop: a body cut off half-way is
// a dropped connection like any other, retried the same way, never a bare "other side closed"
// escaping to the caller. The job stream is the one exception: it is handed over open.
import type { Readable } from 'node:stream';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import type { Log } from '../log.js';
import { USER_AGENT } from '../version.js';
import { basicAuthValue } from './basic-auth.js';
import type { MultipartBody } from './file-part.js';
import {
  CancelledError,
  SiteleafApiError,
  SiteleafNetworkError,
  mentionsRateLimit,
  serverMessageFromBody
} from './errors.js';
import { formatDuration, headOf, messageOf, truncate } from '../format.js';
import { sleep } from '../sleep.js';
import { redact } from '../secrets.js';
import type { RequestPacer } from './request-pacer.js';
import {
  backoffDelayMs,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy
} from './retry-policy.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpTimeouts {
  /** To open a connection (TCP and TLS, or the proxy tunnel). */
  readonly connectMs: number;
  /** From the request sent to the answer's headers. */
  readonly headersMs: number;
  /** Between two chunks of an answer's body (not for the job stream: it has its own timers). */
  readonly bodyMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  connectMs: 30_000,
  headersMs: 60_000,
  bodyMs: 120_000
};

/** One dispatcher for every request, the job stream included, honouring HTTP(S)_PROXY/NO_PROXY. */
export function createDispatcher(timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): Dispatcher {
  try {
    return new EnvHttpProxyAgent({
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      keepAliveTimeout: 10_000
    });
  } catch (error) {
    throw new Error(
      `The proxy settings cannot be used (${messageOf(error)}): HTTPS_PROXY and ` +
        'HTTP_PROXY must be URLs such as http://proxy.example:3128.'
    );
  }
}

export interface HttpOptions {
  /** Origin (and optional base path) without a trailing slash. */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly retry: RetryPolicy;
  readonly pacer: RequestPacer;
  readonly dispatcher: Dispatcher;
  readonly log: Log;
  /** Aborted when the run is cancelled. */
  readonly signal?: AbortSignal;
}

/** A whole answer: status, headers and the body's text. */
export interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The URL that answered (after any redirect). */
  readonly url: string;
}

/** An open job stream, or the status that refused it, for the caller to judge. */
export interface StreamAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Dispatcher.ResponseData['body'];
}

export interface RequestOptions {
  /** Made again for each attempt: a retried upload sends the whole file again. */
  readonly body?: () => Promise<MultipartBody | string> | MultipartBody | string;
  readonly contentType?: string;
  /** Statuses handed back to the caller instead of raising (a 404 that means "not this API"). */
  readonly passStatuses?: readonly number[];
  /** Told when an attempt is retried after one that may have been carried out. */
  readonly onUncertainRetry?: () => void;
  readonly signal?: AbortSignal;
  /** Goes out even after the run was cancelled (restoring a file a cancel left deleted). */
  readonly ignoreCancel?: boolean;
}

/** How many requests had to be tried again, and how long the rate limit held the run. */
export interface HttpStats {
  retried: number;
  rateLimitWaits: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** Failures that say something about the local side (an unreadable file): never retried. */
export class LocalFileError extends Error {
  override readonly name = 'LocalFileError';
}

export class SiteleafHttp {
  readonly stats: HttpStats = { retried: 0, rateLimitWaits: 0 };
  private readonly authorization: string;
  private readonly origin: string;

  constructor(private readonly options: HttpOptions) {
    // The same value inputs.ts masks, so the header can never differ from what is masked.
    this.authorization = `Basic ${basicAuthValue(options.apiKey, options.apiSecret)}`;
    this.origin = new URL(options.apiUrl).origin;
  }

  /** `path` is relative to api-url (`/v1/sites/…`), or a whole URL inside its origin. */
  async request(
    step: string,
    method: Method,
    path: string,
    options: RequestOptions = {}
  ): Promise<Answer> {
    const answer = await this.withRetries(step, method, path, options, async (url, response) => {
      // Inside the retry: a body cut off mid-way throws here, like a reset before the headers.
      const text = await response.body.text();
      return { statusCode: response.statusCode, headers: response.headers, text, url };
    });
    return answer;
  }

  /** Reads a JSON answer; an answer that is not JSON fails, naming the request. */
  async json<T>(step: string, method: Method, path: string, options: RequestOptions = {}) {
    const answer = await this.request(step, method, path, options);
    return { value: parseJson<T>(answer, step), answer };
  }

  /**
   * Opens the job stream: retried like any request until its headers arrive, then handed over
   * with no body timeout (the follower keeps its own idle timer). The job is followed until it
   * ends or the timeout: 5xx, 429 and dropped connections here are tried again for as long as
   * `signal` allows (the follower aborts it at the deadline), not for a number of attempts.
   */
  async openStream(
    step: string,
    path: string,
    signal: AbortSignal,
    passStatuses: readonly number[]
  ): Promise<StreamAnswer> {
    return this.withRetries(
      step,
      'GET',
      path,
      { signal, passStatuses, stream: true, untilAborted: true },
      async (_url, response) => ({
        statusCode: response.statusCode,
        headers: response.headers,
        body: response.body
      })
    );
  }

  /** A URL the API handed over (a `Link: rel="next"`), refused when it leads off api-url's origin. */
  resolve(path: string): URL {
    const url = new URL(
      /^https?:\/\//i.test(path) ? path : `${this.options.apiUrl}${path}`,
      this.options.apiUrl
    );
    if (url.origin !== this.origin) {
      throw new Error(
        `Siteleaf pointed to ${url.origin}${url.pathname}, outside api-url (${this.origin}); ` +
          'it was not followed, and the credentials were not sent there.'
      );
    }
    return url;
  }

  private async withRetries<T>(
    step: string,
    method: Method,
    path: string,
    options: InternalOptions,
    read: (url: string, response: Dispatcher.ResponseData) => Promise<T>
  ): Promise<T> {
    const { retry, log } = this.options;
    const signal = options.ignoreCancel
      ? options.signal
      : combineSignals(this.options.signal, options.signal);
    let rateLimitWaitedMs = 0;
    let rateLimitWaits = 0;
    // Whether an attempt so far may have been carried out although its answer was lost.
    let mayHaveLanded = false;
    let counted = false;
    const lastAttempt = (attempt: number) => !options.untilAborted && attempt >= retry.maxAttempts;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw cancelled(step, mayHaveLanded);
      let problem: string;
      let retryAfterMs: number | undefined;
      const sent: Sent = { started: false, response: undefined, url: '' };
      try {
        const response = await this.follow(step, method, path, options, signal, sent);
        const { statusCode } = response;
        if (statusCode < 300 || options.passStatuses?.includes(statusCode)) {
          // Inside the retry: a body cut off half-way throws here, like a reset.
          return await read(sent.url, response);
        }
        const body = await response.body.text();
        const serverMessage = serverMessageFromBody(body);
        retryAfterMs = parseRetryAfter(headerValue(response.headers['retry-after']));
        if (statusCode === 403 && mentionsRateLimit(serverMessage)) {
          // Siteleaf's rate limit: wait it out rather than fail a large sync.
          const waitMs = retryAfterMs ?? retry.rateLimitStepMs;
          // Counted in steps too: a `Retry-After: 0` must not make this loop for ever.
          rateLimitWaits++;
          const maxWaits = Math.ceil(retry.rateLimitMaxWaitMs / retry.rateLimitStepMs) + 1;
          if (rateLimitWaitedMs + waitMs > retry.rateLimitMaxWaitMs || rateLimitWaits > maxWaits) {
            throw apiError(step, statusCode, serverMessage, attempt, mayHaveLanded, false);
          }
          rateLimitWaitedMs += waitMs;
          this.stats.rateLimitWaits++;
          log.info(
            `${step}: Siteleaf's rate limit was reached (HTTP 403: ${serverMessage}); ` +
              `waiting ${formatDuration(waitMs)} before trying again.`
          );
          await sleepOrCancel(waitMs, signal, step, mayHaveLanded);
          attempt--; // waiting out the limit is not a failed attempt
          continue;
        }
        // A 5xx may come from a gateway after the work was done; a 429 or a 4xx means not.
        const thisMayHaveLanded = statusCode >= 500;
        if (!isRetryableStatus(statusCode) || lastAttempt(attempt)) {
          throw apiError(
            step,
            statusCode,
            serverMessage,
            attempt,
            mayHaveLanded,
            thisMayHaveLanded
          );
        }
        mayHaveLanded ||= thisMayHaveLanded;
        problem = `HTTP ${statusCode}${serverMessage ? ` (${serverMessage})` : ''}`;
      } catch (error) {
        if (
          error instanceof SiteleafApiError ||
          error instanceof LocalFileError ||
          error instanceof RedirectError
        ) {
          throw error;
        }
        // Once a request is on its way, a cancel or a lost answer leaves it unknown whether the
        // site carried it out; a connection never made sends nothing.
        const sentThis = sent.started && (sent.response !== undefined || !neverSent(error));
        if (error instanceof CancelledError || signal?.aborted) {
          throw cancelled(step, mayHaveLanded || sentThis);
        }
        const brokeOff = sent.response !== undefined;
        if (sent.response) discard(sent.response.body);
        const reason = describeNetworkError(error);
        mayHaveLanded ||= sentThis;
        if (!isRetryableNetworkError(error) || lastAttempt(attempt)) {
          const failed = new SiteleafNetworkError(step, reason, attempt, brokeOff);
          failed.mayHaveLanded = mayHaveLanded;
          throw failed;
        }
        problem = brokeOff ? `the answer broke off half-way (${reason})` : reason;
      }
      if (mayHaveLanded) options.onUncertainRetry?.();
      if (!counted) {
        counted = true;
        this.stats.retried++;
      }
      const delayMs = backoffDelayMs(attempt, retry, retryAfterMs);
      const of = options.untilAborted ? '' : ` of ${retry.maxAttempts}`;
      // A log line, not a warning: a retry that works is no news for the run's result.
      log.info(
        `${step}: attempt ${attempt}${of} failed: ${problem}; ` +
          `retrying in ${formatDuration(delayMs)}.`
      );
      await sleepOrCancel(delayMs, signal, step, mayHaveLanded);
    }
  }

  /**
   * One attempt, following redirects inside the api-url origin: 303 (and 301/302 after a
   * POST) turn into a GET without a body, as browsers do; 307 and 308 keep method and body.
   * A redirect elsewhere is refused before anything is sent there. Every hop is a request the
   * rate limit counts, so each one waits for its own slot under it.
   */
  private async follow(
    step: string,
    method: Method,
    path: string,
    options: InternalOptions,
    signal: AbortSignal | undefined,
    sent: Sent
  ): Promise<Dispatcher.ResponseData> {
    let url = this.resolve(path);
    let currentMethod = method;
    let withBody = options.body !== undefined;
    for (let hop = 0; ; hop++) {
      const release = await this.options.pacer.acquire(signal).catch(() => {
        throw new CancelledError(step);
      });
      // The slot is held until the answer's headers: see RequestPacer.
      const response = await this.send(url, currentMethod, options, withBody, signal, sent).finally(
        release
      );
      sent.response = response;
      sent.url = url.href;
      if (!REDIRECTS.has(response.statusCode)) return response;
      const location = headerValue(response.headers.location);
      if (!location) return response;
      discard(response.body);
      sent.response = undefined; // a redirect answered in full: nothing was carried out
      const target = new URL(location, url);
      if (target.origin !== this.origin) {
        // The Location as sent, less any user:password in it, and of a length a log line takes.
        const shown = new URL(target);
        shown.username = '';
        shown.password = '';
        throw new RedirectError(
          `${step} failed: Siteleaf redirected to ${truncate(shown.href, 300)}, outside ` +
            `api-url (${this.origin}). The redirect was not followed and the credentials were ` +
            'not sent there; check api-url.'
        );
      }
      if (hop >= MAX_REDIRECTS) {
        throw new RedirectError(`${step} failed: more than ${MAX_REDIRECTS} redirects.`);
      }
      const status = response.statusCode;
      if (status === 303 || ((status === 301 || status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        withBody = false;
      }
      this.options.log.debug(`${status} redirect to ${target.href}`);
      url = target;
    }
  }

  private async send(
    url: URL,
    method: Method,
    options: InternalOptions,
    withBody: boolean,
    signal: AbortSignal | undefined,
    sent: Sent
  ): Promise<Dispatcher.ResponseData> {
    const body = withBody && options.body ? await options.body() : undefined;
    const { log } = this.options;
    log.debug(`${method} ${url.href}`);
    sent.started = true;
    const response = await request(url, {
      method,
      dispatcher: this.options.dispatcher,
      signal,
      headers: {
        authorization: this.authorization,
        'user-agent': USER_AGENT,
        accept: options.stream ? 'text/event-stream' : 'application/json',
        ...(typeof body === 'string'
          ? { 'content-type': options.contentType ?? 'application/json' }
          : body
            ? { 'content-type': body.contentType, 'content-length': String(body.contentLength) }
            : {})
      },
      // undici writes an async iterable chunk by chunk (its docs list iterables; its types do
      // not yet), which the reused upload buffer depends on (see file-part.ts).
      body: typeof body === 'string' ? body : (body?.chunks as unknown as Readable | undefined),
      ...(options.stream ? { bodyTimeout: 0 } : {})
    });
    log.debug(`${method} ${url.href} → ${response.statusCode}`);
    return response;
  }
}

/** What an attempt got as far as: the answer whose headers came, and from where. */
interface Sent {
  /** A request went out (the pacer and the file let it). */
  started: boolean;
  response: Dispatcher.ResponseData | undefined;
  url: string;
}

interface InternalOptions extends RequestOptions {
  readonly stream?: boolean;
  /** Tried again until `signal` aborts, not `maxAttempts` times (the job stream). */
  readonly untilAborted?: boolean;
}

function apiError(
  step: string,
  status: number,
  serverMessage: string,
  attempts: number,
  earlierMayHaveLanded: boolean,
  thisMayHaveLanded: boolean
): SiteleafApiError {
  const error = new SiteleafApiError(step, status, serverMessage, attempts);
  error.afterUncertainAttempt = earlierMayHaveLanded;
  error.mayHaveLanded = earlierMayHaveLanded || thisMayHaveLanded;
  return error;
}

function cancelled(step: string, mayHaveLanded: boolean): CancelledError {
  const error = new CancelledError(step);
  error.mayHaveLanded = mayHaveLanded;
  return error;
}

/** Failures to connect at all: the request never left this machine. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT'
]);

function neverSent(error: unknown): boolean {
  const err = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === 'string' && NEVER_SENT.has(code);
}

/** A redirect that cannot be followed: not retried, said plainly. */
export class RedirectError extends Error {
  override readonly name = 'RedirectError';
}

/** The JSON of an answer; an answer that is not JSON fails, naming the request. */
export function parseJson<T>(answer: Answer, step: string): T {
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    const said = serverMessageFromBody(answer.text);
    throw new Error(
      `${step} failed: Siteleaf answered HTTP ${answer.statusCode} with something that is not ` +
        `JSON: ${truncate(said, 200)}`
    );
  }
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * An id from the server, made one path segment: letters, digits, `-` and `_` only, so no id can
 * turn a request into one for another endpoint (`../`, `?`, `#`, an encoded slash).
 */
export function idSegment(id: unknown, what: string): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
    // Secrets out before the cut, which would leave half of one unrecognised.
    const shown = typeof id === 'string' ? JSON.stringify(headOf(redact(id), 80)) : String(id);
    throw new Error(
      `Siteleaf answered with a ${what} that is not a plain id (${shown}); ` +
        'it was not used in a request.'
    );
  }
  return encodeURIComponent(id);
}

/** Drops a body we are done with; undici reports a destroyed unread body as an error. */
export function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

function describeNetworkError(error: unknown): string {
  const err = error as {
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = err?.code ?? err?.cause?.code;
  const message = err?.message || err?.cause?.message || String(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function combineSignals(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

async function sleepOrCancel(
  ms: number,
  signal: AbortSignal | undefined,
  step: string,
  mayHaveLanded: boolean
) {
  try {
    await sleep(ms, signal);
  } catch {
    throw cancelled(step, mayHaveLanded);
  }
}
