// The 1,500-file theme on disk, what the site holds before the push, and checks of what it
// holds after: shared by the incremental, first-sync, hashing and cold-start sections.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../emulator/server.js';
import { WORK_DIR } from './harness.js';
import { contentOf, planTheme, writeTheme, type ThemeFixture } from './theme-fixture.js';

export interface ThemeContext {
  fixture: ThemeFixture;
  /** GITHUB_WORKSPACE of the runs; the theme is its `theme/` folder. */
  workspace: string;
  themeDirInput: string;
  themeDir: string;
  /** Version 0 of every file: what the site holds before the push. */
  before: Array<{ filename: string; content: Buffer }>;
  /** The MD5 every filename must have on a v1 site after a sync. */
  expectedMd5: Map<string, string>;
  /** The git blob id every name must have on a v2 site after a sync. */
  expectedSha: Map<string, string>;
}

export function prepareTheme(): ThemeContext {
  const fixture = planTheme(1500, 60);
  const workspace = join(WORK_DIR, 'theme-1500');
  const themeDir = join(workspace, 'theme');
  // The theme is deterministic: written once, then reused (a stamp says which fixture it is).
  const stampPath = join(workspace, 'fixture.json');
  const stamp = JSON.stringify({
    files: fixture.files.length,
    bytes: fixture.totalBytes,
    version: 2
  });
  if (!existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== stamp) {
    const fresh = `${themeDir}.new`;
    writeTheme(fresh, fixture);
    rmSync(themeDir, { recursive: true, force: true });
    renameSync(fresh, themeDir);
    writeFileSync(stampPath, stamp);
  }
  const before = fixture.files.map(file => ({
    filename: file.filename,
    content: contentOf(file, 0)
  }));
  const after = fixture.files.map((file, i) =>
    file.changed ? contentOf(file, 1) : (before[i] as { content: Buffer }).content
  );
  const expectedMd5 = new Map(fixture.files.map((file, i) => [file.filename, md5(after[i]!)]));
  const expectedSha = new Map(
    fixture.files.map((file, i) => [file.filename, gitBlobSha(after[i]!)])
  );
  return { fixture, workspace, themeDirInput: 'theme', themeDir, before, expectedMd5, expectedSha };
}

export function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** `git hash-object`: SHA-1 over `blob <size>\0` and the bytes (v2's `sha`). */
export function gitBlobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** What a v2 site holds before the push: every file at version 0, by its source name. */
export function sourceBefore(theme: ThemeContext): Array<{ name: string; content: Buffer }> {
  return theme.before.map(({ filename, content }) => ({ name: filename, content }));
}

/**
 * Undefined when the v2 site's source holds exactly the theme: one file per theme file, under
 * the same name (case included), each with the local git blob id, and nothing else.
 */
export function checkSourceMatchesTheme(
  emulator: Emulator,
  theme: ThemeContext
): string | undefined {
  const files = emulator.sourceFiles();
  const extra = files.filter(file => !theme.expectedSha.has(file.name));
  if (extra.length) return `${extra.length} files the theme does not hold (${extra[0]?.name}, ...)`;
  const names = new Set(files.map(file => file.name));
  const missing = [...theme.expectedSha.keys()].filter(name => !names.has(name));
  if (missing.length) return `${missing.length} files missing on the site (${missing[0]}, ...)`;
  const stale = files.filter(file => theme.expectedSha.get(file.name) !== file.sha);
  if (stale.length) return `${stale.length} files with the wrong sha (${stale[0]?.name}, ...)`;
  return undefined;
}

/** Undefined when the site holds exactly one asset per theme file, each with the local MD5. */
export function checkSiteMatchesTheme(emulator: Emulator, theme: ThemeContext): string | undefined {
  const assets = emulator.themeAssets();
  const seen = new Map<string, number>();
  for (const asset of assets) seen.set(asset.filename, (seen.get(asset.filename) ?? 0) + 1);
  const duplicated = [...seen].filter(([, count]) => count > 1).map(([name]) => name);
  if (duplicated.length)
    return `${duplicated.length} filenames have several assets (${duplicated[0]}, ...)`;
  const missing = [...theme.expectedMd5.keys()].filter(name => !seen.has(name));
  if (missing.length) return `${missing.length} files missing on the site (${missing[0]}, ...)`;
  const stale = assets.filter(asset => theme.expectedMd5.get(asset.filename) !== asset.checksum);
  if (stale.length)
    return `${stale.length} assets with the wrong checksum (${stale[0]?.filename}, ...)`;
  return undefined;
}
