import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { ThemeAsset } from '../src/siteleaf/types.js';
import type { ChecksummedFile } from '../src/theme/checksum.js';
import { createThemeFilter } from '../src/theme/ignore-rules.js';
import { formatPlan, planThemeSync } from '../src/theme/plan.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function local(filename: string, content: string): ChecksummedFile {
  return {
    filename,
    absolutePath: `/theme/${filename}`,
    size: content.length,
    checksum: md5(content)
  };
}

let nextId = 0;
function remote(filename: string, content: string, id = `asset${++nextId}`): ThemeAsset {
  return { id, filename, checksum: md5(content) };
}

describe('planThemeSync', () => {
  it('uploads a file no remote asset has', () => {
    const file = local('assets/new.css', 'body{}');
    const plan = planThemeSync([file], [remote('index.html', 'x')], { prune: false });
    expect(plan.upload).toEqual([file]);
    expect(plan.replace).toEqual([]);
    expect(plan.unchanged).toEqual([]);
    expect(plan.prune).toEqual([]);
  });

  it('replaces a changed file, listing every remote copy as previous', () => {
    const file = local('_layouts/default.html', 'new');
    const old = remote('_layouts/default.html', 'old');
    const older = remote('_layouts/default.html', 'older');
    const plan = planThemeSync([file], [old, older], { prune: false });
    expect(plan.replace).toEqual([{ file, previous: [old, older] }]);
    expect(plan.upload).toEqual([]);
    expect(plan.duplicates).toEqual([]);
  });

  it('leaves an unchanged file alone, whatever case the remote checksum is in', () => {
    const file = local('index.html', 'same');
    const asset = { ...remote('index.html', 'same') };
    asset.checksum = asset.checksum.toUpperCase();
    const plan = planThemeSync([file], [asset], { prune: false });
    expect(plan.unchanged).toEqual([{ file, asset }]);
    expect(plan.upload.length + plan.replace.length).toBe(0);
  });

  it('compares filenames exactly (case and path)', () => {
    const plan = planThemeSync(
      [local('Index.html', 'a'), local('css/site.css', 'b')],
      [remote('index.html', 'a'), remote('site.css', 'b')],
      { prune: false }
    );
    expect(plan.upload.map(f => f.filename)).toEqual(['Index.html', 'css/site.css']);
  });

  it('treats a remote asset without a checksum as changed', () => {
    const asset = { id: 'x', filename: 'a.html' } as unknown as ThemeAsset;
    const plan = planThemeSync([local('a.html', 'a')], [asset], { prune: false });
    expect(plan.replace.map(r => r.previous)).toEqual([[asset]]);
  });

  it('keeps the current copy of a duplicated filename and deletes the others', () => {
    const file = local('page.html', 'v2');
    const stale = remote('page.html', 'v1');
    const current = remote('page.html', 'v2');
    const plan = planThemeSync([file], [stale, current], { prune: true });
    expect(plan.unchanged).toEqual([{ file, asset: current }]);
    expect(plan.duplicates).toEqual([stale]);
    expect(plan.prune).toEqual([]);
  });

  it('does not count an asset listed twice as its own duplicate', () => {
    const file = local('page.html', 'v2');
    const current = remote('page.html', 'v2');
    const plan = planThemeSync([file], [current, { ...current }], { prune: true });
    expect(plan.duplicates).toEqual([]);
    expect(plan.prune).toEqual([]);
  });

  it('prunes remote-only assets only when asked', () => {
    const files = [local('index.html', 'i')];
    const assets = [remote('index.html', 'i'), remote('old.html', 'o'), remote('gone/a.css', 'g')];
    expect(planThemeSync(files, assets, { prune: false }).prune).toEqual([]);
    const plan = planThemeSync(files, assets, { prune: true });
    expect(plan.prune.map(a => a.filename)).toEqual(['gone/a.css', 'old.html']);
  });

  it('never prunes a remote file the local filter excludes', () => {
    const isManaged = createThemeFilter('drafts/\n*.psd\n');
    const assets = [
      remote('old.html', 'o'),
      remote('drafts/wip.html', 'd'),
      remote('art/logo.psd', 'p'),
      remote('.htaccess', 'h'),
      remote('node_modules/x.js', 'n'),
      remote('config.ru', 'c')
    ];
    const plan = planThemeSync([], assets, { prune: true, isManaged });
    expect(plan.prune.map(a => a.filename)).toEqual(['old.html']);
  });

  it('sorts every list by filename whatever the input order', () => {
    const names = ['b.html', 'a/z.css', 'a.html', 'A.html', 'é.html', 'a b.html'];
    const expected = [...names].sort();
    const files = names.map(n => local(n, n));
    const plan = planThemeSync([...files].reverse(), [], { prune: false });
    expect(plan.upload.map(f => f.filename)).toEqual(expected);
    const replaced = planThemeSync(
      files,
      names.map(n => remote(n, 'old')),
      { prune: false }
    );
    expect(replaced.replace.map(r => r.file.filename)).toEqual(expected);
    const pruned = planThemeSync(
      [],
      names.map(n => remote(n, n)),
      { prune: true }
    );
    expect(pruned.prune.map(a => a.filename)).toEqual(expected);
  });
});

describe('formatPlan', () => {
  it('prints one line per change, sorted by filename, then the counts', () => {
    const plan = planThemeSync(
      [local('assets/new.css', 'n'), local('_layouts/default.html', 'v2'), local('same.html', 's')],
      [
        remote('_layouts/default.html', 'v1'),
        remote('same.html', 's'),
        remote('same.html', 'stale'),
        remote('old.html', 'o')
      ],
      { prune: true }
    );
    expect(formatPlan(plan)).toEqual([
      '~ _layouts/default.html (replace)',
      '+ assets/new.css (upload)',
      '- old.html (prune)',
      '- same.html (duplicate copy)',
      '1 to upload, 1 to replace, 1 unchanged, 1 to prune, 1 duplicate copies to remove'
    ]);
  });

  it('says so when nothing changes', () => {
    const plan = planThemeSync([local('a.html', 'a')], [remote('a.html', 'a')], { prune: true });
    expect(formatPlan(plan)).toEqual(['0 to upload, 0 to replace, 1 unchanged, 0 to prune']);
  });
});
