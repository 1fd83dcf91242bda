// When and how long to wait before trying a request again. Pure: the client does the waiting.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long a rate-limit 403 may be waited out in all, and the step when no Retry-After. */
  readonly rateLimitMaxWaitMs: number;
  readonly rateLimitStepMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  rateLimitMaxWaitMs: 5 * 60_000,
  rateLimitStepMs: 60_000
};

/**
 * 429 and every 5xx (the contract: "429 and 5xx answers ... are retried"; proxies and CDNs
 * in front of the API answer 520-524 for passing trouble); other 4xx would fail the same way.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** undici and Node error codes for a connection that never answered or broke off. */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT'
]);

export function isRetryableNetworkError(error: unknown): boolean {
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown })?.cause);
  return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random): spreads retries of many runners
 * instead of having them hit the API in step. A `Retry-After` the server sent wins.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.rateLimitMaxWaitMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date has a weekday and a month name; without letters, Date.parse would read
  // garbage such as '1.5' or '-5' as a date in 2001 (a wait of 0).
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
