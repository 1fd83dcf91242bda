// The Siteleaf v1 API over one undici dispatcher: Basic auth, User-Agent, pacing under the
// rate limit, retries with backoff, and errors that say what to fix.
import { openAsBlob } from 'node:fs';
import * as path from 'node:path';
import { EnvHttpProxyAgent, FormData, request, type Dispatcher } from 'undici';
import type { LocalThemeFile } from '../theme/files.js';
import { USER_AGENT } from '../version.js';
import { basicAuthValue } from './basic-auth.js';
import {
  CancelledError,
  SiteleafApiError,
  SiteleafNetworkError,
  mentionsRateLimit,
  serverMessageFromBody
} from './errors.js';
import { sleep } from '../sleep.js';
import { RequestPacer } from './request-pacer.js';
import {
  backoffDelayMs,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy
} from './retry-policy.js';
import type { PublishResponse, Site, ThemeAsset } from './types.js';

export interface ClientLog {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export interface SiteleafClientOptions {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly siteId: string;
  readonly retry: RetryPolicy;
  readonly pacer: RequestPacer;
  readonly dispatcher: Dispatcher;
  readonly log: ClientLog;
  /** Aborted when the workflow is cancelled. */
  readonly signal?: AbortSignal;
}

/** An open job stream, or the status that refused it (404, 410) for the caller to judge. */
export interface JobStreamResponse {
  readonly statusCode: number;
  readonly body: Dispatcher.ResponseData['body'];
}

interface SendOptions {
  /** Re-created for each attempt: a retried upload sends the whole file again. */
  readonly body?: () => Promise<FormData> | FormData;
  /** Statuses handed back to the caller instead of raising (the job stream's 404 and 410). */
  readonly passStatuses?: readonly number[];
  /** The job stream: no body timeout (the follower keeps its own idle timer). */
  readonly stream?: boolean;
  /** Told when an attempt is retried after one that may have been carried out. */
  readonly onUncertainRetry?: () => void;
  readonly signal?: AbortSignal;
}

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Dispatcher.ResponseData['body'];
}

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
      `The proxy settings cannot be used (${(error as Error).message}): HTTPS_PROXY and ` +
        'HTTP_PROXY must be URLs such as http://proxy.example:3128.'
    );
  }
}

export class SiteleafClient {
  private readonly authorization: string;

  constructor(private readonly options: SiteleafClientOptions) {
    // The same value inputs.ts masks, so the header can never differ from what is masked.
    this.authorization = `Basic ${basicAuthValue(options.apiKey, options.apiSecret)}`;
  }

  async getSite(): Promise<Site> {
    return this.json<Site>('Reading the site', 'GET', `/v1/sites/${this.siteId}.json`);
  }

  async listThemeAssets(): Promise<ThemeAsset[]> {
    const assets = await this.json<ThemeAsset[]>(
      'Listing the theme assets',
      'GET',
      `/v1/sites/${this.siteId}/theme/assets.json`
    );
    if (!Array.isArray(assets)) {
      throw new Error('Listing the theme assets failed: Siteleaf did not answer with a list.');
    }
    return assets;
  }

  /** Multipart `file` + `filename`, streamed from disk. Never sends `replace` (it swaps the whole theme). */
  async uploadThemeAsset(
    file: LocalThemeFile,
    signal?: AbortSignal
  ): Promise<{ asset: ThemeAsset; date?: string; uncertain?: boolean }> {
    // A POST retried after a lost answer may have created the asset twice: the sync checks.
    let uncertain = false;
    const answer = await this.send(
      `Uploading ${file.filename}`,
      'POST',
      `/v1/sites/${this.siteId}/theme/assets.json`,
      {
        signal,
        onUncertainRetry: () => (uncertain = true),
        body: async () => {
          const form = new FormData();
          form.append('file', await openThemeFile(file), path.posix.basename(file.filename));
          form.append('filename', file.filename);
          return form;
        }
      }
    ).catch((error: unknown) => {
      if (uncertain && error instanceof SiteleafApiError) error.afterUncertainAttempt = true;
      throw error;
    });
    const asset = await readJson<ThemeAsset>(answer, `Uploading ${file.filename}`);
    // Which old copies get deleted depends on this id: never guess it.
    if (!asset || typeof asset.id !== 'string' || !asset.id) {
      throw new Error(
        `Uploading ${file.filename}: Siteleaf answered without an asset id, so whether the ` +
          'upload replaced the previous copy is unknown (the previous copy was kept).'
      );
    }
    return { asset, date: headerValue(answer.headers.date), uncertain };
  }

  async deleteAsset(id: string, signal?: AbortSignal): Promise<void> {
    const answer = await this.send(`Deleting asset ${id}`, 'DELETE', `/v1/assets/${id}.json`, {
      signal
    });
    await answer.body.dump();
  }

  async publish(): Promise<PublishResponse> {
    const response = await this.json<PublishResponse>(
      'Starting the publish',
      'POST',
      `/v1/sites/${this.siteId}/publish.json`
    );
    if (!response || typeof response.job_id !== 'string' || !response.job_id) {
      throw new Error('Starting the publish failed: Siteleaf answered without a job_id.');
    }
    return response;
  }

  /** `path` is `/v1/jobs/:id` or the announcement's `/api/v1/jobs/:id`. */
  async openJobStream(jobPath: string, signal: AbortSignal): Promise<JobStreamResponse> {
    const answer = await this.send('Following the publish job', 'GET', jobPath, {
      stream: true,
      signal,
      passStatuses: [404, 410]
    });
    return { statusCode: answer.statusCode, body: answer.body };
  }

