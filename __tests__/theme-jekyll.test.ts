// jekyll.ts: the v2 exclusions (Jekyll's defaults and `exclude:`), reading _config.yml, and
// names that would be one file on Siteleaf. Expected matches were checked against Ruby's
// File.fnmatch? and Jekyll's EntryFilter#glob_include? rule.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  JEKYLL_DEFAULT_EXCLUDES,
  JekyllConfigError,
  createJekyllRules,
  findCaseCollisions,
  parseJekyllConfig,
  readJekyllConfig
} from '../src/theme/jekyll.js';

/** The paths of `paths` the rules leave out (as files). */
function excluded(exclude: readonly string[], paths: readonly string[]): string[] {
  const rules = createJekyllRules(exclude);
  return paths.filter(name => !rules.includesFile(name));
}

function configError(text: string): JekyllConfigError {
  try {
    parseJekyllConfig(text);
  } catch (error) {
    if (error instanceof JekyllConfigError) return error;
    throw error;
  }
  throw new Error('expected a JekyllConfigError');
}

describe('createJekyllRules: the defaults', () => {
  const rules = createJekyllRules([]);

  it('leaves out the build output, Bundler files and vendored gems', () => {
    for (const name of [
      '_site/index.html',
      '_site/assets/css/site.css',
      'Gemfile',
      'Gemfile.lock',
      'gemfiles/jekyll-4.gemfile',
      'vendor/bundle/ruby/3.3.0/gems/x.rb',
      'vendor/cache/x.gem',
      'vendor/gems/x/lib/x.rb',
      'vendor/ruby/3.3.0/x.rb',
      'node_modules/x/index.js',
      '.jekyll-cache/x',
      '.sass-cache/x',
      '.ruby-lsp/x'
    ]) {
      expect([name, rules.includesFile(name)]).toEqual([name, false]);
    }
  });

  it('keeps lookalikes and the same names below the root', () => {
    for (const name of [
      'index.html',
      '_sites/index.html',
      '_posts/2024-01-01-hello.md',
      'assets/Gemfile',
      'docs/_site/index.html',
      'vendor/jquery.js',
      'vendor/bundler/x.js',
      'assets/vendor/bundle/x.js',
      '_config.yml'
    ]) {
      expect([name, rules.includesFile(name)]).toEqual([name, true]);
    }
  });

  it('never lets the walk into the folders it leaves out', () => {
    for (const dir of ['_site', '_site/assets', 'gemfiles', 'vendor/bundle', 'vendor/ruby/3.3.0']) {
      expect([dir, rules.includesDirectory(dir)]).toEqual([dir, false]);
    }
    for (const dir of ['vendor', 'assets', '_posts', 'docs/_site']) {
      expect([dir, rules.includesDirectory(dir)]).toEqual([dir, true]);
    }
  });

  it('is the list the contract names, plus what Jekyll adds that other rules cover anyway', () => {
    expect(JEKYLL_DEFAULT_EXCLUDES).toEqual(
      expect.arrayContaining([
        '_site/',
        'Gemfile',
        'Gemfile.lock',
        'gemfiles',
        'vendor/bundle/',
        'vendor/cache/',
        'vendor/gems/',
        'vendor/ruby/'
      ])
    );
  });
});

