// `npm run build`: dist/ from src/, two self-contained ESM bundles made by ncc. dist/index.js is
// the action (action.yml's `runs.main`), dist/cli.js the `siteleaf-publish` command
// (package.json's `bin`). ncc's own CLI names every entry index.js and empties the folder's
// .js files before it writes, so two entries cannot share dist/ through it: its API can, with
// a file name per entry (chunks follow it: `[id].index.js`, `[id].cli.js`, never the same).
// dist/licenses.txt is written from the builds' webpack stats, so it lists the packages of every
// chunk of both bundles (ncc's own `license` option writes one file per chunk to the same name,
// and the last chunk written wins; see licenses.js).
// check-dist.js and the licences test build with this same function, so what they compare is
// what this writes.
import ncc from '@vercel/ncc';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderLicenses } from './licenses.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each bundle: its source entry and its file in dist/. */
export const BUNDLES = [
  { entry: 'src/index.ts', filename: 'index.js' },
  { entry: 'src/cli.ts', filename: 'cli.js' }
];

/**
 * Writes the bundles and their licences into `outDir`, emptied first (a file no longer built
 * must not linger). Tests pass `from` (a copy of the sources), `only` (the bundles they run),
 * and `sourceMap` (a `.map` beside each chunk, which the licences test reads; the code is
 * otherwise the same).
 */
export async function buildDist(outDir, { from = root, only, sourceMap = false } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const stats = [];
  for (const bundle of BUNDLES.filter(b => !only || only.includes(b.filename))) {
    const built = await ncc(join(from, bundle.entry), {
      // ESM, as ncc's CLI makes of a `"type": "module"` package (its API does not look).
      esm: true,
      filename: bundle.filename,
      minify: true,
      quiet: true,
      ...(sourceMap ? { sourceMap: true, sourceMapRegister: false } : {})
    });
    const { code, map, assets } = built;
    // A `#!` line makes the file a command: executable, as ncc's CLI leaves it.
    writeFileSync(join(outDir, bundle.filename), code, {
      mode: code.startsWith('#!') ? 0o755 : 0o644
    });
    if (map) writeFileSync(join(outDir, `${bundle.filename}.map`), map);
    for (const [name, asset] of Object.entries(assets)) {
      mkdirSync(dirname(join(outDir, name)), { recursive: true });
      writeFileSync(join(outDir, name), asset.source, { mode: asset.permissions });
    }
    // As ncc's CLI writes them for `--stats-out`.
    stats.push(built.stats.toJson());
  }
  writeFileSync(join(outDir, 'licenses.txt'), renderLicenses(stats));
  return readdirSync(outDir).sort();
}

// `node scripts/build.js [outDir] [--from <sources>] [--only <file>]`. ncc finds the tsconfig.json
// between the current folder and the entry, so the build runs from the sources' folder.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, only: { type: 'string', multiple: true } }
  });
  const out = resolve(positionals[0] ?? join(root, 'dist'));
  const from = resolve(values.from ?? root);
  process.chdir(from);
  const files = await buildDist(out, { from, only: values.only });
  console.log(`Built ${out}: ${files.join(', ')}`);
}
