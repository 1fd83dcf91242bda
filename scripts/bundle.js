// `npm run build`: dist/ from src/ with ncc (ESM, minified), then dist/licenses.txt from the
// build's webpack stats, so it lists the packages of every chunk (see licenses.js).
// check-dist.js and the licences test build with this same function.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderLicenses } from './licenses.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Builds src/index.ts into `outDir`. With `sourceMap`, each chunk also gets a `.map` (and a
 * `//# sourceMappingURL` line), which the licences test reads; the code is otherwise the same.
 */
export function bundle(outDir, { sourceMap = false } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'siteleaf-publish-stats-'));
  const statsFile = join(scratch, 'stats.json');
  try {
    execFileSync(
      'npx',
      [
        'ncc',
        'build',
        'src/index.ts',
        '-o',
        outDir,
        '--minify',
        '--stats-out',
        statsFile,
        ...(sourceMap ? ['--source-map', '--no-source-map-register'] : [])
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }
    );
    const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
    writeFileSync(join(outDir, 'licenses.txt'), renderLicenses([stats]));
    return stats;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundle(resolve(root, process.argv[2] ?? 'dist'));
}
