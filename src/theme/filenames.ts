// Theme filenames are POSIX paths relative to theme-dir (`assets/css/site.css`), the same
// strings Siteleaf stores as an asset's `filename`.

/**
 * Orders filenames by UTF-16 code units: the same order on every machine and locale, so plans,
 * logs and outputs are reproducible (`localeCompare` would depend on the runner's ICU data).
 */
export function compareFilenames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts a copy of `items` by the filename `key` gives. */
export function sortByFilename<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareFilenames(key(a), key(b)));
}
