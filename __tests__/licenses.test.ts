// dist/licenses.txt against what the bundle holds. The build writes the file from webpack's
// stats (scripts/licenses.js); this test builds again, with source maps, and reads each chunk's
// map — which names every source file the chunk's code came from — so the two ways of knowing
// what a chunk contains must agree, chunk by chunk, with what the committed file lists.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
// @ts-expect-error: a plain JavaScript build script, without types
import { buildDist } from '../scripts/build.js';
// @ts-expect-error: a plain JavaScript build script, without types
import { describePackage, listedPackages, packageFolderOf } from '../scripts/licenses.js';

interface Package {
  name: string;
  version: string;
  license: string;
  text: string;
}

const root = resolve(new URL('..', import.meta.url).pathname);
const dist = join(root, 'dist');
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'siteleaf-publish-licenses-'));
  await buildDist(out, { sourceMap: true });
}, 300_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const chunksOf = (dir: string) =>
  readdirSync(dir)
    .filter(name => name.endsWith('.js'))
    .sort();

/** name@version of every package a chunk's source map names. */
function packagesInMap(chunk: string): Set<string> {
  const map = JSON.parse(readFileSync(join(out, `${chunk}.map`), 'utf8')) as { sources: string[] };
  const found = new Set<string>();
  for (const source of map.sources) {
    // ncc writes sources relative to dist/ (its `sourceMapBasePrefix`), wherever the build went.
    const folder = packageFolderOf(resolve(dist, source.replace(/^webpack:\/\/\//, ''))) as
      string | undefined;
    if (!folder) continue;
    expect(existsSync(join(folder, 'package.json'))).toBe(true);
    const pkg = describePackage(folder) as Package;
    found.add(`${pkg.name}@${pkg.version}`);
  }
  return found;
}

/** The file's entries: name@version → the chunks it says hold it, and its licence text. */
function entriesOf(text: string): Map<string, { chunks: string[]; body: string }> {
  const entries = new Map<string, { chunks: string[]; body: string }>();
  for (const block of text.split(/^-{78}\n/m).slice(1)) {
    const [key = '', , inLine = '', , ...body] = block.split('\n');
    entries.set(key, { chunks: inLine.replace(/^In: /, '').split(', '), body: body.join('\n') });
  }
  return entries;
}

describe('dist/licenses.txt', () => {
  const committed = readFileSync(join(dist, 'licenses.txt'), 'utf8');

  it('dist/ has the chunks the build makes (every one is covered below)', () => {
    expect(chunksOf(dist)).toEqual(chunksOf(out));
    expect(chunksOf(out).length).toBeGreaterThan(1);
  });

  it('lists, for every chunk, exactly the packages its source map names', () => {
    const entries = entriesOf(committed);
    for (const chunk of chunksOf(out)) {
      const listed = [...entries].filter(([, e]) => e.chunks.includes(chunk)).map(([key]) => key);
      expect({ chunk, packages: listed.sort() }).toEqual({
        chunk,
        packages: [...packagesInMap(chunk)].sort()
      });
    }
    expect(new Set(listedPackages(committed))).toEqual(new Set(entries.keys()));
  });

  it('carries each package’s licence text', () => {
    for (const [key, entry] of entriesOf(committed)) {
      expect({ key, hasText: /licen[cs]e|permission/i.test(entry.body) }).toEqual({
        key,
        hasText: true
      });
    }
  });

  it('is exactly what the build writes from these sources and node_modules', () => {
    expect(committed).toBe(readFileSync(join(out, 'licenses.txt'), 'utf8'));
  });

  it('knows the packages of both chunks (the action, and Octokit loaded when asked for)', () => {
    const names = listedPackages(committed).map((key: string) => key.replace(/@[^@]*$/, ''));
    expect(names).toEqual(expect.arrayContaining(['@actions/core', 'undici']));
    expect(names).toEqual(expect.arrayContaining(['@actions/github', '@octokit/core']));
  });
});
