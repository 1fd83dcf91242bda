// The walk never enters folders that cannot hold a theme file: checked by recording every
// folder listed (a real temp dir; only readdirSync is wrapped).
import { silentLog } from '../src/log.js';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const listed: string[] = [];
const actual = await import('node:fs');
jest.unstable_mockModule('node:fs', () => ({
  ...actual,
  readdirSync: ((dir: string, options: never) => {
    listed.push(dir);
    return actual.readdirSync(dir, options);
  }) as typeof actual.readdirSync
}));
const { listThemeFiles } = await import('../src/theme/files.js');
const { createJekyllRules } = await import('../src/theme/jekyll.js');

let theme: string;
beforeAll(() => {
  theme = realpathSync(mkdtempSync(path.join(tmpdir(), 'theme-walk-')));
  for (const file of [
    'index.html',
    'assets/css/site.css',
    'other/deep/page.html',
    'node_modules/pkg/lib/index.js',
    '.git/objects/ab/cdef',
    'bower_components/x/y.js',
    'sub/node_modules/pkg/a.js'
  ]) {
    mkdirSync(path.dirname(path.join(theme, file)), { recursive: true });
    writeFileSync(path.join(theme, file), file);
  }
  writeFileSync(path.join(theme, '.siteleafignore'), 'bower_components\n');
});
afterAll(() => rmSync(theme, { recursive: true, force: true }));

const relativeListed = () => listed.map(dir => path.relative(theme, dir) || '.').sort();

describe('listThemeFiles walk', () => {
  it('never lists excluded folders', async () => {
    listed.length = 0;
    const files = await listThemeFiles({ themeDir: theme, patterns: ['**'], log: silentLog });
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
      themeDir: theme,
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
