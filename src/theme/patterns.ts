// The `files` input: newline-separated glob patterns relative to theme-dir, read the way
// `@actions/glob` reads them, so they behave like every other action's patterns:
// - patterns apply in order: a file is selected by a pattern, unselected by a later `!` one,
//   selected again by a later plain one (`**`, `!drafts/**`, `drafts/keep.html`);
// - a pattern that names a directory selects everything below it (`assets` = `assets/**`),
//   a trailing `/` makes a pattern match directories only (`assets/` = `assets/**`, never a
//   file named `assets`);
// - blank lines and lines starting with `#` are skipped, surrounding spaces trimmed, a leading
//   `./` dropped.
// Matching uses Node's `path.matchesGlob` (minimatch inside): `*`, `?`, `**`, `[abc]`, and also
// `{a,b}` braces (which `@actions/glob` leaves literal). A `\` is a path separator, not an
// escape: write `[*]` for a literal `*`.
//
// Patterns never reach outside theme-dir: a pattern starting with `/` or holding a `..`
// segment is refused with an error naming the `files` input, rather than silently matching
// nothing. (Symbolic links leading out are the file walk's business: see files.ts.)
import { matchesGlob } from 'node:path';

export interface ThemePatterns {
  /** True when the patterns select the file at this POSIX path relative to theme-dir. */
  matchesFile(filename: string): boolean;
  /**
   * True when some file below this directory could be selected. False only when no pattern can
   * match anything below it, so a walk may skip it; may be true where nothing ends up matching.
   */
  mayMatchBelow(dirname: string): boolean;
}

interface CompiledPattern {
  negate: boolean;
  /** The glob, without `!`, leading `./` or trailing `/`. */
  glob: string;
  directoriesOnly: boolean;
  /** The glob's segments, to prune the walk; undefined where comparing segments is unsafe. */
  segments: string[] | undefined;
}

/** Thrown for a pattern that cannot be used; the message names the `files` input. */
export class ThemePatternError extends Error {
  override readonly name = 'ThemePatternError';
}

/**
 * The patterns of the `files` input's text (or of several texts: the command line's repeated
 * `--files`): one per line, trimmed, blank lines and `#` comments left out.
 */
export function splitThemePatterns(texts: string | readonly string[]): string[] {
  return (typeof texts === 'string' ? [texts] : texts)
    .flatMap(text => text.split(/\r?\n/))
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'));
}

/**
 * Compiles the `files` patterns (one per element; elements may also hold several lines).
 * Throws {@link ThemePatternError} for a pattern that would point outside theme-dir.
 */
export function compileThemePatterns(patterns: readonly string[]): ThemePatterns {
  const compiled = splitThemePatterns(patterns).map(compilePattern);
  const positive = compiled.filter(pattern => !pattern.negate);
  return {
    matchesFile(filename) {
      let selected = false;
      for (const pattern of compiled) {
        if (selected === pattern.negate && matchesPattern(pattern, filename)) {
          selected = !pattern.negate;
        }
      }
      return selected;
    },
    mayMatchBelow(dirname) {
      const dirSegments = dirname.split('/');
      return positive.some(pattern => mayMatchBelow(pattern, dirSegments));
    }
  };
}

function compilePattern(line: string): CompiledPattern {
  let negate = false;
  let rest = line;
  while (rest.startsWith('!')) {
    negate = !negate;
    rest = rest.slice(1).trim();
  }
  const normalized = rest.replace(/\\/g, '/');
  if (normalized === '') {
    throw new ThemePatternError(`Invalid pattern '${line}' in the files input: it is empty.`);
  }
  if (normalized.startsWith('/')) {
    throw new ThemePatternError(
      `Invalid pattern '${line}' in the files input: patterns are relative to theme-dir, ` +
        `write it without the leading '/'.`
    );
  }
  const directoriesOnly = normalized.endsWith('/');
  const segments = normalized.split('/').filter(segment => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new ThemePatternError(
      `Invalid pattern '${line}' in the files input: '..' is not allowed, ` +
        `patterns cannot reach outside theme-dir.`
    );
  }
  // `.` alone (or `./`) means the whole theme-dir, as it does for @actions/glob.
  if (segments.length === 0) {
    return { negate, glob: '**', directoriesOnly: false, segments: ['**'] };
  }
  const glob = segments.join('/');
  return {
    negate,
    glob,
    directoriesOnly,
    // Braces and extglob groups may hide a `/` inside one segment, so a segment-by-segment
    // comparison cannot be trusted for them: such patterns never prune a directory.
    segments: /[{}()]/.test(glob) ? undefined : segments
  };
}

function matchesPattern(pattern: CompiledPattern, filename: string): boolean {
  // `**` (the default) matches every file: skip compiling a matcher for each one.
  if (pattern.glob === '**') return true;
  if (!pattern.directoriesOnly) {
    if (matchesGlob(filename, pattern.glob)) return true;
    // `x/**` already matches everything below `x`.
    if (pattern.glob.endsWith('/**')) return false;
  }
  // Implicit descendants: a pattern matching a directory selects every file below it.
  return matchesGlob(filename, `${pattern.glob}/**`);
}

function mayMatchBelow(pattern: CompiledPattern, dirSegments: readonly string[]): boolean {
  const { segments } = pattern;
  if (segments === undefined) return true;
  for (const [index, dirSegment] of dirSegments.entries()) {
    const patternSegment = segments[index];
    // The pattern matched an ancestor of this directory: implicit descendants select it all.
    if (patternSegment === undefined) return true;
    if (patternSegment.includes('**')) return true;
    if (!matchesGlob(dirSegment, patternSegment)) return false;
  }
  return true;
}
