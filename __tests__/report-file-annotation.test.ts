// Which theme file (and line) a publish error names, as a path from the repository root.
import { describe, expect, it } from '@jest/globals';
import { locateFileInMessage } from '../src/report/file-annotation.js';

const THEME = [
  'index.html',
  'default.html',
  '_layouts/default.html',
  '_layouts/post.html',
  '_includes/head.html',
  'assets/css/site.css',
  'café/ménu.html',
  'my page.html'
];

describe('locateFileInMessage', () => {
  it('the SPEC example gives file=theme/_layouts/default.html, line=6', () => {
    expect(
      locateFileInMessage(
        "Liquid syntax error in _layouts/default.html (line 6): Unknown tag 'endfor'",
        THEME,
        'theme'
      )
    ).toEqual({ file: 'theme/_layouts/default.html', line: 6 });
  });

  it.each([
    ['Liquid error in _layouts/post.html line 12: boom', 12],
    ['Liquid error in _layouts/post.html (line 12): boom', 12],
    ['Liquid error in _layouts/post.html ( line 12 ) boom', 12],
    ['Liquid error in _layouts/post.html:12: boom', 12],
    ['Liquid error in _layouts/post.html:12', 12],
    ['Liquid error in _layouts/post.html at line 3', 3],
    ['Liquid error in _layouts/post.html Line 7', 7]
  ])('%p → line %i', (message, line) => {
    expect(locateFileInMessage(message, THEME, 'site')).toEqual({
      file: 'site/_layouts/post.html',
      line
    });
  });

  it('gives the file without a line when none follows', () => {
    expect(locateFileInMessage('Could not render _includes/head.html', THEME, 'theme')).toEqual({
      file: 'theme/_includes/head.html'
    });
    expect(
      locateFileInMessage('Error in _includes/head.html; see line 4 of the log', THEME, 'theme')
    ).toEqual({ file: 'theme/_includes/head.html' });
  });

  it('line 0 is no line', () => {
    expect(locateFileInMessage('Error in index.html line 0', THEME, '')).toEqual({
      file: 'index.html'
    });
  });

  it('returns undefined when no theme file is named', () => {
    expect(locateFileInMessage('Publish error: timeout', THEME, 'theme')).toBeUndefined();
    expect(locateFileInMessage('', THEME, 'theme')).toBeUndefined();
    expect(locateFileInMessage('Error in index.html', [], 'theme')).toBeUndefined();
  });

  describe('whole words only', () => {
    it.each([
      'Error in _layouts/default.html.bak (line 2)',
      'Error in mydefault.html (line 2)',
      'Error in default.html.bak (line 2)',
      'Error in default.html.liquid',
      'Error in default.htmlx',
      'Error in default.html-old',
      'Error in old-default.html',
      'Error in old_default.html',
      'Error in other/default.html'
    ])('default.html is not found in %p', message => {
      expect(locateFileInMessage(message, ['default.html'], 'theme')).toBeUndefined();
    });

    it.each([
      ['Error in default.html.', undefined],
      ['Error in default.html. Fix it.', undefined],
      ["Error in 'default.html' (line 3)", 3],
      ['Error in "default.html":3', 3],
      ['Error in `default.html` line 3', 3],
      ['Error in [default.html]', undefined],
      ['default.html: Unknown tag', undefined]
    ])('default.html is found in %p', (message, line) => {
      const found = locateFileInMessage(message, ['default.html'], '');
      expect(found?.file).toBe('default.html');
      expect(found?.line).toBe(line);
    });
  });

  it('the longest name wins, whatever the order of the list', () => {
    const message = 'Liquid syntax error in _layouts/default.html (line 6)';
    const expected = { file: 'theme/_layouts/default.html', line: 6 };
    expect(
      locateFileInMessage(message, ['default.html', '_layouts/default.html'], 'theme')
    ).toEqual(expected);
    expect(
      locateFileInMessage(message, ['_layouts/default.html', 'default.html'], 'theme')
    ).toEqual(expected);
  });

  it('a longer name that merely contains a shorter one does not steal its match', () => {
    expect(
      locateFileInMessage('Error in index.html (line 2)', ['index.html', 'blog/index.html'], 't')
    ).toEqual({ file: 't/index.html', line: 2 });
  });

  it('the second mention counts when the first is part of a longer name', () => {
    expect(
      locateFileInMessage(
        'Copied mydefault.html; then error in default.html (line 8)',
        ['default.html'],
        ''
      )
    ).toEqual({ file: 'default.html', line: 8 });
  });

  it('a theme at the repository root gives the bare path', () => {
    expect(
      locateFileInMessage('Liquid syntax error in _layouts/default.html (line 6)', THEME, '')
    ).toEqual({ file: '_layouts/default.html', line: 6 });
  });

  it('a nested theme-dir is prefixed whole', () => {
    expect(locateFileInMessage('Error in assets/css/site.css:40', THEME, 'sites/main')).toEqual({
      file: 'sites/main/assets/css/site.css',
      line: 40
    });
  });

  it('finds unicode filenames', () => {
    expect(
      locateFileInMessage('Liquid error in café/ménu.html (line 2): x', THEME, 'theme')
    ).toEqual({ file: 'theme/café/ménu.html', line: 2 });
    // ...and as whole words in unicode too.
    expect(locateFileInMessage('Liquid error in ménu.html', ['ménu.html'], '')).toEqual({
      file: 'ménu.html'
    });
    expect(locateFileInMessage('Liquid error in émenu.html', ['menu.html'], '')).toBeUndefined();
  });

  it('finds filenames with spaces', () => {
    expect(locateFileInMessage('Liquid error in my page.html line 5', THEME, 'theme')).toEqual({
      file: 'theme/my page.html',
      line: 5
    });
  });

  it('a sentence-ending period after the name still matches, with its line', () => {
    expect(locateFileInMessage('Unknown tag in _layouts/post.html.', THEME, 'theme')).toEqual({
      file: 'theme/_layouts/post.html'
    });
    expect(locateFileInMessage('Unknown tag in _layouts/post.html:4.', THEME, 'theme')).toEqual({
      file: 'theme/_layouts/post.html',
      line: 4
    });
  });

  it('accepts any iterable of names (a Set)', () => {
    expect(locateFileInMessage('Error in index.html', new Set(['index.html']), 'theme')).toEqual({
      file: 'theme/index.html'
    });
  });
});
