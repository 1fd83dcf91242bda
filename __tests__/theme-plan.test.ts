// planThemeSync and formatPlan: a pure function of the local checksums and the remote listing,
// whichever API the listing came from.
import { describe, expect, it } from '@jest/globals';
import { sameChecksum, type RemoteFile, type RemoteRole } from '../src/siteleaf/api.js';
import type { ChecksummedFile } from '../src/theme/checksum.js';
import { createThemeRules } from '../src/theme/ignore-rules.js';
import { formatPlan, isEmptyPlan, planThemeSync, type PlanOptions } from '../src/theme/plan.js';
import { md5 } from './helpers/hashes.js';

function local(filename: string, content: string): ChecksummedFile {
  return {
    filename,
    absolutePath: `/theme/${filename}`,
    size: content.length,
    checksum: md5(content)
  };
}

let nextId = 0;
/** A v1 asset: a theme file with an id. */
function remote(filename: string, content: string, id = `asset${++nextId}`): RemoteFile {
  return { filename, checksum: md5(content), role: 'file', type: 'asset', id };
}

/** A v2 source entry: no id; its role from its type. */
function entry(filename: string, content: string | null, type = 'file'): RemoteFile {
  const role: RemoteRole = type === 'file' ? 'file' : type === 'site' ? 'config' : 'content';
  return { filename, checksum: content === null ? null : md5(content), role, type };
}

const V2: PlanOptions = { prune: false, namesIgnoreCase: true };

describe('planThemeSync', () => {
  it('uploads a file no remote file has', () => {
    const file = local('assets/new.css', 'body{}');
    const plan = planThemeSync([file], [remote('index.html', 'x')], { prune: false });
    expect(plan.upload).toEqual([file]);
    expect(plan.replace).toEqual([]);
    expect(plan.unchanged).toEqual([]);
    expect(plan.kept).toEqual([]);
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
    const copy = remote('index.html', 'same');
    const shouting = { ...copy, checksum: (copy.checksum as string).toUpperCase() };
    const plan = planThemeSync([file], [shouting], { prune: false });
    expect(plan.unchanged).toEqual([{ file, remote: shouting }]);
    expect(plan.upload.length + plan.replace.length).toBe(0);
  });

  it('compares filenames exactly (case and path) unless the site ignores case', () => {
    const plan = planThemeSync(
      [local('Index.html', 'a'), local('css/site.css', 'b')],
      [remote('index.html', 'a'), remote('site.css', 'b')],
      { prune: false }
    );
    expect(plan.upload.map(f => f.filename)).toEqual(['Index.html', 'css/site.css']);
  });

  it('treats a remote file without a checksum as changed', () => {
    const noChecksum: RemoteFile = {
      filename: 'a.html',
      checksum: null,
      role: 'file',
      type: 'file'
    };
    const plan = planThemeSync([local('a.html', 'a')], [noChecksum], { prune: false });
    expect(plan.replace.map(r => r.previous)).toEqual([[noChecksum]]);
  });

  it('keeps the current copy of a duplicated filename and deletes the others', () => {
    const file = local('page.html', 'v2');
    const stale = remote('page.html', 'v1');
    const current = remote('page.html', 'v2');
    const plan = planThemeSync([file], [stale, current], { prune: true });
    expect(plan.unchanged).toEqual([{ file, remote: current }]);
    expect(plan.duplicates).toEqual([stale]);
    expect(plan.prune).toEqual([]);
  });

  it('does not count a file listed twice as its own duplicate (same id, or same v2 name)', () => {
    const file = local('page.html', 'v2');
    const current = remote('page.html', 'v2');
    const plan = planThemeSync([file], [current, { ...current }], { prune: true });
    expect(plan.duplicates).toEqual([]);
    expect(plan.prune).toEqual([]);

    const v2 = entry('page.html', 'v2');
    const again = planThemeSync([file], [v2, { ...v2 }], { ...V2, prune: true });
    expect(again.unchanged).toHaveLength(1);
    expect(again.duplicates).toEqual([]);
  });

  it('prunes remote-only files only when asked', () => {
    const files = [local('index.html', 'i')];
    const remotes = [remote('index.html', 'i'), remote('old.html', 'o'), remote('gone/a.css', 'g')];
    expect(planThemeSync(files, remotes, { prune: false }).prune).toEqual([]);
    const plan = planThemeSync(files, remotes, { prune: true });
    expect(plan.prune.map(a => a.filename)).toEqual(['gone/a.css', 'old.html']);
  });

  it('never prunes a remote file the local filter excludes', () => {
    const rules = createThemeRules('drafts/\n*.psd\n');
    const isManaged = (filename: string) => rules.includesFile(filename);
    const remotes = [
      remote('old.html', 'o'),
      remote('drafts/wip.html', 'd'),
      remote('art/logo.psd', 'p'),
      remote('.htaccess', 'h'),
      remote('node_modules/x.js', 'n'),
      remote('config.ru', 'c')
    ];
    const plan = planThemeSync([], remotes, { prune: true, isManaged });
    expect(plan.prune.map(a => a.filename)).toEqual(['old.html']);
  });

  it('asks isManaged about remote names only, as the site spells them', () => {
    const asked: string[] = [];
    planThemeSync([local('a.html', 'a')], [entry('A.html', 'x'), entry('Old.html', 'o')], {
      ...V2,
      prune: true,
      isManaged: name => {
        asked.push(name);
        return true;
      }
    });
    expect(asked).toContain('Old.html');
    expect(asked).not.toContain('old.html');
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
      [...names].reverse().map(n => remote(n, n)),
      { prune: true }
    );
    expect(pruned.prune.map(a => a.filename)).toEqual(expected);
  });
});

