// What a failed Siteleaf request tells the user: the step, the status, the server's words, a hint.
import { afterEach, describe, expect, it } from '@jest/globals';
import { forgetSecrets, registerSecret } from '../src/secrets.js';
import {
  CancelledError,
  SiteleafApiError,
  SiteleafNetworkError,
  formatApiError,
  hintForStatus,
  mayHaveLanded,
  mentionsRateLimit,
  serverMessageFromBody
} from '../src/siteleaf/errors.js';

describe('hintForStatus', () => {
  it('401 points at the key and secret', () => {
    expect(hintForStatus(401)).toMatch(/api-key and api-secret/);
  });

  it('403 without a rate limit points at the key and secret', () => {
    expect(hintForStatus(403, 'Forbidden')).toMatch(/api-key and api-secret/);
    expect(hintForStatus(403)).toMatch(/api-key and api-secret/);
  });

  it.each(['Rate limit exceeded', 'rate-limit reached', 'Too Many Requests', 'RATE LIMIT'])(
    '403 with %p is about the rate limit, not the credentials',
    message => {
      const hint = hintForStatus(403, message);
      expect(hint).toMatch(/500 requests per 5 minutes/);
      expect(hint).not.toMatch(/api-key/);
    }
  );

  it('404 points at site-id', () => {
    expect(hintForStatus(404)).toMatch(/site-id/);
    expect(hintForStatus(404)).not.toMatch(/api-secret/);
  });

  it.each([500, 502, 503, 504, 520])('%i says Siteleaf is failing, re-run later', status => {
    expect(hintForStatus(status)).toMatch(/Siteleaf is unavailable or failing/);
  });

  it.each([410, 413, 422, 429])('%i has its own hint', status => {
    expect(hintForStatus(status)).not.toBe('');
    expect(hintForStatus(status)).not.toMatch(/api-key/);
  });

  it('a status that speaks for itself has no hint', () => {
    expect(hintForStatus(400)).toBe('');
    expect(hintForStatus(409)).toBe('');
  });
});

describe('mentionsRateLimit', () => {
  it.each([
    ['Rate limit exceeded', true],
    ['ratelimit', true],
    ['Too many requests, slow down', true],
    ['Unauthorized!', false],
    ['', false]
  ])('%p → %p', (text, expected) => {
    expect(mentionsRateLimit(text)).toBe(expected);
  });
});

describe('serverMessageFromBody', () => {
  it('takes `error` of a JSON body', () => {
    expect(serverMessageFromBody('{"error":"Unauthorized!"}')).toBe('Unauthorized!');
  });

  it('takes `message` of a JSON body', () => {
    expect(serverMessageFromBody('{"status":"error","message":"Job not found"}')).toBe(
      'Job not found'
    );
  });

  it('prefers `error` over `message`', () => {
    expect(serverMessageFromBody('{"error":"A","message":"B"}')).toBe('A');
  });

  it('tolerates whitespace around JSON', () => {
    expect(serverMessageFromBody('\n  {"error":"Filename has already been taken"}\n')).toBe(
      'Filename has already been taken'
    );
  });

  it('uses the <title> of an HTML page', () => {
    const page =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head>' +
      '<body><h1>Bad Gateway</h1><p>' +
      'x'.repeat(5000) +
      '</p></body></html>';
    expect(serverMessageFromBody(page)).toBe('502 Bad Gateway');
  });

  it('strips tags of HTML without a title', () => {
    expect(serverMessageFromBody('<html><body><h1>Service   Unavailable</h1></body></html>')).toBe(
      'Service Unavailable'
    );
  });

  it('keeps short plain text as it is, on one line', () => {
    expect(serverMessageFromBody('Internal\nServer   Error')).toBe('Internal Server Error');
  });

  it('cuts long text so an error page never floods the log', () => {
    const message = serverMessageFromBody('word '.repeat(1000));
    expect(message.length).toBeLessThanOrEqual(300);
    expect(message.endsWith('…')).toBe(true);
    expect(message.startsWith('word word')).toBe(true);
  });

  it('JSON without error/message is shown as text', () => {
    expect(serverMessageFromBody('{"errors":["Filename is invalid"]}')).toContain(
      'Filename is invalid'
    );
  });

  it('an empty body gives an empty message', () => {
    expect(serverMessageFromBody('')).toBe('');
    expect(serverMessageFromBody('   \n')).toBe('');
  });
});

