// src/theme/files.ts over real temporary folders: listThemeFiles (links, odd names, ignore
// rules, patterns, and the folders its walk never enters), selectThemeFiles and
// readSiteleafIgnore. Only readdirSync is wrapped, to record every folder the walk lists;
// everything else is the real file system.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals';
import { silentLog } from '../src/log.js';
import { recordingLog } from './helpers/fixtures.js';

/** Every folder readdirSync listed, in order (emptied by the tests that read it). */
const listed: string[] = [];
const actual = await import('node:fs');
jest.unstable_mockModule('node:fs', () => ({
  ...actual,
  readdirSync: ((dir: string, options: never) => {
    listed.push(dir);
    return actual.readdirSync(dir, options);
  }) as typeof actual.readdirSync
}));
// Imported once node:fs is wrapped.
const { listThemeFiles, readSiteleafIgnore, selectThemeFiles } =
  await import('../src/theme/files.js');
const { createJekyllRules, readJekyllConfig } = await import('../src/theme/jekyll.js');
const { ThemePatternError } = await import('../src/theme/patterns.js');

let work: string; // holds theme/ and things outside it
let theme: string;

beforeEach(() => {
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'theme-files-')));
  theme = path.join(work, 'theme');
  mkdirSync(theme);
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function write(relative: string, content: string | Buffer = relative): void {
  const file = path.join(theme, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

async function list(patterns: string[] = ['**'], themeDirLabel = 'theme') {
  const log = recordingLog();
  const prefix = themeDirLabel === '.' ? '' : `${themeDirLabel}/`;
  const files = await listThemeFiles({ themeDir: theme, patterns, themeDirLabel, log });
  // The warning sits on the skipped file, named from the repository root.
  const warnings = log.entries
    .filter(entry => entry.level === 'warning')
    .map(({ message, place }) => ({ message, filename: (place?.file ?? '').slice(prefix.length) }));
  return { files, names: files.map(f => f.filename), warnings };
}

describe('listThemeFiles', () => {
  it('lists nested files with POSIX filenames, real paths and sizes, sorted', async () => {
    write('index.html', '<h1>hi</h1>');
    write('_layouts/default.html');
    write('assets/css/site.css', 'body { color: red }');
    write('assets/images/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff, 0, 1]));
    const { files, warnings } = await list();
    expect(files).toEqual([
      {
        filename: '_layouts/default.html',
        absolutePath: path.join(theme, '_layouts/default.html'),
        size: 21
      },
      {
        filename: 'assets/css/site.css',
        absolutePath: path.join(theme, 'assets/css/site.css'),
        size: 19
      },
      {
        filename: 'assets/images/logo.png',
        absolutePath: path.join(theme, 'assets/images/logo.png'),
        size: 8
      },
      { filename: 'index.html', absolutePath: path.join(theme, 'index.html'), size: 11 }
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps Unicode and spaces in names', async () => {
    write('ünï cödé/fïlé näme.html');
    write('日本/ページ 1.html');
    write('emoji 🎉.css');
    const { names } = await list();
    expect(names).toEqual(['emoji 🎉.css', 'ünï cödé/fïlé näme.html', '日本/ページ 1.html']);
  });

  it('leaves out dotfiles, dot-folders, node_modules and config.ru', async () => {
    write('index.html');
    write('.siteleafignore', '');
    write('.DS_Store');
    write('.git/HEAD');
    write('assets/.sass-cache/x.css');
    write('node_modules/pkg/index.js');
    write('assets/node_modules/pkg/index.js');
    write('config.ru');
    const { names } = await list();
    expect(names).toEqual(['index.html']);
  });

  it('applies .siteleafignore with gitignore rules', async () => {
    write('.siteleafignore', '# sources\nbower_components\n*.scss\n!keep.scss\n/build\ndocs/\n');
    write('index.html');
    write('bower_components/jquery/jquery.js');
    write('assets/site.scss');
    write('assets/keep.scss');
    write('build/app.js');
    write('assets/build/app.js');
    write('docs/readme.html');
    const { names } = await list();
    expect(names).toEqual(['assets/build/app.js', 'assets/keep.scss', 'index.html']);
  });

  it('applies the files patterns, ! ones excluding', async () => {
    write('index.html');
    write('about.html');
    write('assets/site.css');
    write('drafts/wip.html');
    write('drafts/keep.html');
    expect((await list(['**/*.html', '!drafts/**'])).names).toEqual(['about.html', 'index.html']);
    expect((await list(['**', '!drafts/**', 'drafts/keep.html'])).names).toEqual([
      'about.html',
      'assets/site.css',
      'drafts/keep.html',
      'index.html'
    ]);
    expect((await list(['assets'])).names).toEqual(['assets/site.css']);
  });

  it('returns [] when nothing matches, leaving the message to the caller', async () => {
    write('index.html');
    write('.only-dotfile');
    expect((await list(['**/*.css'])).names).toEqual([]);
    expect((await list(['.only-dotfile'])).names).toEqual([]);
  });

  it('refuses patterns that point outside theme-dir', async () => {
    write('index.html');
    writeFileSync(path.join(work, 'secret.txt'), 'secret');
    await expect(list(['../secret.txt'])).rejects.toThrow(ThemePatternError);
    await expect(list([path.join(work, 'secret.txt')])).rejects.toThrow(/relative to theme-dir/);
  });

  it('treats glob metacharacters in theme-dir itself literally', async () => {
    const odd = path.join(work, 'my [theme] *');
    mkdirSync(path.join(odd, 'a'), { recursive: true });
    writeFileSync(path.join(odd, 'a', 'x.html'), 'x');
    const files = await listThemeFiles({ themeDir: odd, patterns: ['**'], log: silentLog });
    expect(files.map(f => f.filename)).toEqual(['a/x.html']);
  });

  it('follows symbolic links that stay inside theme-dir, naming files by the link', async () => {
    write('shared/colors.css', 'colors');
    write('src/partials/nav.html', 'nav');
    symlinkSync('shared/colors.css', path.join(theme, 'colors.css'));
    symlinkSync('../src/partials', path.join(theme, 'shared', 'partials'));
    // A link into an excluded folder still yields theme files named by the link.
    write('.build/out.css', 'built');
    symlinkSync('.build/out.css', path.join(theme, 'out.css'));
    const { files, warnings } = await list();
    expect(warnings).toEqual([]);
    expect(files.map(f => f.filename)).toEqual([
      'colors.css',
      'out.css',
      'shared/colors.css',
      'shared/partials/nav.html',
      'src/partials/nav.html'
    ]);
    const byName = Object.fromEntries(files.map(f => [f.filename, f]));
    expect(byName['colors.css']).toMatchObject({
      absolutePath: path.join(theme, 'shared/colors.css'),
      size: 6
    });
    expect(byName['shared/partials/nav.html']?.absolutePath).toBe(
      path.join(theme, 'src/partials/nav.html')
    );
  });

  it('skips a link leading outside theme-dir with one warning naming the link, never reading it', async () => {
    write('index.html');
    writeFileSync(path.join(work, 'outside.css'), 'outside');
    mkdirSync(path.join(work, 'outside-dir', 'deep'), { recursive: true });
    writeFileSync(path.join(work, 'outside-dir', 'a.css'), 'a');
    writeFileSync(path.join(work, 'outside-dir', 'deep', 'b.css'), 'b');
    symlinkSync('../outside.css', path.join(theme, 'linked.css'));
    symlinkSync(path.join(work, 'outside-dir'), path.join(theme, 'vendor'));
    mkdirSync(path.join(theme, 'assets'));
    symlinkSync('../../outside.css', path.join(theme, 'assets', 'up.css'));
    const { files, warnings } = await list();
    expect(files.map(f => f.filename)).toEqual(['index.html']);
    expect(files.every(f => f.absolutePath.startsWith(theme + path.sep))).toBe(true);
    expect(warnings.map(w => w.filename).sort()).toEqual(['assets/up.css', 'linked.css', 'vendor']);
    expect(warnings.find(w => w.filename === 'linked.css')?.message).toBe(
      'Skipping theme/linked.css: it is a symbolic link to a path outside theme-dir'
    );
    expect(warnings.find(w => w.filename === 'vendor')?.message).toBe(
      'Skipping theme/vendor: it is a symbolic link to a path outside theme-dir'
    );
  });

  it('names the link from theme-dir alone when theme-dir is the workspace root', async () => {
    writeFileSync(path.join(work, 'outside.css'), 'outside');
    symlinkSync('../outside.css', path.join(theme, 'linked.css'));
    const { warnings } = await list(['**'], '.');
    expect(warnings.map(w => w.message)).toEqual([
      'Skipping linked.css: it is a symbolic link to a path outside theme-dir'
    ]);
  });

  it('does not warn about a link the patterns or ignore rules leave out anyway', async () => {
    write('index.html');
    write('.siteleafignore', 'vendor/\n');
    writeFileSync(path.join(work, 'outside.css'), 'outside');
    mkdirSync(path.join(work, 'outside-dir'));
    symlinkSync('../outside.css', path.join(theme, 'linked.css'));
    symlinkSync('../outside-dir', path.join(theme, 'vendor'));
    symlinkSync('../outside.css', path.join(theme, '.hidden.css'));
    const { names, warnings } = await list(['**/*.html']);
    expect(names).toEqual(['index.html']);
    expect(warnings).toEqual([]);
  });

  it('skips broken links and link loops with a warning each', async () => {
    write('index.html');
    symlinkSync('missing.css', path.join(theme, 'broken.css'));
    symlinkSync('self-loop', path.join(theme, 'self-loop'));
    mkdirSync(path.join(theme, 'a'));
    symlinkSync('..', path.join(theme, 'a', 'up'));
    const { names, warnings } = await list();
    expect(names).toEqual(['index.html']);
    const byName = Object.fromEntries(warnings.map(w => [w.filename, w.message]));
    expect(Object.keys(byName).sort()).toEqual(['a/up', 'broken.css', 'self-loop']);
    expect(byName['broken.css']).toBe(
      'Skipping theme/broken.css: it is a broken symbolic link (its target does not exist)'
    );
    expect(byName['self-loop']).toMatch(/^Skipping theme\/self-loop: .*loop/);
    expect(byName['a/up']).toMatch(/^Skipping theme\/a\/up: .*loop/);
  });

  it('works when theme-dir itself is reached through a symbolic link', async () => {
    write('index.html', 'x');
    const alias = path.join(work, 'alias');
    symlinkSync(theme, alias);
    const files = await listThemeFiles({ themeDir: alias, patterns: ['**'], log: silentLog });
    expect(files).toEqual([
      { filename: 'index.html', absolutePath: path.join(theme, 'index.html'), size: 1 }
    ]);
  });
});

describe('selectThemeFiles', () => {
  async function select(options: { patterns?: string[]; jekyll?: boolean } = {}) {
    const extraRules = options.jekyll
      ? createJekyllRules((await readJekyllConfig(theme)).exclude)
      : undefined;
    return selectThemeFiles({
      themeDir: theme,
      patterns: options.patterns ?? ['**'],
      log: silentLog,
      ...(extraRules ? { extraRules } : {})
    });
  }

  function writeJekyllSite(): void {
    write('_config.yml', 'title: x\nexclude:\n  - README.md\n  - drafts/\n  - "*.sh"\n');
    write('index.html');
    write('_layouts/default.html');
    write('README.md');
    write('docs/README.md');
    write('drafts/wip.html');
    write('scripts/deploy.sh');
    write('Gemfile');
    write('Gemfile.lock');
    write('_site/index.html');
    write('vendor/bundle/ruby/x.rb');
    write('vendor/jquery.js');
  }

  it("with Jekyll's rules, leaves out its defaults and the exclude entries", async () => {
    writeJekyllSite();
    const { files } = await select({ jekyll: true });
    expect(files.map(f => f.filename)).toEqual([
      '_config.yml',
      '_layouts/default.html',
      'docs/README.md',
      'index.html',
      'vendor/jquery.js'
    ]);
  });

  it('manages no remote file on a path those rules leave out', async () => {
    writeJekyllSite();
    const { manages } = await select({ jekyll: true });
    for (const name of [
      'README.md',
      'drafts/old.html',
      'scripts/other.sh',
      'Gemfile',
      '_site/about.html',
      'vendor/cache/x.gem',
      '.htaccess',
      'node_modules/x.js'
    ]) {
      expect([name, manages(name)]).toEqual([name, false]);
    }
    for (const name of ['index.html', 'old.html', 'docs/README.md', 'vendor/old.js']) {
      expect([name, manages(name)]).toEqual([name, true]);
    }
  });

  it('composes with the files patterns and .siteleafignore', async () => {
    writeJekyllSite();
    write('.siteleafignore', 'vendor/\n');
    const { files, manages } = await select({ jekyll: true, patterns: ['**/*.html'] });
    expect(files.map(f => f.filename)).toEqual(['_layouts/default.html', 'index.html']);
    expect(manages('index.html')).toBe(true);
    expect(manages('drafts/wip.html')).toBe(false);
    expect(manages('vendor/x.html')).toBe(false);
    expect(manages('docs/README.md')).toBe(false);
  });

  it('without extra rules (v1), lists and manages what Jekyll would leave out', async () => {
    writeJekyllSite();
    const { files, manages } = await select();
    expect(files.map(f => f.filename)).toEqual([
      'Gemfile',
      'Gemfile.lock',
      'README.md',
      '_config.yml',
      '_layouts/default.html',
      '_site/index.html',
      'docs/README.md',
      'drafts/wip.html',
      'index.html',
      'scripts/deploy.sh',
      'vendor/bundle/ruby/x.rb',
      'vendor/jquery.js'
    ]);
    expect(manages('README.md')).toBe(true);
    expect(manages('_site/about.html')).toBe(true);
  });

  it("with Jekyll's rules and no _config.yml, leaves out the defaults only", async () => {
    writeJekyllSite();
    rmSync(path.join(theme, '_config.yml'));
    const { files } = await select({ jekyll: true });
    expect(files.map(f => f.filename)).toEqual([
      'README.md',
      '_layouts/default.html',
      'docs/README.md',
      'drafts/wip.html',
      'index.html',
      'scripts/deploy.sh',
      'vendor/jquery.js'
    ]);
  });

  it('spares remote files at or below a link skipped locally', async () => {
    write('index.html');
    writeFileSync(path.join(work, 'outside.css'), 'outside');
    symlinkSync('../outside.css', path.join(theme, 'linked.css'));
    mkdirSync(path.join(work, 'outside-dir'));
    symlinkSync('../outside-dir', path.join(theme, 'shared'));
    const { manages } = await select();
    expect(manages('linked.css')).toBe(false);
    expect(manages('shared/a.css')).toBe(false);
    expect(manages('shared.css')).toBe(true);
  });
});

describe('readSiteleafIgnore', () => {
  it('reads the file, or undefined when there is none', async () => {
    expect(await readSiteleafIgnore(theme)).toBeUndefined();
    write('.siteleafignore', '*.psd\n');
    expect(await readSiteleafIgnore(theme)).toBe('*.psd\n');
  });
});

// --- the folders the walk lists ----------------------------------------------------------

describe('listThemeFiles walk', () => {
  let root: string;
  beforeAll(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'theme-walk-')));
    for (const file of [
      'index.html',
      'assets/css/site.css',
      'other/deep/page.html',
      'node_modules/pkg/lib/index.js',
      '.git/objects/ab/cdef',
      'bower_components/x/y.js',
      'sub/node_modules/pkg/a.js'
    ]) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), file);
    }
    writeFileSync(path.join(root, '.siteleafignore'), 'bower_components\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const relativeListed = () => listed.map(dir => path.relative(root, dir) || '.').sort();

  it('never lists excluded folders', async () => {
    listed.length = 0;
    const files = await listThemeFiles({ themeDir: root, patterns: ['**'], log: silentLog });
    expect(files.map(f => f.filename)).toEqual([
      'assets/css/site.css',
      'index.html',
      'other/deep/page.html'
    ]);
    expect(relativeListed()).toEqual(['.', 'assets', 'assets/css', 'other', 'other/deep', 'sub']);
  });

  it('never lists folders the patterns cannot reach', async () => {
    listed.length = 0;
    const files = await listThemeFiles({
      themeDir: root,
      patterns: ['assets/**'],
      log: silentLog
    });
    expect(files.map(f => f.filename)).toEqual(['assets/css/site.css']);
    expect(relativeListed()).toEqual(['.', 'assets', 'assets/css']);
  });
});

describe("listThemeFiles walk with Jekyll's rules", () => {
  let site: string;
  beforeAll(() => {
    site = realpathSync(mkdtempSync(path.join(tmpdir(), 'theme-walk-jekyll-')));
    for (const file of [
      'index.html',
      '_layouts/default.html',
      '_site/index.html',
      '_site/assets/site.css',
      'vendor/bundle/ruby/3.3.0/gems/x.rb',
      'vendor/jquery.js',
      'drafts/2024/wip.html',
      'docs/old/a.html',
      'docs/new/b.html',
      'tmp-build/x.html'
    ]) {
      mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
      writeFileSync(path.join(site, file), file);
    }
  });
  afterAll(() => rmSync(site, { recursive: true, force: true }));

  it('never lists the folders they leave out', async () => {
    listed.length = 0;
    const files = await listThemeFiles({
      themeDir: site,
      patterns: ['**'],
      log: silentLog,
      extraRules: createJekyllRules(['drafts', '/docs/old/', 'tmp-*'])
    });
    expect(files.map(f => f.filename)).toEqual([
      '_layouts/default.html',
      'docs/new/b.html',
      'index.html',
      'vendor/jquery.js'
    ]);
    expect(listed.map(dir => path.relative(site, dir) || '.').sort()).toEqual([
      '.',
      '_layouts',
      'docs',
      'docs/new',
      'vendor'
    ]);
  });
});