describe('planThemeSync: a site that ignores case (v2)', () => {
  it('matches names whatever their case', () => {
    const about = local('About.html', 'same');
    const style = local('CSS/Site.css', 'new');
    const remoteStyle = entry('css/site.css', 'old');
    const plan = planThemeSync([about, style], [entry('about.html', 'same'), remoteStyle], V2);
    expect(plan.unchanged.map(u => [u.file.filename, u.remote.filename])).toEqual([
      ['About.html', 'about.html']
    ]);
    expect(plan.replace).toEqual([{ file: style, previous: [remoteStyle] }]);
    expect(plan.upload).toEqual([]);
  });

  it('never prunes a remote file a local one matches in another case', () => {
    const plan = planThemeSync(
      [local('old.html', 'o'), local('Ünï.html', 'u')],
      [entry('OLD.html', 'o'), entry('ünï.html', 'u'), entry('gone.html', 'g')],
      { ...V2, prune: true }
    );
    expect(plan.prune.map(p => p.filename)).toEqual(['gone.html']);
  });

  it('plans one file for two local names that differ only in case', () => {
    const plan = planThemeSync([local('a.html', '1'), local('A.html', '2')], [], V2);
    expect(plan.upload).toHaveLength(1);
  });
});

describe('planThemeSync: content editors change in Siteleaf', () => {
  it.each([
    ['page', 'about.md'],
    ['document', '_posts/2026-01-01-hello.md'],
    ['site', '_config.yml']
  ])('keeps a differing %s unless overwrite-content is on', (type, name) => {
    const file = local(name, 'repository version');
    const onSite = entry(name, 'edited in Siteleaf', type);
    const plan = planThemeSync([file], [onSite], V2);
    expect(plan.kept).toEqual([{ file, remote: onSite }]);
    expect(plan.replace).toEqual([]);
    expect(plan.unchanged).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(true);

    const overwrite = planThemeSync([file], [onSite], { ...V2, overwriteContent: true });
    expect(overwrite.replace).toEqual([{ file, previous: [onSite] }]);
    expect(overwrite.kept).toEqual([]);
  });

  it('content without a sha differs too, and is kept', () => {
    const file = local('about.md', 'x');
    const onSite = entry('about.md', null, 'page');
    expect(planThemeSync([file], [onSite], V2).kept).toEqual([{ file, remote: onSite }]);
  });

  it('content equal to the local file is unchanged, not kept', () => {
    const file = local('about.md', 'same');
    const onSite = entry('about.md', 'same', 'page');
    const plan = planThemeSync([file], [onSite], V2);
    expect(plan.unchanged).toEqual([{ file, remote: onSite }]);
    expect(plan.kept).toEqual([]);
  });

  it('a theme file (type file) that differs is replaced whatever overwrite-content says', () => {
    const file = local('_layouts/default.html', 'new');
    const onSite = entry('_layouts/default.html', 'old');
    expect(planThemeSync([file], [onSite], V2).replace).toEqual([{ file, previous: [onSite] }]);
  });

  it('a local file with no remote entry is always uploaded, whatever it holds', () => {
    const post = local('_posts/2026-01-01-new.md', '---\ntitle: New\n---\n');
    const config = local('_config.yml', 'title: Site');
    const plan = planThemeSync([post, config], [entry('about.md', 'a', 'page')], V2);
    expect(plan.upload).toEqual([config, post]);
    expect(plan.kept).toEqual([]);
  });

  it('prunes theme files only; content too with overwrite-content; _config.yml never', () => {
    const remotes = [
      entry('old.css', 'o'),
      entry('old-page.md', 'p', 'page'),
      entry('_posts/old.md', 'd', 'document'),
      entry('_config.yml', 'c', 'site')
    ];
    const plain = planThemeSync([], remotes, { ...V2, prune: true });
    expect(plain.prune.map(p => p.filename)).toEqual(['old.css']);
    const overwrite = planThemeSync([], remotes, { ...V2, prune: true, overwriteContent: true });
    expect(overwrite.prune.map(p => p.filename)).toEqual([
      '_posts/old.md',
      'old-page.md',
      'old.css'
    ]);
  });

  it('never prunes content the patterns do not manage, overwrite-content or not', () => {
    const plan = planThemeSync([], [entry('_drafts/x.md', 'x', 'document'), entry('a.css', 'a')], {
      ...V2,
      prune: true,
      overwriteContent: true,
      isManaged: name => !name.startsWith('_drafts/')
    });
    expect(plan.prune.map(p => p.filename)).toEqual(['a.css']);
  });
});

