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
  recorded.length = 0;
  unrecorded = 0;
}

export interface AnnotationPlace {
  file?: string;
  line?: number;
  title?: string;
}

// GitHub shows at most 10 error and 10 warning annotations per step; past that the rest are
// plain log lines, and the job summary lists them all.
export const ANNOTATION_LIMIT = 10;
const annotationCounts = { error: 0, warning: 0 };

export interface RecordedAnnotation extends AnnotationPlace {
  readonly kind: 'error' | 'warning';
  readonly message: string;
}

// What the summary lists; bounded, so a stream of bad events cannot grow memory without end.
const RECORD_LIMIT = 200;
const recorded: RecordedAnnotation[] = [];
let unrecorded = 0;

/** Every error and warning this run raised (up to a bound), and how many more there were. */
export function raisedAnnotations(): { list: readonly RecordedAnnotation[]; more: number } {
  return { list: recorded, more: unrecorded };
}

function annotate(
  kind: 'error' | 'warning',
  message: string,
  place?: AnnotationPlace,
  record = true
): void {
  const text = redact(message);
  if (record) {
    if (recorded.length < RECORD_LIMIT) recorded.push({ kind, message: text, ...place });
    else unrecorded++;
  }
  // The last error slot is kept for the step's failure message, which comes last.
  const limit = kind === 'error' && record ? ANNOTATION_LIMIT - 1 : ANNOTATION_LIMIT;
  if (annotationCounts[kind] < limit) {
    annotationCounts[kind]++;
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
  /** Fails the step; the message is the summary's headline, so it is not listed again there. */
  fail: (message: string): void => {
    process.exitCode = core.ExitCode.Failure;
    annotate('error', message, undefined, false);
  },
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
