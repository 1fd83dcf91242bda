import { describe, expect, it } from '@jest/globals';
import { createThemeRules } from '../src/theme/ignore-rules.js';

/** Whether a path relative to theme-dir is part of the theme under these rules. */
function createThemeFilter(siteleafignore?: string): (filename: string) => boolean {
  const rules = createThemeRules(siteleafignore);
  return filename => rules.includesFile(filename);
}

describe('createThemeRules: always excluded', () => {
  const included = createThemeFilter();

  it('includes ordinary theme files, any Unicode and spaces', () => {
    for (const name of [
      'index.html',
      'assets/css/site.css',
      'ünï cödé/fïlé näme.html',
      '日本/ページ.html'
    ]) {
      expect(included(name)).toBe(true);
    }
  });

  it('excludes dotfiles and dot-folders at any depth (the gem missed nested ones)', () => {
    for (const name of [
      '.siteleafignore',
      '.DS_Store',
      '.git/config',
      'assets/.sass-cache/site.css',
      'a/b/.hidden',
      'a/.b/c/d.html'
    ]) {
      expect(included(name)).toBe(false);
    }
    expect(included('assets/file.with.dots.css')).toBe(true);
  });

  it('excludes node_modules at any depth but not lookalikes', () => {
    expect(included('node_modules/pkg/index.js')).toBe(false);
    expect(included('assets/node_modules/pkg/index.js')).toBe(false);
    expect(included('assets/node_modules.js')).toBe(true);
    expect(included('my_node_modules/x.js')).toBe(true);
  });

  it('excludes config.ru at any depth, as the gem did, but not lookalikes', () => {
    expect(included('config.ru')).toBe(false);
    expect(included('examples/config.ru')).toBe(false);
    expect(included('config.rb')).toBe(true);
    expect(included('config.ru.html')).toBe(true);
  });

  it('never includes a path that is not relative', () => {
    expect(included('')).toBe(false);
    expect(included('/etc/passwd')).toBe(false);
    expect(included('a//b')).toBe(false);
  });

  it('cannot be overridden by a .siteleafignore negation', () => {
    const filter = createThemeFilter('!.htaccess\n!node_modules/\n!config.ru\n');
    expect(filter('.htaccess')).toBe(false);
    expect(filter('node_modules/x.js')).toBe(false);
    expect(filter('config.ru')).toBe(false);
  });
});

describe('createThemeRules: .siteleafignore with .gitignore rules', () => {
  it('ignores a bare folder name at any depth (the gem trap: it matched nothing inside)', () => {
    const filter = createThemeFilter('bower_components\nnode_modules\n');
    expect(filter('bower_components/jquery/jquery.js')).toBe(false);
    expect(filter('vendor/bower_components/x.js')).toBe(false);
    expect(filter('bower_components.html')).toBe(true);
  });

  it('applies globs, anchors and directory-only rules', () => {
    const filter = createThemeFilter(
      ['*.scss', '/build', 'docs/', 'scripts/coffee/*.*'].join('\n')
    );
    expect(filter('assets/site.scss')).toBe(false);
    expect(filter('assets/site.css')).toBe(true);
    expect(filter('build/app.js')).toBe(false);
    expect(filter('assets/build/app.js')).toBe(true); // anchored to the root
    expect(filter('docs/readme.html')).toBe(false);
    expect(filter('a/docs/readme.html')).toBe(false);
    expect(filter('docs')).toBe(true); // a FILE named docs: `docs/` is for directories
    expect(filter('scripts/coffee/app.coffee')).toBe(false);
    expect(filter('scripts/app.js')).toBe(true);
  });

  it('supports negation, comments, blank lines, trailing spaces, CRLF and a BOM', () => {
    const text = '\uFEFF# theme sources\r\n*.scss   \r\n\r\n!keep.scss\r\nGemfile\r\n';
    const filter = createThemeFilter(text);
    expect(filter('a.scss')).toBe(false);
    expect(filter('keep.scss')).toBe(true);
    expect(filter('assets/keep.scss')).toBe(true);
    expect(filter('# theme sources')).toBe(true);
    expect(filter('Gemfile')).toBe(false);
    expect(filter('Gemfile.lock')).toBe(true);
  });

  it('cannot re-include a file inside an ignored folder, as git', () => {
    const filter = createThemeFilter('vendor/\n!vendor/keep.js\nlib/*\n!lib/keep.js\n');
    expect(filter('vendor/keep.js')).toBe(false);
    expect(filter('lib/keep.js')).toBe(true);
    expect(filter('lib/other.js')).toBe(false);
  });

  it('matches without regard to case, as the gem did', () => {
    const filter = createThemeFilter('gemfile\n*.PSD\n');
    expect(filter('Gemfile')).toBe(false);
    expect(filter('art/logo.psd')).toBe(false);
  });
});

describe('createThemeRules.includesDirectory', () => {
  it('agrees with includesFile about every file below the directory', () => {
    const rules = createThemeRules('docs/\n/build\nlib/*\n!lib/keep.js\nbower_components\n');
    const files = [
      'docs/a.html',
      'x/docs/a.html',
      'build/a.js',
      'x/build/a.js',
      'lib/keep.js',
      'lib/sub/a.js',
      'bower_components/a.js',
      '.git/HEAD',
      'a/.cache/x',
      'node_modules/a/b.js',
      'assets/css/site.css'
    ];
    for (const file of files) {
      const segments = file.split('/');
      for (let depth = 1; depth < segments.length; depth++) {
        const dir = segments.slice(0, depth).join('/');
        // A directory ruled out must never hold an included file.
        if (!rules.includesDirectory(dir))
          expect([file, rules.includesFile(file)]).toEqual([file, false]);
      }
    }
    expect(rules.includesDirectory('docs')).toBe(false);
    expect(rules.includesDirectory('lib')).toBe(true);
    expect(rules.includesDirectory('lib/sub')).toBe(false);
    expect(rules.includesDirectory('assets/css')).toBe(true);
    expect(rules.includesDirectory('a/.cache')).toBe(false);
  });
});
