// Errors the Siteleaf client raises, each carrying what a user needs to fix the cause.
import { truncate } from '../format.js';
import { redact } from '../secrets.js';

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
  /**
   * This attempt (a 5xx, which a gateway may send after the work was done) or an earlier one
   * may have been carried out: for an upload, "did it land?" is for a listing to say.
   */
  mayHaveLanded = false;
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

/**
 * No whole HTTP answer: refused, reset, timed out, DNS, TLS, proxy, or an answer whose body broke
 * off half-way (`brokeOff`), which is a dropped connection like any other.
 */
export class SiteleafNetworkError extends Error {
  override readonly name = 'SiteleafNetworkError';
  /** The request may have been carried out (it was sent; no whole answer came back). */
  mayHaveLanded = false;
  constructor(
    readonly step: RequestStep,
    readonly reason: string,
    readonly attempts = 1,
    /** The answer's headers came, then its body broke off. */
    readonly brokeOff = false
  ) {
    const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    super(
      brokeOff
        ? `${step} failed: the answer broke off half-way (${reason})${tries}. Siteleaf, or a ` +
            'proxy on the way, cut the connection mid-answer; re-run the workflow, and on ' +
            'self-hosted runners check the HTTPS_PROXY/NO_PROXY settings.'
        : `${step} failed: ${reason}${tries}. ` +
            'Could not reach the Siteleaf API: check api-url, and on self-hosted runners the ' +
            'network, firewall and HTTPS_PROXY/NO_PROXY settings.'
    );
  }
}

/** The run was cancelled (SIGINT/SIGTERM) while a request was in flight. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  /** A request had been sent when the cancel stopped it: it may have been carried out. */
  mayHaveLanded = false;
  constructor(step: RequestStep) {
    super(`${step} was cancelled`);
  }
}

/** Whether a failed request may have been carried out all the same (its answer lost or a 5xx). */
export function mayHaveLanded(error: unknown): boolean {
  return (
    (error instanceof SiteleafApiError ||
      error instanceof SiteleafNetworkError ||
      error instanceof CancelledError) &&
    error.mayHaveLanded
  );
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
 * any HTML stripped, shortened so a whole error page never floods the log. Secrets are taken
 * out before the text is cut, so a cut can never leave half a secret behind.
 */
export function serverMessageFromBody(body: string): string {
  return messageFromBody(redact(body));
}

function messageFromBody(body: string): string {
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
  return truncate(text, 300);
}
