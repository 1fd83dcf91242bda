// Redaction: a secret is taken out of any text in any form the way out may have given it.
import { afterEach, describe, expect, it } from '@jest/globals';
import { forgetSecrets, redact, registerSecret, setSecretSink } from '../src/secrets.js';

afterEach(() => {
  forgetSecrets();
  setSecretSink(() => {});
});

describe('redact', () => {
  it('takes out a secret as it is, every time it appears', () => {
    registerSecret('s3cr3t-value');
    expect(redact('a s3cr3t-value b s3cr3t-value')).toBe('a *** b ***');
  });

  it('replaces a secret that contains another whole', () => {
    registerSecret('abcd');
    registerSecret('xxabcdxx');
    expect(redact('[xxabcdxx] [abcd]')).toBe('[***] [***]');
  });

  it('leaves text without a secret alone', () => {
    registerSecret('s3cr3t');
    expect(redact('nothing to see: s3cr-3t, S3CR3T')).toBe('nothing to see: s3cr-3t, S3CR3T');
  });

  const secret = 'p@ss_w*rd|<x>&"y"';
  it.each([
    ['as it is', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['Markdown-escaped', secret.replace(/([\\`*_[\]<>|])/g, '\\$1')],
    [
      'HTML entities',
      secret
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
    ],
    ['percent-encoded', encodeURIComponent(secret)],
    [
      'JSON \\u escapes',
      secret.replace(/[<>&]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    ],
    ['escaped twice', JSON.stringify(JSON.stringify(secret)).slice(3, -3)]
  ])('finds a secret with punctuation %s', (_, form) => {
    registerSecret(secret);
    expect(redact(`before ${form} after`)).toBe('before *** after');
  });

  const multi = 'first-line-abc\nsecond-line-def';
  it.each([
    ['as it is', multi],
    ['with CRLF', multi.replace('\n', '\r\n')],
    ['with the break escaped', multi.replace('\n', '\\n')],
    ['with the break percent-encoded', multi.replace('\n', '%0A')],
    ['with the break made a blank', multi.replace('\n', ' ')],
    ['with the break as <br>', multi.replace('\n', '<br/>')],
    ['JSON-escaped', JSON.stringify(multi).slice(1, -1)]
  ])('finds a multi-line secret %s', (_, form) => {
    registerSecret(multi);
    expect(redact(`[${form}]`)).toBe('[***]');
  });

  it('finds each line of a multi-line secret on its own', () => {
    registerSecret(multi);
    expect(redact('only first-line-abc here')).toBe('only *** here');
    expect(redact('only second-line-def here')).toBe('only *** here');
  });

  it('does not take short lines of a multi-line secret for secrets of their own', () => {
    registerSecret('{\nlong-enough-line\n}');
    expect(redact('{ a }')).toBe('{ a }');
    expect(redact('long-enough-line')).toBe('***');
  });

  it('finds a secret with non-ASCII characters, percent-encoded too', () => {
    registerSecret('clé-secrète');
    expect(redact('clé-secrète')).toBe('***');
    expect(redact(encodeURIComponent('clé-secrète'))).toBe('***');
  });

  it('tells the sink every secret, each line of a multi-line one too', () => {
    const sent: string[] = [];
    setSecretSink(value => sent.push(value));
    registerSecret(multi);
    registerSecret(multi); // once only
    registerSecret('');
    expect(sent).toEqual([multi, 'first-line-abc', 'second-line-def']);
  });

  it('forgets every secret', () => {
    registerSecret('s3cr3t');
    forgetSecrets();
    expect(redact('s3cr3t')).toBe('s3cr3t');
  });
});
