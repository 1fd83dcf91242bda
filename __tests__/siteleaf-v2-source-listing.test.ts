// The v2 source tree: how a name becomes a path, how the pages are followed, which directories
// still need listing, and the whole walk against a fake SiteleafHttp that answers from a table.
import { describe, expect, it } from '@jest/globals';
import type { Answer, RequestOptions, SiteleafHttp } from '../src/siteleaf/http.js';
import {
  PER_PAGE,
  listSourceTree,
  nextPageUrl,
  sourcePath,
  unlistedDirectories
} from '../src/siteleaf/v2/source-listing.js';
import type { SourceEntry } from '../src/siteleaf/v2/types.js';

const ORIGIN = 'https://api.test';

describe('sourcePath', () => {
  it.each([
    ['index.html', '/v2/sites/s1/source/index.html'],
    ['a b#c?.html', '/v2/sites/s1/source/a%20b%23c%3F.html'],
    ['100%.css', '/v2/sites/s1/source/100%25.css'],
    ['x+y.txt', '/v2/sites/s1/source/x%2By.txt'],
    ['ünï/ö.txt', '/v2/sites/s1/source/%C3%BCn%C3%AF/%C3%B6.txt'],
    ['_layouts/sub dir/default.html', '/v2/sites/s1/source/_layouts/sub%20dir/default.html'],
    ['a/b/c/d.css', '/v2/sites/s1/source/a/b/c/d.css'],
    ['', '/v2/sites/s1/source']
  ])('%p → %p', (name, path) => {
    expect(sourcePath('s1', name)).toBe(path);
  });

  it.each(['a b#c?.html', '100%.css', 'x+y.txt', 'ünï/ö.txt', 'dir/#1/?.md', 'a&b=c;d.txt'])(
    '%p survives the trip: a URL keeps the path, and decoding gives the name back',
    name => {
      const path = sourcePath('s1', name);
      const url = new URL(`${ORIGIN}${path}`);
      expect(url.pathname).toBe(path);
      expect(url.search).toBe('');
      expect(url.hash).toBe('');
      const sent = url.pathname.slice('/v2/sites/s1/source/'.length);
      expect(sent.split('/').map(decodeURIComponent).join('/')).toBe(name);
    }
  );
});

describe('nextPageUrl', () => {
  it.each([
    ['<https://api.test/p2>; rel="next"', 'https://api.test/p2'],
    ['<https://api.test/p2>; rel=next', 'https://api.test/p2'],
    [
      '<https://api.test/p1>; rel="prev", <https://api.test/p3>; rel="next", <https://api.test/p9>; rel="last"',
      'https://api.test/p3'
    ],
    ['<https://api.test/p9>; rel="last", <https://api.test/p3>; rel=next', 'https://api.test/p3'],
    [
      '</v2/sites/s1/source?page=2&per_page=9999>; rel="next"',
      '/v2/sites/s1/source?page=2&per_page=9999'
    ]
  ])('%p → %p', (link, url) => {
    expect(nextPageUrl(link)).toBe(url);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['no next', '<https://api.test/p1>; rel="prev", <https://api.test/p9>; rel="last"'],
    ['a link without rel', '<https://api.test/p2>'],
    ['garbage', 'garbage'],
    ['an unclosed URI', '<https://api.test/p2; rel="next"'],
    ['punctuation', ';;;,,,<']
  ])('%s → undefined', (_, link) => {
    expect(nextPageUrl(link)).toBeUndefined();
  });
});

const dir = (name: string): SourceEntry => ({ name, type: 'directory', sha: null });
const file = (name: string, sha = 'f'.repeat(40)): SourceEntry => ({ name, type: 'file', sha });

describe('unlistedDirectories', () => {
  it('names a directory with nothing listed below it', () => {
    expect(unlistedDirectories([dir('assets'), file('index.html')], new Set())).toEqual(['assets']);
  });

  it('leaves out a directory whose files are listed', () => {
    expect(
      unlistedDirectories([dir('assets'), file('assets/site.css'), dir('empty')], new Set())
    ).toEqual(['empty']);
  });

  it('a nested directory listed below it counts too; only the deepest empty one is named', () => {
    expect(unlistedDirectories([dir('a'), dir('a/b'), dir('a/b/c')], new Set())).toEqual(['a/b/c']);
  });

  it('compares paths ignoring case, as the site does', () => {
    expect(unlistedDirectories([dir('Assets'), file('assets/site.css')], new Set())).toEqual([]);
    expect(unlistedDirectories([dir('Assets')], new Set(['assets']))).toEqual([]);
  });

  it('a file whose name only begins like the directory is not below it', () => {
    expect(unlistedDirectories([dir('assets'), file('assets.css')], new Set())).toEqual(['assets']);
  });

  it('never names a file, nor a directory already listed', () => {
    expect(
      unlistedDirectories([file('a.html'), dir('done'), dir('todo')], new Set(['done']))
    ).toEqual(['todo']);
  });
});

