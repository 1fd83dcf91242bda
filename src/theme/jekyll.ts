// Siteleaf v2: theme-dir is a Jekyll site's root, so the theme leaves out what Jekyll and the
// official v2 gem (`siteleaf push`) leave out: a fixed list, plus the `exclude:` entries of
// theme-dir/_config.yml. These rules come on top of those of ignore-rules.ts (dotfiles,
// `config.ru`, `node_modules`, `.siteleafignore`), which apply to v1 and v2 alike.
//
// How an entry matches is Jekyll's (`EntryFilter#glob_include?`, lib/jekyll/entry_filter.rb),
// which the gem calls too. For a path P relative to the site's root and an entry E:
// - `File.fnmatch?(E, P)` with no flags: `*` is any run of characters and `?` any one
//   character, `/` included (there is no FNM_PATHNAME: `*.sh` leaves out `scripts/build.sh`
//   too, and `**` is just two `*`); `[abc]`, `[a-z]`, `[!a]` and `[^a]` are character
//   classes; `\` makes the next character literal; `{a,b}` is literal text (no FNM_EXTGLOB);
//   case matters;
// - or P starts with E, as a string: `vendor/bundle/` leaves out everything below that folder,
//   and `README` leaves out `README.md` as well (a prefix, not a path segment: Jekyll's rule);
// - or P is a folder and E is P followed by `/`.
// Jekyll's reader never enters a folder it leaves out, so a path is left out when it or any
// folder above it matches. A leading `/` in an entry means the site's root (Jekyll joins the
// entry to the source folder); a leading `./` is dropped too (to Jekyll `./x` matches nothing,
// but the user plainly meant `x`). A trailing `/` is kept: as in Jekyll, `notes/` is the
// folder `notes` and what is below it, never a file `notes` nor `notes.md`.
//
// Not followed: Jekyll's `include:` (the gem ignores it; dotfiles stay left out by
// ignore-rules.ts whatever it says), and regular expressions (only Ruby code can make one).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
  type Document,
  type Node,
  type Pair
} from 'yaml';
import { compareFilenames, sortByFilename } from './filenames.js';
import { messageOf } from '../format.js';
import type { ThemeRules } from './ignore-rules.js';

/** The Jekyll configuration file, relative to theme-dir (Siteleaf's `site` entry). */
export const JEKYLL_CONFIG_FILE = '_config.yml';

/**
 * What every v2 site leaves out besides its `exclude:` entries, written as Jekyll entries.
 * Entries below a dot-folder or `node_modules` are listed for completeness: ignore-rules.ts
 * already leaves those out at any depth.
 */
export const JEKYLL_DEFAULT_EXCLUDES: readonly string[] = [
  // The official v2 gem's `read_dir` (bin/siteleaf): `_site/*`, the build output.
  // (Its `Gemfile`, `Gemfile.lock`, `config.ru` and `.*` are covered here or by ignore-rules.ts.)
  '_site/',
  // Jekyll's Configuration::DEFAULT_EXCLUDES (lib/jekyll/configuration.rb, Jekyll 4), which
  // Jekyll adds to every site's `exclude:` list, so the gem's `jekyll_site.exclude` has them.
  'gemfiles',
  'Gemfile',
  'Gemfile.lock',
  'node_modules',
  'vendor/bundle/',
  'vendor/cache/',
  'vendor/gems/',
  'vendor/ruby/',
  '.sass-cache',
  '.jekyll-cache',
  '.ruby-lsp'
];

/** What this action reads from `_config.yml`. */
export interface JekyllConfig {
  /** Whether theme-dir has a `_config.yml` at all. */
  readonly found: boolean;
  /** Its `exclude:` entries as written, in order (Jekyll's defaults not included). */
  readonly exclude: readonly string[];
}

/**
 * `_config.yml` cannot be used: it is not valid YAML, or `exclude:` is not a list of paths.
 * The step fails with an error annotation at `file` (relative to theme-dir) and `line`.
 */
export class JekyllConfigError extends Error {
  override readonly name = 'JekyllConfigError';