describe('SiteleafApiError', () => {
  it('says the step, the status, the server message and the hint', () => {
    const error = new SiteleafApiError('Listing theme assets', 401, 'Unauthorized!');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SiteleafApiError');
    expect(error.status).toBe(401);
    expect(error.step).toBe('Listing theme assets');
    expect(error.serverMessage).toBe('Unauthorized!');
    expect(error.message.startsWith('Listing theme assets failed with HTTP 401')).toBe(true);
    expect(error.message).toContain('Unauthorized!');
    expect(error.message).toContain(hintForStatus(401));
  });

  it('reads cleanly when the server message ends with punctuation', () => {
    const error = new SiteleafApiError('Publishing', 401, 'Unauthorized!');
    expect(error.message).not.toContain('!.');
    expect(error.message).not.toContain('..');
  });

  it('names the site-id for a 404', () => {
    const error = new SiteleafApiError('Reading the site', 404, 'Not found');
    expect(error.message).toMatch(/^Reading the site failed with HTTP 404: Not found/);
    expect(error.message).toContain('site-id');
  });

  it('says how many attempts were made when retried', () => {
    const error = new SiteleafApiError('Uploading a.html', 503, 'Service Unavailable', 5);
    expect(error.message).toContain('after 5 attempts');
    expect(error.attempts).toBe(5);
    expect(new SiteleafApiError('x', 503, '').message).not.toContain('attempts');
  });

  it('reads cleanly without a server message', () => {
    expect(formatApiError('Publishing', 500, '')).toMatch(/^Publishing failed with HTTP 500\. /);
  });

  it('has no trailing hint for a status without one', () => {
    expect(formatApiError('Publishing', 400, 'Bad request')).toBe(
      'Publishing failed with HTTP 400: Bad request.'
    );
  });
});

describe('SiteleafNetworkError and CancelledError', () => {
  it('a network error names the step, the reason and what to check', () => {
    const error = new SiteleafNetworkError('Listing theme assets', 'connect ECONNREFUSED', 3);
    expect(error.name).toBe('SiteleafNetworkError');
    expect(error.message).toContain('Listing theme assets failed: connect ECONNREFUSED');
    expect(error.message).toContain('after 3 attempts');
    expect(error.message).toMatch(/api-url/);
    expect(error.message).toMatch(/HTTPS_PROXY/);
  });

  it('a cancellation names the step', () => {
    expect(new CancelledError('Publishing').message).toBe('Publishing was cancelled');
  });

  it('an answer that broke off half-way names the step, and is not "could not reach"', () => {
    const error = new SiteleafNetworkError(
      'Listing the theme assets',
      'other side closed',
      5,
      true
    );
    expect(error.message).toMatch(
      /^Listing the theme assets failed: the answer broke off half-way \(other side closed\) \(after 5 attempts\)\. /
    );
    expect(error.message).not.toMatch(/Could not reach/);
  });

  it('mayHaveLanded is false unless the client said so', () => {
    expect(mayHaveLanded(new SiteleafApiError('x', 500, ''))).toBe(false);
    const landed = new SiteleafNetworkError('x', 'reset');
    landed.mayHaveLanded = true;
    expect(mayHaveLanded(landed)).toBe(true);
    expect(mayHaveLanded(new Error('x'))).toBe(false);
  });
});

describe('serverMessageFromBody and secrets', () => {
  afterEach(() => forgetSecrets());

  it('takes a secret out before cutting a long text, so no half of it is left', () => {
    const secret = 'abcdefghij-secret-klmnopqrst';
    registerSecret(secret);
    // The cut at 297 characters would fall inside the secret.
    const message = serverMessageFromBody(`${'x'.repeat(290)} ${secret} ${'y'.repeat(50)}`);
    expect(message).not.toMatch(/abcdef|secret|klmno/);
    expect(message).toContain('***');
  });
});