  private get siteId(): string {
    return encodeURIComponent(this.options.siteId);
  }

  private async json<T>(step: string, method: 'GET' | 'POST', urlPath: string): Promise<T> {
    return readJson<T>(await this.send(step, method, urlPath, {}), step);
  }

  private async send(
    step: string,
    method: 'GET' | 'POST' | 'DELETE',
    urlPath: string,
    options: SendOptions
  ): Promise<Answer> {
    const { retry, pacer, log } = this.options;
    const signal = combineSignals(this.options.signal, options.signal);
    let rateLimitWaitedMs = 0;
    let rateLimitWaits = 0;
    let mayHaveLanded = false;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new CancelledError(step);
      const release = await pacer.acquire(signal).catch(() => {
        throw new CancelledError(step);
      });
      let problem: string;
      let retryAfterMs: number | undefined;
      try {
        // The slot is held until the answer (its headers, for the job stream): see RequestPacer.
        const answer = await this.attempt(method, urlPath, options, signal).finally(release);
        const { statusCode } = answer;
        if (statusCode < 300 || options.passStatuses?.includes(statusCode)) return answer;
        const serverMessage = serverMessageFromBody(await answer.body.text().catch(() => ''));
        retryAfterMs = parseRetryAfter(headerValue(answer.headers['retry-after']));
        if (statusCode === 403 && mentionsRateLimit(serverMessage)) {
          // Siteleaf's rate limit: wait it out rather than fail a large sync.
          const waitMs = retryAfterMs ?? retry.rateLimitStepMs;
          // Counted in steps too: a `Retry-After: 0` must not make this loop for ever.
          rateLimitWaits++;
          const maxWaits = Math.ceil(retry.rateLimitMaxWaitMs / retry.rateLimitStepMs) + 1;
          if (rateLimitWaitedMs + waitMs > retry.rateLimitMaxWaitMs || rateLimitWaits > maxWaits) {
            throw new SiteleafApiError(step, statusCode, serverMessage, attempt);
          }
          rateLimitWaitedMs += waitMs;
          log.warning(
            `${step}: Siteleaf's rate limit was reached (HTTP 403: ${serverMessage}); ` +
              `waiting ${formatMs(waitMs)} before trying again.`
          );
          await sleepOrCancel(waitMs, signal, step);
          attempt--; // waiting out the limit is not a failed attempt
          continue;
        }
        if (!isRetryableStatus(statusCode) || attempt >= retry.maxAttempts) {
          throw new SiteleafApiError(step, statusCode, serverMessage, attempt);
        }
        // A 5xx may come from a gateway after the work was done; a 429 means it was not.
        mayHaveLanded ||= statusCode >= 500;
        problem = `HTTP ${statusCode}${serverMessage ? ` (${serverMessage})` : ''}`;
      } catch (error) {
        if (
          error instanceof SiteleafApiError ||
          error instanceof CancelledError ||
          error instanceof ThemeFileError
        ) {
          throw error;
        }
        if (signal?.aborted) throw new CancelledError(step);
        const reason = describeNetworkError(error);
        if (!isRetryableNetworkError(error) || attempt >= retry.maxAttempts) {
          throw new SiteleafNetworkError(step, reason, attempt);
        }
        mayHaveLanded = true;
        problem = reason;
      }
      if (mayHaveLanded) options.onUncertainRetry?.();
      const delayMs = backoffDelayMs(attempt, retry, retryAfterMs);
      log.warning(
        `${step}: attempt ${attempt} of ${retry.maxAttempts} failed: ${problem}; retrying in ${delayMs} ms.`
      );
      await sleepOrCancel(delayMs, signal, step);
    }
  }

  private async attempt(
    method: 'GET' | 'POST' | 'DELETE',
    urlPath: string,
    options: SendOptions,
    signal: AbortSignal | undefined
  ): Promise<Answer> {
    const url = `${this.options.apiUrl}${urlPath}`;
    this.options.log.debug(`${method} ${url}`);
    const response = await request(url, {
      method,
      dispatcher: this.options.dispatcher,
      signal,
      headers: {
        authorization: this.authorization,
        'user-agent': USER_AGENT,
        accept: options.stream ? 'text/event-stream' : 'application/json'
      },
      body: options.body ? await options.body() : undefined,
      ...(options.stream ? { bodyTimeout: 0 } : {})
    });
    this.options.log.debug(`${method} ${url} → ${response.statusCode}`);
    return response;
  }
}

/** A local file that cannot be read is the theme's problem, not the network's: said apart. */
export class ThemeFileError extends Error {
  override readonly name = 'ThemeFileError';
}

async function openThemeFile(file: LocalThemeFile): Promise<Blob> {
  try {
    // A Blob backed by the file: undici streams it, so the file is never read whole.
    return await openAsBlob(file.absolutePath);
  } catch (error) {
    throw new ThemeFileError(
      `Could not read theme file ${file.filename}: ${(error as Error).message}`
    );
  }
}

async function readJson<T>(answer: Answer, step: string): Promise<T> {
  const text = await answer.body.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(
      `${step} failed: Siteleaf answered HTTP ${answer.statusCode} with something that is not JSON: ` +
        serverMessageFromBody(text).slice(0, 200)
    );
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
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

async function sleepOrCancel(ms: number, signal: AbortSignal | undefined, step: string) {
  try {
    await sleep(ms, signal);
  } catch {
    throw new CancelledError(step);
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