  constructor(
    /** The file, relative to theme-dir: `_config.yml`. */
    readonly file: string,
    /** 1-based line the problem is on. */
    readonly line: number,
    /** 1-based column, when known. */
    readonly column: number | undefined,
    /** What is wrong, in plain words, without the place. */
    readonly reason: string
  ) {
    super(`${file}, line ${line}${column === undefined ? '' : `, column ${column}`}: ${reason}`);
  }
}

/**
 * Reads `themeDir/_config.yml`. No file is fine (no `exclude:` entries). Throws
 * {@link JekyllConfigError} for a file Jekyll could not use, and a plain Error when it
 * cannot be read at all.
 */
export async function readJekyllConfig(themeDir: string): Promise<JekyllConfig> {
  const file = path.join(themeDir, JEKYLL_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: false, exclude: [] };
    throw new Error(`Could not read ${file}: ${messageOf(error)}`);
  }
  return parseJekyllConfig(text);
}

/**
 * Parses the text of `_config.yml` the way Jekyll's YAML reader (Ruby's Psych, YAML 1.1)
 * would, and returns its `exclude:` list. Every other key is ignored.
 *
 * Parse options, chosen to agree with Psych:
 * - YAML 1.1: unquoted `yes`, `no`, `on`, `off`, `0777`, `1:20` are not text there, so
 *   `exclude: [yes]` names no path (an error below), as it names none for Jekyll;
 * - duplicate keys are allowed, the last one winning (a Ruby Hash);
 * - `strict: false`: Psych reads a comment glued to a value (`"x"#c`, `|#c`), so must we;
 * - only the first document counts (Psych's `load` stops there, errors after it unseen);
 * - a byte order mark and CRLF line ends are fine.
 */
export function parseJekyllConfig(source: string): JekyllConfig {
  // Dropping the BOM here keeps columns on line 1 as an editor shows them.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, {
    version: '1.1',
    strict: false,
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter: lines
  });
  const at = (offset: number, reason: string, withColumn = true): JekyllConfigError => {
    const { line, col } = lines.linePos(offset);
    return new JekyllConfigError(JEKYLL_CONFIG_FILE, line, withColumn ? col : undefined, reason);
  };
  const document = documents[0];
  const errors = document ? document.errors : 'errors' in documents ? documents.errors : [];
  const first = errors[0];
  if (first) throw at(first.pos[0], `not valid YAML: ${sentence(first.message)}`);
  if (!document) return { found: true, exclude: [] };

  const unresolved = findUnresolvedAlias(document);
  if (unresolved) {
    throw at(
      unresolved.range?.[0] ?? 0,
      `not valid YAML: the alias *${unresolved.source} has no anchor &${unresolved.source} before it.`
    );
  }

  let settings: unknown;
  try {
    settings = document.toJS({ mapAsMap: true, maxAliasCount: -1 });
  } catch (error) {
    throw at(0, `not valid YAML: ${sentence(messageOf(error))}`, false);
  }
  if (settings === null || settings === undefined) return { found: true, exclude: [] };
  if (!(settings instanceof Map)) {
    throw at(
      document.contents?.range?.[0] ?? 0,
      `Jekyll needs settings (key: value lines) here, but this file holds ${describe(settings)}.`,
      false
    );
  }
  if (!settings.has('exclude')) return { found: true, exclude: [] };

  const exclude: unknown = settings.get('exclude');
  const pair = lastPairNamed(document, 'exclude');
  const valueNode = resolved(document, pair?.value);
  const offsetOf = (node: unknown): number =>
    (node as Node | undefined)?.range?.[0] ?? (pair?.key as Node | undefined)?.range?.[0] ?? 0;
  if (!Array.isArray(exclude)) {
    throw at(
      offsetOf(pair?.value),
      `'exclude' must be a list of paths, but it is ${describe(exclude)}. ` +
        'Write one path per line, each after "- ", or [path, other/path].',
      false
    );
  }
  const items = isSeq(valueNode) ? valueNode.items : [];
  for (const [index, entry] of exclude.entries()) {
    const item = items[index];
    if (typeof entry !== 'string') {
      const written = sourceOf(text, item);
      throw at(
        offsetOf(item),
        `'exclude' must be a list of paths, but item ${index + 1} is ${describe(entry)}` +
          (entry === null || written === undefined
            ? '. Remove it.'
            : `. If it is a path, put it in quotes: '${written}'.`),
        false
      );
    }
    if (normalizeEntry(entry) === '') {
      throw at(
        offsetOf(item),
        `'exclude' item ${index + 1} (${JSON.stringify(entry)}) names the site's root, ` +
          'which would leave every file out. Remove it.',
        false
      );
    }
  }
  return { found: true, exclude: exclude as string[] };
}

