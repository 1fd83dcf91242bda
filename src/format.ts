// How durations, sizes, error causes and long texts are written, everywhere: the log, the
// summary, the terminal and the errors say the same thing the same way.

/** `850 ms`, `12 s`, `3 min 5 s`, `2 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = `${Math.floor(seconds / 60)} min`;
  return seconds % 60 === 0 ? minutes : `${minutes} ${seconds % 60} s`;
}

/** `512 B`, `12.3 kB`, `4.0 MB` (SI units, as browsers and GitHub show sizes). */
export function formatByteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** What went wrong, in words: an Error's message, or the thrown value itself. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `text` cut to at most `max` characters, the cut marked with `…`. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${headOf(text, Math.max(0, max - 1))}…`;
}

/**
 * The first `length` UTF-16 units of `text`, one fewer where the last would be half of a
 * surrogate pair (an emoji cut in two prints as a replacement character, or breaks JSON).
 */
export function headOf(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}
