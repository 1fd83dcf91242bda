// A deterministic 1,500-file Siteleaf theme: the same names, sizes and bytes on every machine,
// so runs compare. A Jekyll site (its root holds `_config.yml`, which Siteleaf v2 needs to sort
// the source, and which v1 keeps as one more asset), templates and pages (html, 1–20 kB),
// stylesheets and scripts (css/js, 5–100 kB) and images (png/jpg, 20–300 kB, incompressible),
// about 64 MB in all. No html file starts with front matter, so on v2 every file but
// `_config.yml` is a `file` (theme), never content an editor owns: a default run uploads all
// the changed ones, as on v1.
//
// Every file has two versions: 0 (what the site holds before the push) and 1 (the push).
// `changed` files are written at version 1, the others at version 0.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type FileKind = 'config' | 'html' | 'css' | 'js' | 'img';

export interface FixtureFile {
  /** Theme filename (POSIX, relative to the theme folder). */
  filename: string;
  kind: FileKind;
  /** Target size in bytes (each version has exactly this size). */
  size: number;
  /** Position in the theme, the seed of its bytes. */
  index: number;
  changed: boolean;
}

export interface ThemeFixture {
  files: FixtureFile[];
  changed: FixtureFile[];
  totalBytes: number;
}

/** mulberry32: a tiny seeded PRNG, good enough for test bytes. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(random: () => number, min: number, max: number): number {
  return Math.floor(min + random() * (max - min + 1));
}

/** The theme's layout: which files, their sizes, and which `changedCount` of them the push changes. */
export function planTheme(fileCount = 1500, changedCount = 60): ThemeFixture {
  const random = prng(1500);
  const kinds: Array<{ kind: FileKind; count: number; name: (i: number) => string }> = [
    // First, so the even spread of changes below never picks it: on v2 it is content
    // (`site`), which a default run keeps rather than uploads.
    { kind: 'config', count: 1, name: () => '_config.yml' },
    { kind: 'html', count: 24, name: i => `_layouts/layout-${pad(i)}.html` },
    { kind: 'html', count: 76, name: i => `_includes/partial-${pad(i)}.html` },
    {
      kind: 'html',
      count: 799,
      name: i => `pages/section-${pad(Math.floor(i / 40))}/page-${pad(i)}.html`
    },
    {
      kind: 'css',
      count: 150,
      name: i => `assets/css/${i < 20 ? 'base' : 'component'}-${pad(i)}.css`
    },
    { kind: 'js', count: 250, name: i => `assets/js/${i < 30 ? 'vendor' : 'module'}-${pad(i)}.js` },
    { kind: 'img', count: 100, name: i => `assets/img/icons/icon-${pad(i)}.png` },
    { kind: 'img', count: 100, name: i => `assets/img/photos/photo-${pad(i)}.jpg` }
  ];
  const planned = kinds.reduce((sum, k) => sum + k.count, 0);
  if (planned !== fileCount) throw new Error(`fixture plans ${planned} files, not ${fileCount}`);

  const files: FixtureFile[] = [];
  for (const { kind, count, name } of kinds) {
    for (let i = 0; i < count; i++) {
      const size =
        kind === 'config'
          ? JEKYLL_CONFIG.length
          : kind === 'html'
            ? between(random, 1_000, 20_000)
            : kind === 'img'
              ? between(random, 20_000, 300_000)
              : between(random, 5_000, 100_000);
      files.push({ filename: name(i), kind, size, index: files.length, changed: false });
    }
  }
  // Spread the changes evenly over the theme (so every kind and folder has some).
  const step = files.length / changedCount;
  for (let i = 0; i < changedCount; i++) {
    (files[Math.floor(i * step + step / 2)] as FixtureFile).changed = true;
  }
  return {
    files,
    changed: files.filter(f => f.changed),
    totalBytes: files.reduce((sum, f) => sum + f.size, 0)
  };
}

function pad(i: number): string {
  return String(i).padStart(4, '0');
}

const WORDS = (
  'site page post theme layout include content title header footer nav menu item list grid ' +
  'card image figure caption section article aside main button link form input label value ' +
  'color margin padding border display flex block inline width height font weight size line ' +
  'function return const let var if else for while new this true false null undefined'
).split(' ');

/**
 * The site's `_config.yml`: its `exclude:` list names nothing the theme holds, so every file is
 * synced (the action and the gem's port both read it, as Jekyll does).
 */
const JEKYLL_CONFIG = Buffer.from(
  [
    '# The bench theme: a Jekyll site (bench/theme-fixture.ts).',
    'title: Bench theme',
    'baseurl: ""',
    'permalink: pretty',
    'exclude:',
    '  - README.md',
    '  - scripts/',
    ''
  ].join('\n')
);

/** The bytes of one version of a file (`_config.yml` has one version). */
export function contentOf(file: FixtureFile, version: 0 | 1): Buffer {
  if (file.kind === 'config') return JEKYLL_CONFIG;
  const random = prng(file.index * 2 + version + 1);
  if (file.kind === 'img') {
    const buffer = Buffer.allocUnsafe(file.size);
    for (let i = 0; i + 4 <= file.size; i += 4) buffer.writeUInt32LE((random() * 2 ** 32) >>> 0, i);
    for (let i = file.size - (file.size % 4); i < file.size; i++) buffer[i] = (random() * 256) | 0;
    return buffer;
  }
  const [open, close] =
    file.kind === 'html'
      ? ['<div class="{w}">', '</div>\n']
      : file.kind === 'css'
        ? ['.{w} {', ' }\n']
        : ['function {w}() {', ' }\n'];
  const parts: string[] = [`/* ${file.filename} v${version} */\n`];
  let length = parts[0]!.length;
  while (length < file.size) {
    let line = open.replace('{w}', WORDS[(random() * WORDS.length) | 0]!);
    const words = 4 + ((random() * 12) | 0);
    for (let w = 0; w < words; w++) line += ` ${WORDS[(random() * WORDS.length) | 0]}`;
    line += close;
    parts.push(line);
    length += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, file.size);
}

/** Writes the theme (changed files at version 1) into a fresh `dir`. */
export function writeTheme(dir: string, fixture: ThemeFixture): void {
  rmSync(dir, { recursive: true, force: true });
  for (const file of fixture.files) {
    const target = join(dir, file.filename);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contentOf(file, file.changed ? 1 : 0));
  }
}
