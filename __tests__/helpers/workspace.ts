// Temporary repositories with a theme in them, for tests that run the action on real files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const KEY = 'test-key-5c1d';
export const SECRET = 'test-secret-9f3e7a';

/** The Basic auth value of a key and a secret (base64 of `key:secret`), as a request carries it. */
export function basicCredentials(key = KEY, secret = SECRET): string {
  return Buffer.from(`${key}:${secret}`).toString('base64');
}

export const EXAMPLE_THEME: Record<string, string> = {
  '_layouts/default.html': '<!doctype html>\n<title>{{ site.title }}</title>\n{{ content }}\n',
  'index.html': '---\nlayout: default\n---\n<h1>Hello</h1>\n',
  'assets/css/site.css': 'body { font-family: system-ui; }\n'
};

/** A workspace whose `theme/` folder holds `files`; returns the workspace path. */
export function makeWorkspace(
  files: Record<string, string | Buffer> = EXAMPLE_THEME,
  themeDir = 'theme'
): string {
  const workspace = mkdtempSync(join(tmpdir(), 'siteleaf-publish-ws-'));
  writeTheme(join(workspace, themeDir), files);
  return workspace;
}

export function writeTheme(root: string, files: Record<string, string | Buffer>): void {
  mkdirSync(root, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const target = join(root, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** The inputs a workflow step would pass for the emulator at `url`. */
export function inputsFor(url: string, siteId: string, extra: Record<string, string> = {}) {
  return {
    'api-key': KEY,
    'api-secret': SECRET,
    'site-id': siteId,
    'api-url': url,
    'theme-dir': 'theme',
    ...extra
  };
}
