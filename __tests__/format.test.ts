// How long texts are cut, everywhere they are: never through half of a surrogate pair.
import { describe, expect, it } from '@jest/globals';
import { headOf, truncate } from '../src/format.js';

describe('truncate', () => {
  it('leaves a short text alone and marks a cut with …, within max characters', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('hello world', 6)).toHaveLength(6);
  });

  it('never cuts an emoji in two', () => {
    const cut = truncate('ab🎉cd', 4); // the … would fall after the first half of 🎉
    expect(cut).toBe('ab…');
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(truncate('ab🎉cd', 5)).toBe('ab🎉…');
  });
});

describe('headOf', () => {
  it('gives the first characters, one fewer where the last is half of a pair', () => {
    expect(headOf('abcdef', 3)).toBe('abc');
    expect(headOf('a🎉b', 2)).toBe('a');
    expect(headOf('a🎉b', 3)).toBe('a🎉');
    expect(headOf('abc', 10)).toBe('abc');
  });
});
