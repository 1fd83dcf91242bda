// The whole source tree of a v2 site, however Siteleaf pages it. The listing asks for every
// file at once (`recursive=true`, a large `per_page`) and follows `Link: rel="next"` pages; a
// server that ignores `recursive` answers with `directory` entries and nothing below them, and
// each such directory is then listed the same way, so the plan always sees every remote file.
import LinkHeader from 'http-link-header';
import { headerValue, parseJson, type SiteleafHttp } from '../http.js';
import type { SourceEntry } from './types.js';

/** As many entries per page as the API will give: one page for any theme in practice. */
export const PER_PAGE = 9999;

/** `source/<dir>` with each segment percent-encoded (`#`, `?`, `%`, `+`, spaces, Unicode). */
export function sourcePath(site: string, name: string): string {
  const encoded = name
    .split('/')
    .map(segment => encodeURIComponent(segment))
    .join('/');
  return `/v2/sites/${site}/source${encoded ? `/${encoded}` : ''}`;
}

/** The `rel="next"` URL of a Link header, if any. */
export function nextPageUrl(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    return LinkHeader.parse(link).rel('next')[0]?.uri;
  } catch {
    return undefined;
  }
}

/**
 * Directories the listing named but did not list the inside of: no other entry lies below
 * them. (An empty directory is listed once more and found empty: no harm.)
 */
export function unlistedDirectories(
  entries: readonly SourceEntry[],
  alreadyListed: ReadonlySet<string>
): string[] {
  const directories = entries.filter(entry => entry.type === 'directory').map(e => e.name);
  const prefixes = new Set<string>();
  for (const entry of entries) {
    const parts = entry.name.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      prefixes.add(parts.slice(0, depth).join('/').toLowerCase());
    }
  }
  return directories.filter(
    name => !prefixes.has(name.toLowerCase()) && !alreadyListed.has(name.toLowerCase())
  );
}

export async function listSourceTree(
  http: SiteleafHttp,
  site: string,
  signal?: AbortSignal
): Promise<SourceEntry[]> {
  const listed = new Set<string>();
  const byName = new Map<string, SourceEntry>();
  const add = (entries: readonly SourceEntry[]) => {
    // Pages that overlap while the tree changes must not list one file twice.
    for (const entry of entries) byName.set(entry.name, entry);
  };
  add(await listPages(http, sourcePath(site, ''), 'Listing the source files', signal));
  listed.add('');
  for (;;) {
    const pending = unlistedDirectories([...byName.values()], listed);
    if (pending.length === 0) break;
    for (const dir of pending) {
      listed.add(dir.toLowerCase());
      add(
        await listPages(http, sourcePath(site, dir), `Listing the source files in ${dir}`, signal)
      );
    }
  }
  return [...byName.values()];
}

async function listPages(
  http: SiteleafHttp,
  path: string,
  step: string,
  signal?: AbortSignal
): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  const seen = new Set<string>();
  let url: string | undefined = `${path}?recursive=true&per_page=${PER_PAGE}`;
  while (url) {
    const answer = await http.request(step, 'GET', url, { signal });
    const page = parseJson<unknown>(answer, step);
    if (!Array.isArray(page)) {
      throw new Error(`${step} failed: Siteleaf did not answer with a list.`);
    }
    for (const entry of page) {
      if (isEntry(entry)) entries.push(entry);
    }
    seen.add(answer.url);
    const next = nextPageUrl(headerValue(answer.headers.link));
    // Resolved against the page that named it; a page naming one already read ends the walk.
    url = next === undefined ? undefined : new URL(next, answer.url).href;
    if (url !== undefined && seen.has(url)) url = undefined;
  }
  return entries;
}

function isEntry(value: unknown): value is SourceEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SourceEntry).name === 'string' &&
    (value as SourceEntry).name !== ''
  );
}
