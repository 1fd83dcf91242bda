// The walk never enters folders that cannot hold a theme file: checked by recording every
// folder listed (a real temp dir; only readdirSync is wrapped).
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
    const files = await listThemeFiles({ themeDir: theme, patterns: ['**'], onWarning: () => {} });
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
      onWarning: () => {}
    });
    expect(files.map(f => f.filename)).toEqual(['assets/css/site.css']);
    expect(relativeListed()).toEqual(['.', 'assets', 'assets/css']);
  });
});