interface Page {
  readonly entries: unknown;
  readonly link?: string;
}

/** A SiteleafHttp that answers GETs from a table of URLs (after resolving them against the origin). */
function fakeHttp(pages: Record<string, Page>) {
  const requested: string[] = [];
  const http = {
    async request(
      _step: string,
      method: string,
      path: string,
      _options?: RequestOptions
    ): Promise<Answer> {
      const url = new URL(path, ORIGIN).href;
      requested.push(`${method} ${url.slice(ORIGIN.length)}`);
      const page = pages[url.slice(ORIGIN.length)];
      if (!page) throw new Error(`unexpected request ${url}`);
      return {
        statusCode: 200,
        headers: page.link ? { link: page.link } : {},
        text: JSON.stringify(page.entries),
        url
      };
    }
  };
  return { http: http as unknown as SiteleafHttp, requested };
}

const query = `?recursive=true&per_page=${PER_PAGE}`;
const root = `/v2/sites/s1/source${query}`;
const names = (entries: readonly SourceEntry[]) => entries.map(e => e.name).sort();

describe('listSourceTree', () => {
  it('asks for the whole tree at once and follows the next pages to the end', async () => {
    const { http, requested } = fakeHttp({
      [root]: {
        entries: [file('a.html')],
        link: `<${ORIGIN}/v2/sites/s1/source?page=2>; rel="next"`
      },
      '/v2/sites/s1/source?page=2': {
        entries: [file('b.html')],
        link: '</v2/sites/s1/source?page=3>; rel="next"'
      },
      '/v2/sites/s1/source?page=3': { entries: [file('c.html')] }
    });
    expect(names(await listSourceTree(http, 's1'))).toEqual(['a.html', 'b.html', 'c.html']);
    expect(requested).toEqual([
      `GET ${root}`,
      'GET /v2/sites/s1/source?page=2',
      'GET /v2/sites/s1/source?page=3'
    ]);
  });

  it('stops at a page that names one already read', async () => {
    const { http, requested } = fakeHttp({
      [root]: { entries: [file('a.html')], link: '</v2/sites/s1/source?page=2>; rel="next"' },
      '/v2/sites/s1/source?page=2': { entries: [file('b.html')], link: `<${root}>; rel="next"` }
    });
    expect(names(await listSourceTree(http, 's1'))).toEqual(['a.html', 'b.html']);
    expect(requested).toHaveLength(2);
  });

  it('lists each file once when pages overlap', async () => {
    const { http } = fakeHttp({
      [root]: { entries: [file('a.html'), file('b.html')], link: '<?page=2>; rel="next"' },
      '/v2/sites/s1/source?page=2': { entries: [file('b.html'), file('c.html')] }
    });
    expect(names(await listSourceTree(http, 's1'))).toEqual(['a.html', 'b.html', 'c.html']);
  });

  it('lists the directories a listing that was not recursive left empty, however deep', async () => {
    const { http, requested } = fakeHttp({
      [root]: { entries: [file('index.html'), dir('_layouts'), dir('my dir')] },
      [`/v2/sites/s1/source/_layouts${query}`]: {
        entries: [file('_layouts/default.html'), dir('_layouts/partials')]
      },
      [`/v2/sites/s1/source/_layouts/partials${query}`]: {
        entries: [file('_layouts/partials/head.html')]
      },
      [`/v2/sites/s1/source/my%20dir${query}`]: { entries: [] }
    });
    expect(names(await listSourceTree(http, 's1'))).toEqual([
      '_layouts',
      '_layouts/default.html',
      '_layouts/partials',
      '_layouts/partials/head.html',
      'index.html',
      'my dir'
    ]);
    expect(requested).toHaveLength(4);
    expect(requested).toContain(`GET /v2/sites/s1/source/my%20dir${query}`);
  });

  it('skips entries without a name', async () => {
    const { http } = fakeHttp({
      [root]: { entries: [file('a.html'), { type: 'file' }, null, 'x', { name: '' }] }
    });
    expect(names(await listSourceTree(http, 's1'))).toEqual(['a.html']);
  });

  it('fails, naming the step, when an answer is not a list', async () => {
    const { http } = fakeHttp({ [root]: { entries: { error: 'nope' } } });
    await expect(listSourceTree(http, 's1')).rejects.toThrow(
      'Listing the source files failed: Siteleaf did not answer with a list.'
    );
  });
});
