// Which files of theme-dir belong to the theme, whatever the `files` patterns say.
//
// Always excluded (no `.siteleafignore` rule can bring them back):
// - any path with a segment starting with `.`: dotfiles and dot-folders at any depth
//   (`.git/`, `.DS_Store`, `assets/.sass-cache/`, `.siteleafignore` itself);
// - any `node_modules` segment at any depth;
// - `config.ru` at any depth. The official gem matches every ignore rule against the basename
//   too, so it skips `config.ru` wherever it is; doing the same means switching from the gem to
//   this action never starts uploading files the gem never did.
//
// Then `.siteleafignore` with full `.gitignore` semantics (the `ignore` package): bare names
// match at any depth (`node_modules`, `bower_components`, `Gemfile`), `/build` only at the
// root, `docs/` only directories, `*.scss`, negations (`!keep.scss`), comments, escaped and
// trailing spaces, CRLF line ends. Matching ignores case, as the gem's `FNM_CASEFOLD` did.
//
// The gem's own matcher (`File.fnmatch?` on the path and on the basename, without
// FNM_PATHNAME) has traps this file does not copy: a bare directory name such as
// `node_modules` or `bower_components` never matched the files inside it, `.*` never matched
// a dot-folder below the root (`assets/.sass-cache/x.css` was uploaded), and `!` or `#` lines
// were literal patterns.
import ignore from 'ignore';

export interface ThemeRules {
  /** True when the file at this POSIX relative path is part of the theme. */
  includesFile(filename: string): boolean;
  /**
   * True when files below this directory can be part of the theme. False means no file below
   * it is (`.gitignore` cannot re-include a file inside an excluded directory), so a walk of
   * theme-dir need not enter it.
   */
  includesDirectory(dirname: string): boolean;
}

export function createThemeRules(siteleafignore?: string): ThemeRules {
  const userRules = ignore().add(stripByteOrderMark(siteleafignore ?? ''));
  return {
    includesFile(filename) {
      const segments = segmentsOf(filename);
      if (segments === undefined || segments.some(isAlwaysExcludedSegment)) return false;
      if (segments[segments.length - 1] === 'config.ru') return false;
      return !userRules.ignores(segments.join('/'));
    },
    includesDirectory(dirname) {
      const segments = segmentsOf(dirname);
      if (segments === undefined || segments.some(isAlwaysExcludedSegment)) return false;
      // The trailing slash tells `ignore` this is a directory, so `docs/` rules apply.
      return !userRules.ignores(`${segments.join('/')}/`);
    }
  };
}

function isAlwaysExcludedSegment(segment: string): boolean {
  return segment.startsWith('.') || segment === 'node_modules';
}

/**
 * The segments of a relative POSIX path, or undefined for a path that is not one
 * (empty, absolute, or with empty segments): such a path can never name a theme file.
 */
function segmentsOf(path: string): string[] | undefined {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.split('/');
  return segments.every(segment => segment !== '') ? segments : undefined;
}

function stripByteOrderMark(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