/**
 * The rules of a v2 theme: {@link JEKYLL_DEFAULT_EXCLUDES} and the `exclude:` entries, matched
 * as Jekyll matches them (see the top of this file). Compose with the rules of ignore-rules.ts:
 * pass as `extraRules` to `selectThemeFiles`/`listThemeFiles`.
 */
export function createJekyllRules(exclude: readonly string[]): ThemeRules {
  const entries = [...JEKYLL_DEFAULT_EXCLUDES, ...exclude].map(compileEntry);
  const globs = entries.flatMap(entry => (entry.glob ? [entry.glob] : []));
  const isExcluded = (relative: string, isFolder: boolean): boolean => {
    const name = stripSlashes(relative);
    if (name === '') return false;
    // What starts a folder above the path starts the path too: this one test covers those
    // folders, their `folder/` entries included.
    if (entries.some(entry => name.startsWith(entry.text))) return true;
    if (isFolder && entries.some(entry => entry.text === `${name}/`)) return true;
    if (globs.length === 0) return false;
    const chars = Array.from(name);
    // The path itself and every folder above it (a folder Jekyll leaves out, it never enters).
    for (let end = 1; end <= chars.length; end++) {
      if (end < chars.length && chars[end] !== '/') continue;
      const prefix = end === chars.length ? chars : chars.slice(0, end);
      if (globs.some(glob => fnmatch(glob, prefix))) return true;
    }
    return false;
  };
  return {
    includesFile: filename => !isExcluded(filename, false),
    includesDirectory: dirname => !isExcluded(dirname, true)
  };
}

/**
 * Every group of two or more filenames that are equal ignoring case (Unicode lowercasing):
 * on Siteleaf they would be one file. Each group and the list are sorted; [] when none.
 */
export function findCaseCollisions(filenames: Iterable<string>): string[][] {
  const groups = new Map<string, Set<string>>();
  for (const filename of filenames) {
    const key = filename.toLowerCase();
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Set()));
    group.add(filename);
  }
  const collisions = [...groups.values()]
    .filter(group => group.size > 1)
    .map(group => [...group].sort(compareFilenames));
  return sortByFilename(collisions, group => group[0] as string);
}

interface CompiledEntry {
  /** The entry from the site's root, as Jekyll compares it with a path's start. */
  readonly text: string;
  /** Its code points, when it holds glob syntax; a literal entry needs the prefix test only. */
  readonly glob: string[] | undefined;
}

