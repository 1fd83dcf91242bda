// Errors the Siteleaf client raises, each carrying what a user needs to fix the cause.

/** What the action was doing when the request failed: it leads every error message. */
export type RequestStep = string;

/** An HTTP answer outside 2xx, after any retries. */
export class SiteleafApiError extends Error {
  override readonly name = 'SiteleafApiError';
  /**
   * An earlier attempt of this request may have been carried out although its answer was lost
   * (a dropped connection, a 5xx): a "filename taken" may then be this request's own doing.
   */
  afterUncertainAttempt = false;
  constructor(
    readonly step: RequestStep,
    readonly status: number,
    /** The server's own words (`error` of a JSON body, or trimmed text), possibly empty. */
    readonly serverMessage: string,
    readonly attempts = 1
  ) {
    super(formatApiError(step, status, serverMessage, attempts));
  }
}

/** No HTTP answer at all: refused, reset, timed out, DNS, TLS, proxy. */
export class SiteleafNetworkError extends Error {
  override readonly name = 'SiteleafNetworkError';
  constructor(
    readonly step: RequestStep,
    readonly reason: string,
    readonly attempts = 1
  ) {
    super(
      `${step} failed: ${reason}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}. ` +
        'Could not reach the Siteleaf API: check api-url, and on self-hosted runners the ' +
        'network, firewall and HTTPS_PROXY/NO_PROXY settings.'
    );
  }
}

/** The run was cancelled (SIGINT/SIGTERM) while a request was in flight. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(step: RequestStep) {
    super(`${step} was cancelled`);
  }
}

/** What to check for a given HTTP status; empty when the status speaks for itself. */
export function hintForStatus(status: number, serverMessage = ''): string {
  if (status === 401 || (status === 403 && !mentionsRateLimit(serverMessage))) {
    return 'Check the api-key and api-secret inputs (and the secrets they come from): Siteleaf did not accept them for this site.';
  }
  if (status === 403)
    return 'Siteleaf allows 500 requests per 5 minutes; wait a few minutes and re-run.';
  if (status === 404)
    return 'Check the site-id input: Siteleaf has no such site for this key (or the api-url is wrong).';
  if (status === 410) return 'The publish job expired or is unknown to Siteleaf; publish again.';
  if (status === 413) return 'The file is larger than Siteleaf accepts.';
  if (status === 422) return 'Siteleaf refused the request as invalid.';
  if (status === 429) return 'Siteleaf is rate limiting this key; wait a few minutes and re-run.';
  if (status >= 500)
    return 'Siteleaf is unavailable or failing right now; re-run the workflow later.';
  return '';
}

/** Siteleaf answers 403 (not 429) past its rate limit; the body is what tells them apart. */
export function mentionsRateLimit(text: string): boolean {
  return /rate.?limit|too many requests/i.test(text);
}

export function formatApiError(
  step: RequestStep,
  status: number,
  serverMessage: string,
  attempts = 1
): string {
  const said = serverMessage ? `: ${serverMessage}` : '';
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  const hint = hintForStatus(status, serverMessage);
  const head = `${step} failed with HTTP ${status}${said}${tries}`;
  // `{"error":"Unauthorized!"}` reads "...: Unauthorized!", not "...: Unauthorized!."
  const end = /[.!?]$/.test(head) ? '' : '.';
  return `${head}${end}${hint ? ` ${hint}` : ''}`;
}

/**
 * The server's message from an error body: `error` (or `message`) of JSON, else the text with
 * any HTML stripped, shortened so a whole error page never floods the log.
 */
export function serverMessageFromBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) return '';
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed && typeof parsed === 'object') {
      const { error, message } = parsed as { error?: unknown; message?: unknown };
      if (typeof error === 'string') return error;
      if (typeof message === 'string') return message;
    }
  } catch {
    // not JSON: fall through to text
  }
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
  const text = (title ?? trimmed.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
