// dist/licenses.txt: every third-party package bundled into any chunk of dist/, with its licence
// text. ncc's own `--license` writes one file per chunk to the same name, so the last chunk
// written (today the lazily loaded Octokit chunk) wins and the main bundle's packages go
// unlisted; this reads the build's webpack stats instead, where every chunk lists the modules in
// it (concatenated modules included), and names each package by the folder its files came from.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * The package folders whose files are in each chunk: chunk file → set of absolute folders.
 * `stats` is webpack's stats JSON (ncc's `--stats-out`, or `stats.toJson()` from its API).
 */
export function packagesByChunk(stats) {
  const byChunk = new Map();
  for (const chunk of stats.chunks ?? []) {
    if (!Array.isArray(chunk.modules)) {
      throw new Error('The build stats list no modules per chunk: ask for chunkModules.');
    }
    const folders = new Set();
    const visit = module => {
      const folder = packageFolderOf(resourceOf(module));
      if (folder) folders.add(folder);
      // A concatenated module holds the modules it was made of.
      for (const inner of module.modules ?? []) visit(inner);
    };
    for (const module of chunk.modules) visit(module);
    for (const file of chunk.files ?? []) {
      if (!file.endsWith('.js')) continue;
      byChunk.set(file, new Set([...(byChunk.get(file) ?? []), ...folders]));
    }
  }
  return byChunk;
}

/** The file a module was read from: `nameForCondition`, or the end of its identifier. */
function resourceOf(module) {
  if (typeof module.nameForCondition === 'string') return module.nameForCondition;
  const identifier = typeof module.identifier === 'string' ? module.identifier : '';
  // `javascript/esm|/abs/path` or `loader!loader!/abs/path`
  return identifier.split('|').pop().split('!').pop();
}

/** `/x/node_modules/@scope/name/lib/a.js` → `/x/node_modules/@scope/name`; undefined outside node_modules. */
export function packageFolderOf(path) {
  if (!path) return undefined;
  const normal = path.split(sep).join('/');
  const at = normal.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = normal.slice(at + '/node_modules/'.length).split('/');
  const name = rest[0]?.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0];
  return name ? `${normal.slice(0, at)}/node_modules/${name}` : undefined;
}

/** Name, version, licence and licence text of the package in `folder`. */
export function describePackage(folder) {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const files = readdirSync(folder)
    .filter(name => /^(licen[cs]e|copying|notice)([-._].*)?$/i.test(name))
    // LICENSE before NOTICE; both kept (Apache-2.0 asks for the NOTICE too).
    .sort((a, b) => Number(/^notice/i.test(a)) - Number(/^notice/i.test(b)) || a.localeCompare(b));
  const text = files
    .map(name => readFileSync(join(folder, name), 'utf8').trim())
    .filter(Boolean)
    .join('\n\n');
  return {
    name: manifest.name,
    version: manifest.version,
    license: licenseOf(manifest),
    text
  };
}

function licenseOf(manifest) {
  const license = manifest.license ?? manifest.licenses;
  if (typeof license === 'string') return license;
  if (Array.isArray(license)) return license.map(l => l?.type ?? String(l)).join(' OR ');
  return license?.type ?? 'UNKNOWN';
}

/**
 * The licences file for the chunks of one or more builds (one stats object per ncc build):
 * each package once per version, sorted by name, saying which chunks hold it.
 */
export function renderLicenses(statsList) {
  const packages = new Map();
  for (const stats of statsList) {
    for (const [chunk, folders] of packagesByChunk(stats)) {
      for (const folder of folders) {
        const pkg = describePackage(folder);
        const key = `${pkg.name}@${pkg.version}`;
        const entry = packages.get(key) ?? { ...pkg, chunks: new Set() };
        entry.chunks.add(chunk);
        packages.set(key, entry);
      }
    }
  }
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const entries = [...packages.entries()].sort(
    ([, a], [, b]) => order(a.name, b.name) || order(a.version, b.version)
  );
  const head =
    'Third-party packages bundled into dist/ (every chunk), each with its licence.\n' +
    "Written by `npm run build` (scripts/licenses.js) from the build's webpack stats; " +
    '__tests__/licenses.test.ts checks it against the source maps of a fresh build.\n';
  const body = entries.map(
    ([key, pkg]) =>
      `${'-'.repeat(78)}\n${key}\nLicence: ${pkg.license}\nIn: ${[...pkg.chunks].sort().join(', ')}\n\n${pkg.text || '(no licence text in the package)'}\n`
  );
  return [head, ...body].join('\n');
}

/** The `name@version` entries a licences file lists. */
export function listedPackages(text) {
  return [...text.matchAll(/^-{78}\n(\S+)\n/gm)].map(match => match[1]);
}

// `node scripts/licenses.js <stats.json>... > licenses.txt`
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const files = process.argv.slice(2).filter(file => existsSync(file));
  if (files.length === 0) {
    console.error('usage: node scripts/licenses.js <webpack stats.json>...');
    process.exit(2);
  }
  process.stdout.write(renderLicenses(files.map(file => JSON.parse(readFileSync(file, 'utf8')))));
}
