import { describe, expect, it } from '@jest/globals';
import { compileThemePatterns, ThemePatternError } from '../src/theme/patterns.js';

const FILES = [
  'index.html',
  'about.html',
  'assets/css/site.css',
  'assets/css/vendor/reset.css',
  'assets/js/app.js',
  'assets/fonts/a b.woff',
  'assets', // a FILE named like a folder elsewhere
  '_layouts/default.html',
  '_includes/nav.html',
  'drafts/wip.html',
  'drafts/keep.html',
  'ünï/日本.html',
  'x[1].html'
];

const select = (...patterns: string[]) => {
  const compiled = compileThemePatterns(patterns);
  return FILES.filter(f => compiled.matchesFile(f));
};

describe('compileThemePatterns.matchesFile', () => {
  it('selects everything with **', () => {
    expect(select('**')).toEqual(FILES);
  });

  it('matches at any depth with **/ and only at the root without it', () => {
    expect(select('**/*.html')).toEqual(FILES.filter(f => f.endsWith('.html')));
    expect(select('*.html')).toEqual(['index.html', 'about.html', 'x[1].html']);
  });

  it('applies patterns in order: ! unselects, a later pattern selects again', () => {
    expect(select('**', '!drafts/**')).not.toContain('drafts/wip.html');
    expect(select('**', '!drafts/**', 'drafts/keep.html')).toEqual(
      FILES.filter(f => f !== 'drafts/wip.html')
    );
    // An exclusion before any selection has nothing to remove.
    expect(select('!drafts/**', '**')).toEqual(FILES);
    expect(select('!!index.html')).toEqual(['index.html']); // double negation
  });

  it('selects everything below a folder named without ** (implicit descendants)', () => {
    expect(select('assets/css')).toEqual(['assets/css/site.css', 'assets/css/vendor/reset.css']);
    expect(select('**', '!assets/css')).not.toContain('assets/css/vendor/reset.css');
  });

  it('matches only directories with a trailing slash', () => {
    expect(select('assets/')).toEqual([
      'assets/css/site.css',
      'assets/css/vendor/reset.css',
      'assets/js/app.js',
      'assets/fonts/a b.woff'
    ]);
    expect(select('assets')).toContain('assets');
  });

  it('skips blank lines and comments, trims, drops ./, splits multi-line entries', () => {
    expect(
      select('  # a comment', '', '  ./_layouts/**  ', '_includes/*\n\n#x\r\n./index.html')
    ).toEqual(['index.html', '_layouts/default.html', '_includes/nav.html']);
    expect(select('.')).toEqual(FILES);
  });

  it('handles spaces, Unicode, and [ ] for literal metacharacters', () => {
    expect(select('assets/fonts/a b.woff')).toEqual(['assets/fonts/a b.woff']);
    expect(select('ünï/*.html')).toEqual(['ünï/日本.html']);
    expect(select('x[[]1].html')).toEqual(['x[1].html']);
  });

  it('expands braces', () => {
    expect(select('{index,about}.html')).toEqual(['index.html', 'about.html']);
  });

  it('selects nothing for an empty list', () => {
    expect(select()).toEqual([]);
    expect(select('# only a comment')).toEqual([]);
  });
});

describe('compileThemePatterns: patterns that would leave theme-dir', () => {
  it('refuses absolute patterns and .. segments, naming the files input', () => {
    for (const bad of ['/etc/**', '../secrets/**', 'assets/../../x', '!../x', '..', '!']) {
      expect(() => compileThemePatterns([bad])).toThrow(ThemePatternError);
      expect(() => compileThemePatterns([bad])).toThrow(/files input/);
    }
    expect(() => compileThemePatterns(['a..b/**', '..x'])).not.toThrow();
  });
});

describe('compileThemePatterns.mayMatchBelow', () => {
  const DIRS = [
    'assets',
    'assets/css',
    'assets/css/vendor',
    'drafts',
    '_layouts',
    'ünï',
    'other',
    'other/deep'
  ];
  const PATTERN_SETS = [
    ['**'],
    ['**/*.html'],
    ['assets/css/**'],
    ['assets/*/vendor/*.css'],
    ['assets/css'],
    ['assets/'],
    ['_layouts/*.html', '!drafts/**'],
    ['{assets,drafts}/**'],
    ['*/css/**'],
    ['a*/**'],
    ['ünï/*']
  ];

  it('never rules out a folder holding a selected file', () => {
    for (const patterns of PATTERN_SETS) {
      const compiled = compileThemePatterns(patterns);
      for (const file of FILES) {
        if (!compiled.matchesFile(file)) continue;
        const segments = file.split('/');
        for (let depth = 1; depth < segments.length; depth++) {
          const dir = segments.slice(0, depth).join('/');
          expect([patterns, dir, compiled.mayMatchBelow(dir)]).toEqual([patterns, dir, true]);
        }
      }
    }
  });

  it('rules out folders no pattern can reach', () => {
    const compiled = compileThemePatterns(['assets/css/**', '_layouts/*.html']);
    const reachable = DIRS.filter(d => compiled.mayMatchBelow(d));
    expect(reachable).toEqual(['assets', 'assets/css', 'assets/css/vendor', '_layouts']);
    // Exclusions never prune (a later pattern could select again).
    expect(compileThemePatterns(['**', '!drafts/**']).mayMatchBelow('drafts')).toBe(true);
  });
});
