// The one way this action writes to the workflow log. Everything passes through `redact`, so
// a secret the server echoes back (or that a library puts in an error) never reaches the log,
// an annotation or the summary, even where the runner's own masking would not see it
// (local runs, `@github/local-action`, tests).
import * as core from '@actions/core';

const secrets = new Set<string>();

/** Masks a value for the runner (`::add-mask::`) and for our own redaction. */
export function registerSecret(value: string): void {
  if (!value || secrets.has(value)) return;
  secrets.add(value);
  core.setSecret(value);
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('***');
  }
  return out;
}

/** For tests that run the action more than once in one process. */
export function resetLogState(): void {
  secrets.clear();
  annotationCounts.error = 0;
  annotationCounts.warning = 0;
}

export interface AnnotationPlace {
  file?: string;
  line?: number;
  title?: string;
}

// GitHub shows at most 10 error and 10 warning annotations per step; past that the rest are
// plain log lines (and the job summary lists them all).
export const ANNOTATION_LIMIT = 10;
const annotationCounts = { error: 0, warning: 0 };

function annotate(kind: 'error' | 'warning', message: string, place?: AnnotationPlace): void {
  const text = redact(message);
  if (annotationCounts[kind]++ < ANNOTATION_LIMIT) {
    core[kind](text, toProperties(place));
  } else {
    const where = place?.file ? ` (${place.file}${place.line ? `:${place.line}` : ''})` : '';
    core.info(`${kind === 'error' ? 'Error' : 'Warning'}${where}: ${text}`);
  }
}

export const log = {
  info: (message: string): void => core.info(redact(message)),
  debug: (message: string): void => core.debug(redact(message)),
  warning: (message: string, place?: AnnotationPlace): void => annotate('warning', message, place),
  error: (message: string, place?: AnnotationPlace): void => annotate('error', message, place),
  fail: (message: string): void => core.setFailed(redact(message)),
  group: async <T>(name: string, body: () => Promise<T>): Promise<T> =>
    core.group(redact(name), body),
  setOutput: (name: string, value: string): void => core.setOutput(name, redact(value))
};

function toProperties(place?: AnnotationPlace): core.AnnotationProperties | undefined {
  if (!place) return undefined;
  return {
    ...(place.title ? { title: redact(place.title) } : {}),
    ...(place.file ? { file: place.file } : {}),
    ...(place.line ? { startLine: place.line } : {})
  };
}