function compileEntry(entry: string): CompiledEntry {
  const text = normalizeEntry(entry);
  if (text === '') throw new Error(`Jekyll exclude entry '${entry}' names the whole site.`);
  // A literal entry that fnmatch-matches a path equals it, and so is a prefix of it.
  return { text, glob: /[*?[\\]/.test(text) ? Array.from(text) : undefined };
}

/** Drops the leading `/` and `./` that name the site's root; keeps a trailing `/`. */
function normalizeEntry(entry: string): string {
  let text = entry;
  for (;;) {
    if (text.startsWith('/')) text = text.slice(1);
    else if (text.startsWith('./')) text = text.slice(2);
    else return text;
  }
}

function stripSlashes(relative: string): string {
  return relative.replace(/^\/+|\/+$/g, '');
}

/**
 * Ruby's `File.fnmatch?(pattern, path)` with no flags, over code points: `*` any run (`/`
 * included), `?` any one, `[...]` a class, `\` escapes. No special leading period: Jekyll
 * always matches paths that start with the source folder.
 */
function fnmatch(pattern: readonly string[], text: readonly string[]): boolean {
  let p = 0;
  let s = 0;
  // Where to resume after the last `*`: its pattern index, and how far it has eaten.
  let starP = -1;
  let starS = -1;
  for (;;) {
    const char = pattern[p];
    if (char === '*') {
      while (pattern[p] === '*') p++;
      if (unescapedAt(pattern, p) >= pattern.length) return true;
      if (s >= text.length) return false;
      starP = p;
      starS = s;
      continue;
    }
    if (char === '?') {
      if (s >= text.length) return false;
      p++;
      s++;
      continue;
    }
    if (char === '[') {
      if (s >= text.length) return false;
      const next = matchClass(pattern, p + 1, text[s] as string);
      if (next !== undefined) {
        p = next;
        s++;
        continue;
      }
    } else {
      const q = unescapedAt(pattern, p);
      if (s >= text.length) return q >= pattern.length;
      if (q < pattern.length && pattern[q] === text[s]) {
        p = q + 1;
        s++;
        continue;
      }
    }
    // No match here: let the last `*` eat one more character, if there was one.
    if (starP < 0) return false;
    p = starP;
    s = ++starS;
  }
}

function unescapedAt(pattern: readonly string[], p: number): number {
  return pattern[p] === '\\' ? p + 1 : p;
}

/**
 * Matches `char` against the class that starts at `start` (just after its `[`). Returns the
 * index after its `]`, or undefined when it does not match or never closes (Ruby's rule: an
 * unclosed class matches nothing; `[]]` is not a class holding `]`).
 */
function matchClass(pattern: readonly string[], start: number, char: string): number | undefined {
  let p = start;
  if (p >= pattern.length) return undefined;
  const negated = pattern[p] === '!' || pattern[p] === '^';
  if (negated) p++;
  let matched = false;
  while (pattern[p] !== ']') {
    const first = unescapedAt(pattern, p);
    if (first >= pattern.length) return undefined;
    const low = pattern[first] as string;
    p = first + 1;
    if (p >= pattern.length) return undefined;
    if (pattern[p] === '-' && pattern[p + 1] !== ']') {
      const second = unescapedAt(pattern, p + 1);
      if (second >= pattern.length) return undefined;
      const high = pattern[second] as string;
      p = second + 1;
      if (matched) continue;
      const code = char.codePointAt(0) as number;
      matched =
        char === low ||
        char === high ||
        (code >= (low.codePointAt(0) as number) && code <= (high.codePointAt(0) as number));
    } else if (!matched) {
      matched = char === low;
    }
  }
  return matched === negated ? undefined : p + 1;
}

/** The first alias whose anchor is not defined before it, if any. */
function findUnresolvedAlias(
  document: Document.Parsed
): { source: string; range?: number[] } | undefined {
  let found: { source: string; range?: number[] } | undefined;
  visit(document, {
    Alias(_key, alias) {
      if (alias.resolve(document) !== undefined) return undefined;
      found = { source: alias.source, range: alias.range ?? undefined };
      return visit.BREAK;
    }
  });
  return found;
}

function lastPairNamed(document: Document.Parsed, key: string): Pair | undefined {
  const contents = document.contents;
  if (!isMap(contents)) return undefined;
  let found: Pair | undefined;
  for (const pair of contents.items) {
    if (isScalar(pair.key) && pair.key.value === key) found = pair;
  }
  return found;
}

function resolved(document: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/** The text a node was written as, for a plain scalar on one line. */
function sourceOf(text: string, node: unknown): string | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const written = text.slice(node.range[0], node.range[1]);
  return written !== '' && !/[\n'"]/.test(written) ? written : undefined;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return `text (${JSON.stringify(value)})`;
  if (typeof value === 'boolean') {
    return `the boolean ${value} (YAML 1.1 reads yes, no, on, off, true and false as booleans)`;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return `the number ${value}`;
  if (value instanceof Date) return 'a date';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Map) return 'a mapping';
  if (value instanceof Set) return 'a set';
  if (value instanceof Uint8Array) return 'binary data';
  return 'a value that is not text';
}

function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
