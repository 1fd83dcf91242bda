// Fails when the committed dist/ is not what `npm run build` makes from src/ (the same check as
// the check-dist workflow): a user's `uses:` runs dist/, never src/. Builds with the build's own
// function (bundle.js), so the licences file is compared too.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from './bundle.js';

const out = mkdtempSync(join(tmpdir(), 'siteleaf-publish-dist-'));
try {
  bundle(out);
  const built = readdirSync(out).sort();
  const committed = readdirSync('dist').sort();
  const differing = [...new Set([...built, ...committed])].filter(name => {
    try {
      return !readFileSync(join(out, name)).equals(readFileSync(join('dist', name)));
    } catch {
      return true;
    }
  });
  if (differing.length) {
    console.error(
      `dist/ is out of date (${differing.join(', ')}): run \`npm run build\` and commit dist/.`
    );
    process.exit(1);
  }
  console.log('dist/ matches src/.');
} finally {
  rmSync(out, { recursive: true, force: true });
}