describe('createJekyllRules: exclude entries, as Jekyll matches them', () => {
  it('takes a plain name as a path from the root, with everything below it', () => {
    expect(
      excluded(
        ['README.md', 'drafts'],
        [
          'README.md',
          'docs/README.md',
          'drafts',
          'drafts/wip.html',
          'drafts/deep/er/wip.html',
          'assets/drafts/x.css',
          'index.html'
        ]
      )
    ).toEqual(['README.md', 'drafts', 'drafts/wip.html', 'drafts/deep/er/wip.html']);
  });

  it('takes a nested path from the root only', () => {
    expect(
      excluded(
        ['assets/raw'],
        ['assets/raw/x.png', 'assets/raw', 'raw/x.png', 'theme/assets/raw/x.png', 'assets/x.png']
      )
    ).toEqual(['assets/raw/x.png', 'assets/raw']);
  });

  it("matches a name's start as a string, as Jekyll does (README also leaves out README.md)", () => {
    expect(
      excluded(['README', 'test'], ['README', 'README.md', 'testimonials.html', 'about/test.html'])
    ).toEqual(['README', 'README.md', 'testimonials.html']);
  });

  it('drops a leading / or ./ (the site root)', () => {
    expect(
      excluded(['/drafts', './notes.txt', '//x'], ['drafts/a.html', 'notes.txt', 'x', 'a/drafts'])
    ).toEqual(['drafts/a.html', 'notes.txt', 'x']);
  });

  it('keeps a trailing /: that folder and what is below it, not a file of that name', () => {
    const rules = createJekyllRules(['notes/']);
    expect(rules.includesDirectory('notes')).toBe(false);
    expect(rules.includesFile('notes/a.md')).toBe(false);
    expect(rules.includesFile('notes')).toBe(true);
    expect(rules.includesFile('notes.md')).toBe(true);
    expect(rules.includesDirectory('notes-old')).toBe(true);
  });

  it('lets * and ? match any character, / included (File.fnmatch without FNM_PATHNAME)', () => {
    expect(
      excluded(['*.sh'], ['build.sh', 'scripts/ci/build.sh', 'build.shx', 'sh/build.html'])
    ).toEqual(['build.sh', 'scripts/ci/build.sh']);
    expect(excluded(['docs/*.md'], ['docs/a.md', 'docs/sub/a.md', 'docs/a.html', 'a.md'])).toEqual([
      'docs/a.md',
      'docs/sub/a.md'
    ]);
    // `docs.html` is no match: fnmatch wants the whole name, and the prefix test is literal.
    expect(excluded(['d?cs'], ['docs', 'd/cs', 'dxcs/a.html', 'dcs', 'docs.html'])).toEqual([
      'docs',
      'd/cs',
      'dxcs/a.html'
    ]);
  });

  it('leaves out a folder whose name matches, and all below it, even where the path does not', () => {
    const rules = createJekyllRules(['draft*', 'a*b']);
    expect(rules.includesDirectory('drafts')).toBe(false);
    expect(rules.includesFile('drafts/wip.html')).toBe(false);
    expect(rules.includesDirectory('ab')).toBe(false);
    // `a*b` does not match `ab/c` itself; Jekyll never enters `ab`, so it is left out.
    expect(rules.includesFile('ab/c.html')).toBe(false);
    expect(rules.includesDirectory('assets')).toBe(true);
  });

  it('follows File.fnmatch for classes, escapes, braces, ** and case', () => {
    expect(
      excluded(
        ['[ab].txt', '[!a]x', '[a-c]1', '\\*lit', '{a,b}.html', '**/README.md', 'Docs'],
        [
          'a.txt',
          'c.txt',
          'bx',
          'ax',
          'b1',
          'd1',
          '*lit',
          'alit',
          '{a,b}.html',
          'a.html',
          'README.md',
          'sub/README.md',
          'sub/deep/README.md',
          'docs/x.html'
        ]
      )
    ).toEqual(['a.txt', 'bx', 'b1', '*lit', '{a,b}.html', 'sub/README.md', 'sub/deep/README.md']);
  });

  it('treats an unclosed class as matching nothing but its own text', () => {
    expect(excluded(['x[', 'y[z'], ['x[', 'x[a', 'xa', 'y[z', 'yz'])).toEqual(['x[', 'x[a', 'y[z']);
  });

  it('matches Unicode names by character', () => {
    expect(excluded(['ü?', 'é[à-ü]'], ['üx', 'ü', 'éè', 'éa', 'ü/x'])).toEqual(['üx', 'éè']);
  });

  it('refuses an entry that names the whole site', () => {
    expect(() => createJekyllRules(['/'])).toThrow(/whole site/);
  });
});

