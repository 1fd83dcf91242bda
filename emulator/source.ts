// A v2 site's source tree: the files of the Jekyll site, by path from its root.
//
// Only files are stored; directories exist because files are below them, as in git. Names
// are matched ignoring case, as Siteleaf does: a file replaced under another case keeps the
// name it was stored with. What a new file becomes (`site`, `page`, `document` or `file`) is
// decided once, from its path and first bytes, the way Siteleaf sorts a Jekyll source.
import { HEAD_BYTES } from './assets.js';
import { gitBlobSha } from './git-blob.js';
import type { SourceFileType, StoredSourceFile } from './types.js';
import { USER_ID } from './site.js';
import { siteleafTime } from './util.js';

/** What an upload or a seed brings. */
export interface SourceBody {
  size: number;
  /** Git blob id of the bytes. */
  sha: string;
  /** The first bytes, enough to spot front matter. */
  head: Buffer;
  /** The bytes, when small enough to keep. */
  content?: Buffer;
  /** Git blob id of the bytes followed by REWRITE_SUFFIX (for `rewriteContent`). */
  rewrittenSha?: string;
}

/** What `rewriteContent` appends: any change will do, the point is that the bytes differ. */
export const REWRITE_SUFFIX = Buffer.from('\n');

/** A directory as listings show it. */
export interface DirectoryEntry {
  name: string;
  type: 'directory';
}

export type SourceEntry = StoredSourceFile | DirectoryEntry;

/**
 * Underscore folders that Jekyll reads as theme or tooling, not as collections: their files
 * are plain files even with front matter (a layout is not a page an editor writes).
 */
const NOT_COLLECTIONS = new Set([
  '_layouts',
  '_includes',
  '_data',
  '_sass',
  '_plugins',
  '_site',
  '_drafts'
]);

/** `---` alone on the first line (trailing blanks and a UTF-8 byte order mark allowed). */
const FRONT_MATTER = /^(\xef\xbb\xbf)?---[ \t]*\r?\n/;

/** The type Siteleaf gives a new file. */
export function classify(name: string, head: Buffer): SourceFileType {
  const lower = name.toLowerCase();
  if (lower === '_config.yml') return 'site';
  const slash = lower.indexOf('/');
  const top = slash >= 0 ? lower.slice(0, slash) : undefined;
  if (top !== undefined && NOT_COLLECTIONS.has(top)) return 'file';
  if (!FRONT_MATTER.test(head.toString('latin1'))) return 'file';
  return top?.startsWith('_') ? 'document' : 'page';
}

/** `normalizeNames`: what Siteleaf might make of a name it does not like. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '-');
}

/**
 * The path after `/source/` as sent, percent-decoded; undefined when it is not a usable name
 * (bad escapes, empty, `.` or `..` segments). `+` is a plus, as in any URL path.
 */
export function decodeSourcePath(raw: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return isValidSourceName(name) ? name : undefined;
}

/** A path from the site root: `/`-separated, no empty, `.` or `..` segment. */
export function isValidSourceName(name: string): boolean {
  return !name.split('/').some(s => s === '' || s === '.' || s === '..' || s.includes('\0'));
}

/** The body of a seeded file. */
export function sourceBodyOf(content: Buffer, keepBytesUpTo: number): SourceBody {
  const body: SourceBody = {
    size: content.length,
    sha: gitBlobSha(content),
    head: content.subarray(0, HEAD_BYTES)
  };
  if (content.length <= keepBytesUpTo) body.content = content;
  return body;
}

/** The path again, each segment percent-encoded, for URLs the emulator hands out. */
export function encodeSourcePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/** Where Jekyll would publish a page or document (its `url`); files have none. */
function publishedUrl(file: StoredSourceFile): string | undefined {
  if (file.type !== 'page' && file.type !== 'document') return undefined;
  const path = file.name.replace(/\.(md|markdown)$/i, '.html');
  if (file.type === 'page') return '/' + path.replace(/(^|\/)index\.html$/i, '$1');
  const [collection = '', ...rest] = path.split('/');
  const post = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/.exec(rest.join('/'));
  if (collection === '_posts' && post) return `/${post[1]}/${post[2]}/${post[3]}/${post[4]}`;
  return `/${collection.slice(1)}/${rest.join('/')}`;
}