describe('isEmptyPlan', () => {
  it('is true when nothing is to upload, replace, remove or prune', () => {
    const same = planThemeSync([local('a.html', 'a')], [remote('a.html', 'a')], { prune: true });
    expect(isEmptyPlan(same)).toBe(true);
    expect(isEmptyPlan(planThemeSync([local('a.html', 'a')], [], { prune: false }))).toBe(false);
    expect(
      isEmptyPlan(
        planThemeSync([local('a.html', 'a')], [remote('a.html', 'a'), remote('a.html', 'b')], {
          prune: false
        })
      )
    ).toBe(false);
    expect(isEmptyPlan(planThemeSync([], [remote('x.html', 'x')], { prune: true }))).toBe(false);
  });
});

describe('sameChecksum', () => {
  it('compares lowercase hex; an absent checksum never matches', () => {
    expect(sameChecksum('ABCDEF', 'abcdef')).toBe(true);
    expect(sameChecksum('abcdef', 'abcde0')).toBe(false);
    expect(sameChecksum(null, 'abcdef')).toBe(false);
    expect(sameChecksum(undefined, '')).toBe(false);
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

  it('lists content kept, with the type the site gives it, and counts it', () => {
    const plan = planThemeSync(
      [local('about.md', 'mine'), local('_config.yml', 'mine'), local('b.css', 'b')],
      [entry('about.md', 'theirs', 'page'), entry('_config.yml', 'theirs', 'site')],
      V2
    );
    expect(formatPlan(plan)).toEqual([
      "= _config.yml (content kept: the site's site differs)",
      "= about.md (content kept: the site's page differs)",
      '+ b.css (upload)',
      '1 to upload, 0 to replace, 0 unchanged, 0 to prune, 2 content kept'
    ]);
  });

  it('says so when nothing changes', () => {
    const plan = planThemeSync([local('a.html', 'a')], [remote('a.html', 'a')], { prune: true });
    expect(formatPlan(plan)).toEqual(['0 to upload, 0 to replace, 1 unchanged, 0 to prune']);
  });
});
