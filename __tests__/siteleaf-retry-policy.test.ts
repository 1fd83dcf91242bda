// When a failed request is tried again, and after how long.
import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy
} from '../src/siteleaf/retry-policy.js';

describe('isRetryableStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [501, true],
    [502, true],
    [503, true],
    [504, true],
    [507, true],
    [520, true],
    [522, true],
    [524, true],
    [599, true],
    [200, false],
    [204, false],
    [301, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [410, false],
    [413, false],
    [422, false],
    [600, false]
  ])('HTTP %i → %p', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});

describe('isRetryableNetworkError', () => {
  it.each([
    ['undici socket error', { code: 'UND_ERR_SOCKET', message: 'other side closed' }],
    ['undici connect timeout', { code: 'UND_ERR_CONNECT_TIMEOUT' }],
    ['undici headers timeout', { code: 'UND_ERR_HEADERS_TIMEOUT' }],
    ['reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['DNS try again', { code: 'EAI_AGAIN' }],
    [
      'fetch failed with the reason in cause',
      new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
    ],
    ['cause is an undici error', { message: 'x', cause: { code: 'UND_ERR_SOCKET' } }]
  ])('%s is retried', (_label, error) => {
    expect(isRetryableNetworkError(error)).toBe(true);
  });

  it.each([
    ['a TLS certificate error', { code: 'CERT_HAS_EXPIRED' }],
    ['DNS name not found', { code: 'ENOTFOUND' }],
    ['an invalid argument', { code: 'UND_ERR_INVALID_ARG' }],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' })],
    ['a plain error', new Error('boom')],
    ['a numeric code', { code: 104 }],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'ECONNRESET']
  ])('%s is not retried', (_label, error) => {
    expect(isRetryableNetworkError(error)).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  const policy: RetryPolicy = {
    maxAttempts: 5,
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    rateLimitMaxWaitMs: 300_000,
    rateLimitStepMs: 60_000
  };

  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 8000],
    [30, 8000]
  ])('attempt %i stays within (0, %i] and grows with the attempt', (attempt, ceiling) => {
    const low = backoffDelayMs(attempt, policy, undefined, () => 0);
    const high = backoffDelayMs(attempt, policy, undefined, () => 0.999999);
    expect(low).toBeGreaterThan(0);
    expect(low).toBeLessThanOrEqual(ceiling);
    expect(high).toBeLessThanOrEqual(ceiling);
    expect(high).toBeGreaterThan(low); // jitter: the random draw matters
  });

  it('never exceeds maxDelayMs whatever the random draw', () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.9999]) {
        const delay = backoffDelayMs(attempt, policy, undefined, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
      }
    }
  });

  it('uses Math.random when no random is given, within the bounds', () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelayMs(2, DEFAULT_RETRY_POLICY);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });

  it('a Retry-After wins over the backoff, even when longer than maxDelayMs', () => {
    expect(backoffDelayMs(1, policy, 20_000, () => 0)).toBe(20_000);
    expect(backoffDelayMs(5, policy, 1500, () => 0.9)).toBe(1500);
  });

  it('a Retry-After of 0 retries at once', () => {
    expect(backoffDelayMs(3, policy, 0, () => 0.9)).toBe(0);
  });

  it('an absurd Retry-After is capped at rateLimitMaxWaitMs', () => {
    expect(backoffDelayMs(1, policy, 86_400_000)).toBe(300_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 7 ', now)).toBe(7000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
  });

  it('a date in the past means now', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', 'abc', '-5', '1.5', '12abc', 'NaN'])(
    'garbage %p is undefined (the backoff applies)',
    value => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  );
});