/** An entry as the API shows it. `sourceUrl` is the site's `…/v2/sites/:id/source`. */
export function entryJson(entry: SourceEntry, sourceUrl: string): Record<string, unknown> {
  if (entry.type === 'directory') {
    return { name: entry.name, type: 'directory', sha: null, filesize: null };
  }
  const url = publishedUrl(entry);
  return {
    name: entry.name,
    type: entry.type,
    sha: entry.sha,
    filesize: entry.filesize,
    ...(url === undefined ? {} : { url }),
    download_url: `${sourceUrl}/${encodeSourcePath(entry.name)}?download`,
    user_id: USER_ID,
    created_at: entry.created_at,
    updated_at: entry.updated_at
  };
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

function copy(file: StoredSourceFile): StoredSourceFile {
  const copied = { ...file };
  if (file.content) copied.content = Buffer.from(file.content);
  return copied;
}

export class SourceStore {
  /** By lowercased name. */
  private files = new Map<string, StoredSourceFile>();

  all(): StoredSourceFile[] {
    return [...this.files.values()].map(copy).sort(byName);
  }

  find(name: string): StoredSourceFile | undefined {
    const file = this.files.get(name.toLowerCase());
    return file && copy(file);
  }

  /** The directory's name as stored, when `name` is one ('' is the root, always there). */
  directory(name: string): string | undefined {
    if (name === '') return '';
    const prefix = name.toLowerCase() + '/';
    const below = [...this.files.values()]
      .filter(file => file.name.toLowerCase().startsWith(prefix))
      .sort(byName)[0];
    return below?.name.slice(0, name.length);
  }

  /**
   * The name an upload to `name` is stored under: the stored spelling of the file it replaces
   * or, for a new file, `name` itself (normalised when `normalize` is set).
   */
  nameFor(name: string, normalize: boolean): string {
    const existing = this.files.get(name.toLowerCase());
    if (existing) return existing.name;
    if (!normalize) return name;
    return this.files.get(normalizeName(name).toLowerCase())?.name ?? normalizeName(name);
  }

  /** Why a file cannot be stored under `name`, if it cannot: a directory or a file is in the way. */
  conflict(name: string): string | undefined {
    if (this.directory(name) !== undefined) return 'Name is a directory';
    const segments = name.split('/');
    for (let i = 1; i < segments.length; i++) {
      if (this.files.has(segments.slice(0, i).join('/').toLowerCase())) {
        return 'Name is inside a file';
      }
    }
    return undefined;
  }

  /**
   * Create or replace in place. A replaced file keeps its name, type and creation time; a
   * new one is typed from its path and bytes. An explicit `type` (seeding) wins over both.
   */
  put(
    name: string,
    body: SourceBody,
    opts: { type?: SourceFileType; rewrite?: boolean } = {}
  ): StoredSourceFile {
    const now = siteleafTime();
    const existing = this.files.get(name.toLowerCase());
    const type = opts.type ?? existing?.type ?? classify(name, body.head);
    const file: StoredSourceFile = {
      name: existing?.name ?? name,
      type,
      sha: body.sha,
      filesize: body.size,
      created_at: existing?.created_at ?? now,
      updated_at: now
    };
    if (body.content) file.content = Buffer.from(body.content);
    if (opts.rewrite && type !== 'file') rewrite(file, body);
    this.files.set(file.name.toLowerCase(), file);
    return copy(file);
  }

  remove(name: string): StoredSourceFile | undefined {
    const key = name.toLowerCase();
    const file = this.files.get(key);
    this.files.delete(key);
    return file && copy(file);
  }

  /**
   * The entries of directory `dir` ('' for the root): its files, then its sub-directories,
   * each sorted by name. `recursive`: every file below, sorted by name, with every directory
   * below among them when `directories` is set.
   */
  list(dir: string, opts: { recursive: boolean; directories: boolean }): SourceEntry[] {
    const prefix = dir === '' ? '' : dir.toLowerCase() + '/';
    const below = [...this.files.values()]
      .filter(file => file.name.toLowerCase().startsWith(prefix))
      .sort(byName);
    const files: StoredSourceFile[] = [];
    const dirs = new Map<string, DirectoryEntry>(); // by lowercased name: first spelling wins
    for (const file of below) {
      const rest = file.name.slice(prefix.length);
      if (opts.recursive || !rest.includes('/')) files.push(copy(file));
      const parts = rest.split('/').slice(0, -1);
      const depth = opts.recursive
        ? opts.directories
          ? parts.length
          : 0
        : Math.min(1, parts.length);
      for (let i = 1; i <= depth; i++) {
        const name = file.name.slice(0, prefix.length + parts.slice(0, i).join('/').length);
        if (!dirs.has(name.toLowerCase()))
          dirs.set(name.toLowerCase(), { name, type: 'directory' });
      }
    }
    const dirList = [...dirs.values()].sort(byName);
    if (opts.recursive) return [...files, ...dirList].sort(byName);
    return [...files, ...dirList];
  }

  clear(): void {
    this.files = new Map();
  }
}

/** `rewriteContent`: the stored bytes gain REWRITE_SUFFIX, so they differ from the upload. */
function rewrite(file: StoredSourceFile, body: SourceBody): void {
  if (!body.rewrittenSha) throw new Error('rewriteContent needs the rewritten sha of the upload');
  file.sha = body.rewrittenSha;
  file.filesize = body.size + REWRITE_SUFFIX.length;
  if (file.content) file.content = Buffer.concat([file.content, REWRITE_SUFFIX]);
}