describe('parseJekyllConfig', () => {
  it('returns the exclude list as written, ignoring every other key', () => {
    const text = [
      'title: My site',
      'permalink: /:year/:title/',
      'collections:',
      '  projects:',
      '    output: true',
      'exclude:',
      '  - README.md',
      '  - "*.sh"',
      '  - /drafts/',
      'defaults: []',
      ''
    ].join('\n');
    expect(parseJekyllConfig(text)).toEqual({
      found: true,
      exclude: ['README.md', '*.sh', '/drafts/']
    });
    expect(parseJekyllConfig('exclude: [a, "b c", \'d\']\n').exclude).toEqual(['a', 'b c', 'd']);
  });

  it('gives no entries for an empty file, comments only, or no exclude key', () => {
    expect(parseJekyllConfig('')).toEqual({ found: true, exclude: [] });
    expect(parseJekyllConfig('# nothing yet\n')).toEqual({ found: true, exclude: [] });
    expect(parseJekyllConfig('---\n')).toEqual({ found: true, exclude: [] });
    expect(parseJekyllConfig('title: x\n')).toEqual({ found: true, exclude: [] });
    expect(parseJekyllConfig('exclude: []\n')).toEqual({ found: true, exclude: [] });
  });

  it('reads a byte order mark and CRLF line ends', () => {
    expect(parseJekyllConfig('\uFEFFtitle: x\r\nexclude:\r\n  - a\r\n  - b/c\r\n')).toEqual({
      found: true,
      exclude: ['a', 'b/c']
    });
  });

  it('reads as Psych does: last duplicate key wins, aliases, merge keys, first document only', () => {
    expect(parseJekyllConfig('exclude: [a]\nexclude: [b]\n').exclude).toEqual(['b']);
    expect(parseJekyllConfig('x: &list [p, q]\nexclude: *list\n').exclude).toEqual(['p', 'q']);
    expect(parseJekyllConfig('base: &b {exclude: [m]}\n<<: *b\n').exclude).toEqual(['m']);
    expect(parseJekyllConfig('exclude: [a]\n---\nexclude: [b\n').exclude).toEqual(['a']);
    // Psych (libyaml) accepts a comment glued to a quoted value; so do we.
    expect(parseJekyllConfig('title: "x"#c\nexclude: [a]\n').exclude).toEqual(['a']);
    // Ruby-only tags are not an error: Jekyll's safe loader reads them as text.
    expect(parseJekyllConfig('x: !ruby/regexp /a/\nexclude: [a]\n').exclude).toEqual(['a']);
  });

  it('fails on YAML that is not valid, with the line, the column and the reason', () => {
    const error = configError('title: x\nexclude:\n  - a\ndescription: "unclosed\n');
    expect(error).toMatchObject({ name: 'JekyllConfigError', file: '_config.yml', line: 5 });
    expect(error.reason).toMatch(/^not valid YAML: Missing closing "quote/);
    expect(error.message).toBe(`_config.yml, line 5, column 1: ${error.reason}`);

    expect(configError('title: x\nurl: a: b\n')).toMatchObject({ line: 2, column: 6 });
    expect(configError('exclude:\n\t- a\n')).toMatchObject({ line: 2, column: 1 });
    expect(configError('a: 1\nb: @x\n').reason).toMatch(/reserved character @/);
  });

  it('counts lines the same with a byte order mark and CRLF', () => {
    expect(configError('\uFEFFtitle: x\r\nurl: a: b\r\n')).toMatchObject({ line: 2, column: 6 });
    expect(configError('\uFEFFurl: a: b\n')).toMatchObject({ line: 1, column: 6 });
  });

  it('fails on an alias with no anchor, as Psych does', () => {
    expect(configError('title: x\nexclude: *nowhere\n')).toMatchObject({
      line: 2,
      column: 10,
      reason: 'not valid YAML: the alias *nowhere has no anchor &nowhere before it.'
    });
  });

  it('fails when exclude is not a list, naming exclude and its line', () => {
    const error = configError('title: x\nexclude: README.md\n');
    expect(error).toMatchObject({ file: '_config.yml', line: 2, column: undefined });
    expect(error.reason).toMatch(
      /^'exclude' must be a list of paths, but it is text \("README.md"\)/
    );
    expect(configError('title: x\nexclude:\n').reason).toMatch(/'exclude' .* it is empty/);
    expect(configError('exclude:\n  a: b\n')).toMatchObject({ line: 2 });
    expect(configError('exclude:\n  a: b\n').reason).toMatch(/it is a mapping/);
  });

  it('fails on an item that is not text, with its line and how to quote it', () => {
    const number = configError('exclude:\n  - README.md\n  - 2019\n');
    expect(number).toMatchObject({ line: 3 });
    expect(number.reason).toBe(
      "'exclude' must be a list of paths, but item 2 is the number 2019. " +
        "If it is a path, put it in quotes: '2019'."
    );
    // YAML 1.1, as Jekyll reads it: unquoted yes/no/on/off are booleans.
    expect(configError('exclude: [a, on]\n').reason).toMatch(
      /item 2 is the boolean true .*put it in quotes: 'on'/
    );
    expect(configError('exclude:\n  - a\n  -\n')).toMatchObject({ line: 3 });
    expect(configError('exclude:\n  - a\n  -\n').reason).toMatch(/item 2 is empty\. Remove it\./);
    expect(configError('exclude: [[a]]\n').reason).toMatch(/item 1 is a list/);
  });

  it('fails on an item naming the whole site', () => {
    expect(configError('exclude:\n  - a\n  - /\n')).toMatchObject({ line: 3 });
    expect(configError('exclude: [""]\n').reason).toMatch(/would leave every file out/);
  });

  it('fails when the file is not settings at all', () => {
    const error = configError('- a\n- b\n');
    expect(error).toMatchObject({ line: 1 });
    expect(error.reason).toMatch(/holds a list/);
  });
});

describe('readJekyllConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'jekyll-config-')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is fine without _config.yml: no extra entries', async () => {
    expect(await readJekyllConfig(dir)).toEqual({ found: false, exclude: [] });
  });

  it('reads theme-dir/_config.yml, BOM and CRLF included', async () => {
    writeFileSync(path.join(dir, '_config.yml'), '\uFEFFtitle: x\r\nexclude: [drafts]\r\n');
    expect(await readJekyllConfig(dir)).toEqual({ found: true, exclude: ['drafts'] });
  });

  it('throws JekyllConfigError for a broken file, and a plain error for an unreadable one', async () => {
    writeFileSync(path.join(dir, '_config.yml'), 'title: x\nexclude: [a\n');
    await expect(readJekyllConfig(dir)).rejects.toBeInstanceOf(JekyllConfigError);
    rmSync(path.join(dir, '_config.yml'));
    mkdirSync(path.join(dir, '_config.yml'));
    await expect(readJekyllConfig(dir)).rejects.toThrow(/^Could not read .*_config\.yml/);
  });
});

describe('findCaseCollisions', () => {
  it('finds every group of names equal ignoring case, sorted', () => {
    expect(
      findCaseCollisions([
        'index.html',
        'About.html',
        'assets/Logo.PNG',
        'about.html',
        'assets/logo.png',
        'ABOUT.HTML',
        'assets/other.png'
      ])
    ).toEqual([
      ['ABOUT.HTML', 'About.html', 'about.html'],
      ['assets/Logo.PNG', 'assets/logo.png']
    ]);
  });

  it('lowercases beyond ASCII', () => {
    expect(findCaseCollisions(['Ünï/Fïlé.html', 'ünï/fïlé.html', 'ünï/file.html'])).toEqual([
      ['Ünï/Fïlé.html', 'ünï/fïlé.html']
    ]);
    expect(findCaseCollisions(['ÉTÉ.md', 'été.md'])).toEqual([['ÉTÉ.md', 'été.md']]);
  });

  it('finds none for distinct names, nor for the same name twice', () => {
    expect(findCaseCollisions(['a.html', 'b.html', 'a/b.html', 'a-b.html'])).toEqual([]);
    expect(findCaseCollisions(['a.html', 'a.html'])).toEqual([]);
    expect(findCaseCollisions([])).toEqual([]);
  });
});
