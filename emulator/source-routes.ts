// What the v2 source routes answer, decided apart from the HTTP plumbing: the server parses
// the request (name, query, upload), calls one of these, and sends the Answer it gets back.
import type { OutgoingHttpHeaders } from 'node:http';
import type { ReceivedFile } from './assets.js';
import { paginate } from './pagination.js';
import { REWRITE_SUFFIX, entryJson, type SourceStore } from './source.js';
import type { ResolvedEmulatorOptions } from './types.js';
import { contentTypeFor } from './util.js';

export interface Answer {
  status: number;
  /** JSON text, or raw bytes for a download. */
  body: string | Buffer;
  headers: OutgoingHttpHeaders;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(status: number, value: unknown, headers: OutgoingHttpHeaders = {}): Answer {
  return {
    status,
    body: JSON.stringify(value),
    headers: { 'Content-Type': JSON_TYPE, ...headers }
  };
}

function error(status: number, message: string): Answer {
  return json(status, { error: message });
}

export const invalidName = (): Answer => error(400, 'Invalid name');
export const notFound = (): Answer => error(404, 'Not found');

export interface SourceContext {
  store: SourceStore;
  options: ResolvedEmulatorOptions;
  /** The site's source URL, `<origin>/v2/sites/:id/source`, for `download_url`s. */
  sourceUrl: string;
}

/**
 * `GET …/source[/<name>]`: a file's entry (its bytes with `?download`), or a directory's
 * listing, paginated. `url` is the request's full URL; `name` is '' for the root.
 */
export function getSource(ctx: SourceContext, name: string, url: URL): Answer {
  const { store, options } = ctx;
  const file = name === '' ? undefined : store.find(name);
  if (file && url.searchParams.has('download')) {
    if (!file.content) return error(404, 'Content not kept by the emulator (keepBodyBytesUpTo)');
    return { status: 200, body: file.content, headers: { 'Content-Type': contentTypeFor(name) } };
  }
  if (file) return json(200, entryJson(file, ctx.sourceUrl));

  const dir = store.directory(name);
  if (dir === undefined) return notFound();
  const asked = url.searchParams.get('recursive');
  const recursive = !options.ignoreRecursive && (asked === 'true' || asked === '1');
  const entries = store.list(dir, { recursive, directories: options.recursiveDirectories });
  const page = paginate(entries, url, options.maxPerPage);
  const body = page.items.map(entry => entryJson(entry, ctx.sourceUrl));
  return json(200, body, page.link ? { Link: page.link } : {});
}

/**
 * `PUT …/source/<name>`: create or replace in place. The upload's `sha` must be there, and
 * its `shaWithSuffix` too when `rewriteContent` is on.
 */
export function putSource(ctx: SourceContext, name: string, file: ReceivedFile): Answer {
  const { store, options } = ctx;
  const storedName = store.nameFor(name, options.normalizeNames);
  const conflict = store.conflict(storedName);
  if (conflict) return error(422, conflict);
  if (file.sha === undefined) throw new Error('a v2 upload needs its git blob id');
  const stored = store.put(
    storedName,
    {
      size: file.size,
      sha: file.sha,
      head: file.head,
      ...(file.content ? { content: file.content } : {}),
      ...(file.shaWithSuffix ? { rewrittenSha: file.shaWithSuffix } : {})
    },
    { rewrite: options.rewriteContent }
  );
  return json(200, entryJson(stored, ctx.sourceUrl));
}

/** What `rewriteContent` needs hashed besides the upload itself. */
export function rewriteSuffix(options: ResolvedEmulatorOptions): Buffer | undefined {
  return options.rewriteContent ? REWRITE_SUFFIX : undefined;
}

/** `DELETE …/source/<name>`: the deleted entry. Never `_config.yml`, never a directory. */
export function deleteSource(ctx: SourceContext, name: string): Answer {
  const { store } = ctx;
  if (name.toLowerCase() === '_config.yml') return error(422, "_config.yml can't be deleted");
  if (store.find(name) === undefined && store.directory(name) !== undefined) {
    return error(422, "Directories can't be deleted");
  }
  const removed = store.remove(name);
  return removed ? json(200, entryJson(removed, ctx.sourceUrl)) : notFound();
}
