// Where a publish error points in the repository, and where a message names a file (so the job
// summary can link that mention). Pure: the caller supplies the theme's files.

export interface FileLocation {
  /** Path from the repository root, theme-dir included: what GitHub needs to pin it on a diff. */
  readonly file: string;
  readonly line?: number;
}

/**
 * Finds the theme file a job message names (as a whole word) and the line after it:
 * `Liquid syntax error in _layouts/default.html (line 6): ...` → `_layouts/default.html`, 6.
 * The longest name wins, so `a/b.html` is not taken for `b.html`.
 */
export function locateFileInMessage(
  message: string,
  themeFilenames: Iterable<string>,
  themeDirFromRepo: string
): FileLocation | undefined {
  let best: { filename: string; end: number } | undefined;
  for (const filename of themeFilenames) {
    if (best && filename.length <= best.filename.length) continue;
    const end = findWholeWord(message, filename);
    if (end !== undefined) best = { filename, end };
  }
  if (!best) return undefined;
  const file = themeDirFromRepo ? `${themeDirFromRepo}/${best.filename}` : best.filename;
  const line = lineAfter(message.slice(best.end));
  return line === undefined ? { file } : { file, line };
}

/**
 * Where `text` names `file` (a path from the repository root) as a whole word: the path itself,
 * or the longest tail of it (`theme/_layouts/a.html`, `_layouts/a.html`, `a.html`), since
 * messages name files as the server or the theme knows them.
 */
export function findFileMention(
  text: string,
  file: string
): { start: number; end: number } | undefined {
  const segments = file.split('/');
  for (let from = 0; from < segments.length; from++) {
    const tail = segments.slice(from).join('/');
    if (!tail) continue;
    const end = findWholeWord(text, tail);
    if (end !== undefined) return { start: end - tail.length, end };
  }
  return undefined;
}

/** Index just past `word` in `text`, where it is not part of a longer path or name. */
function findWholeWord(text: string, word: string): number | undefined {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if (!isPathChar(text[at - 1]) && !extendsName(text, end)) return end;
  }
  return undefined;
}

/** Whether the text at `end` continues the name (`default.html.bak`, `default.html-old`). */
function extendsName(text: string, end: number): boolean {
  const char = text[end];
  // A '.' that ends a sentence ("in foo.html." or "foo.html. Next") does not extend the name;
  // one followed by more of a name ("foo.html.bak") does.
  if (char === '.') return isPathChar(text[end + 1]);
  return isPathChar(char);
}

function isPathChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  return /[\p{L}\p{N}_./\\-]/u.test(char);
}

function lineAfter(rest: string): number | undefined {
  // A quoted name ('foo.html' line 3, "foo.html":3) has its line after the closing quote.
  const match = /^['"`\u2019]?(?::(\d+)|\s*\(?\s*(?:at\s+)?line\s+(\d+)\)?)/i.exec(rest);
  const digits = match?.[1] ?? match?.[2];
  const line = digits === undefined ? NaN : Number(digits);
  return Number.isSafeInteger(line) && line > 0 ? line : undefined;
}
