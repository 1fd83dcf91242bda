// The Log on a GitHub runner: lines and workflow commands through @actions/core. Two promises
// hold for every line, whatever it carries (a job message, a server's error body, a filename):
// - it is one line of text: a newline, a carriage return, or a leading `::` inside it cannot
//   start a workflow command (see `oneLine`);
// - secrets are taken out last, from the final text (see secrets.ts).
// GitHub shows at most 10 error, 10 warning and 10 notice annotations per step; past that they
// are plain log lines, and the job summary lists them all (`raised`).
import * as core from '@actions/core';
import type { AnnotationPlace, Log, Progress } from '../log.js';
import { redact } from '../secrets.js';

export const ANNOTATION_LIMIT = 10;
// What the summary lists; bounded, so a stream of bad events cannot grow memory without end.
const RECORD_LIMIT = 200;

export type AnnotationKind = 'error' | 'warning' | 'notice';

export interface RecordedAnnotation extends AnnotationPlace {
  readonly kind: AnnotationKind;
  readonly message: string;
}

export class ActionsLog implements Log {
  /** Every error, warning and notice this run raised (up to a bound). */
  readonly raised: RecordedAnnotation[] = [];
  /** How many more were raised than `raised` holds. */
  raisedLeftOut = 0;
  private readonly counts: Record<AnnotationKind, number> = { error: 0, warning: 0, notice: 0 };

  info(message: string): void {
    core.info(oneLine(message));
  }

  debug(message: string): void {
    core.debug(oneLine(message));
  }

  notice(message: string, place?: AnnotationPlace): void {
    this.annotate('notice', message, place);
  }

  warning(message: string, place?: AnnotationPlace): void {
    this.annotate('warning', message, place);
  }

  error(message: string, place?: AnnotationPlace): void {
    this.annotate('error', message, place);
  }

  group<T>(name: string, body: () => Promise<T>): Promise<T> {
    return core.group(oneLine(name), body);
  }

  /** The Actions log cannot redraw a line: each step that has one is printed. */
  progress(update: Progress): void {
    if (update.line !== undefined) this.info(update.line);
  }

  /** Fails the step; the message is the summary's headline, so it is not listed again there. */
  fail(message: string, place?: AnnotationPlace): void {
    process.exitCode = core.ExitCode.Failure;
    this.annotate('error', message, place, false);
  }

  setOutput(name: string, value: string): void {
    core.setOutput(name, redact(value));
  }

  private annotate(
    kind: AnnotationKind,
    message: string,
    place?: AnnotationPlace,
    record = true
  ): void {
    // Annotation text is escaped by @actions/core (%, CR, LF), so it cannot end the command.
    const text = redact(message);
    if (record) {
      if (this.raised.length < RECORD_LIMIT) this.raised.push({ kind, message: text, ...place });
      else this.raisedLeftOut++;
    }
    // The last error slot is kept for the step's failure message, which comes last.
    const limit = kind === 'error' && record ? ANNOTATION_LIMIT - 1 : ANNOTATION_LIMIT;
    if (this.counts[kind] < limit) {
      this.counts[kind]++;
      core[kind](text, toProperties(place));
    } else {
      const where = place?.file ? ` (${place.file}${place.line ? `:${place.line}` : ''})` : '';
      const label = kind === 'error' ? 'Error' : kind === 'warning' ? 'Warning' : 'Notice';
      core.info(oneLine(`${label}${where}: ${message}`));
    }
  }
}

/**
 * One log line that stays text: line breaks are shown as `\n` and `\r`, and a line that would
 * begin with a workflow command (`::`, or the old `##[` form, after any leading spaces, as the
 * runner reads them) is led by a zero-width space, which the runner does not trim. Redacted.
 */
export function oneLine(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, match => (match === '\r' ? '\\r' : '\\n'));
  const safe = /^\s*(::|##\[)/.test(flat) ? `\u200B${flat}` : flat;
  return redact(safe);
}

function toProperties(place?: AnnotationPlace): core.AnnotationProperties | undefined {
  if (!place) return undefined;
  return {
    ...(place.title ? { title: redact(place.title) } : {}),
    ...(place.file ? { file: place.file } : {}),
    ...(place.line ? { startLine: place.line } : {})
  };
}
