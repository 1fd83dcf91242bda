// The Log on a GitHub runner: lines and workflow commands on stdout, as @actions/core writes
// them. Two promises hold for every line, whatever it carries (a job message, a server's error
// body, a filename):
// - it is one line of text that starts no workflow command: the runner reads a line as ending
//   at a CR as well as at an LF, a `::command::` at its start (after blanks) and the old
//   `##[command]` form anywhere in it (see `oneLine` and `commandLine`);
// - secrets are taken out last, from the very text written, after every escape (secrets.ts).
// GitHub shows at most 10 error, 10 warning and 10 notice annotations per step; past that they
// are plain log lines, and the job summary lists them all (`raised`).
import { EOL } from 'node:os';
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

/** Where the lines go: stdout, which the runner reads. */
export type Writer = (text: string) => void;

const toStdout: Writer = text => void process.stdout.write(text);

export class ActionsLog implements Log {
  /** Every error, warning and notice this run raised (up to a bound). */
  readonly raised: RecordedAnnotation[] = [];
  /** How many more were raised than `raised` holds. */
  raisedLeftOut = 0;
  private readonly counts: Record<AnnotationKind, number> = { error: 0, warning: 0, notice: 0 };

  constructor(private readonly write: Writer = toStdout) {}

  info(message: string): void {
    this.write(`${oneLine(message)}${EOL}`);
  }

  /** Shown by the runner only with debug logging on (ACTIONS_STEP_DEBUG). */
  debug(message: string): void {
    this.write(`${commandLine('debug', undefined, message)}${EOL}`);
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

  async group<T>(name: string, body: () => Promise<T>): Promise<T> {
    this.write(`${commandLine('group', undefined, name)}${EOL}`);
    try {
      return await body();
    } finally {
      this.write(`::endgroup::${EOL}`);
    }
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
    const text = redact(message);
    if (record) {
      if (this.raised.length < RECORD_LIMIT) this.raised.push({ kind, message: text, ...place });
      else this.raisedLeftOut++;
    }
    // The last error slot is kept for the step's failure message, which comes last.
    const limit = kind === 'error' && record ? ANNOTATION_LIMIT - 1 : ANNOTATION_LIMIT;
    if (this.counts[kind] < limit) {
      this.counts[kind]++;
      this.write(`${commandLine(kind, place, text)}${EOL}`);
    } else {
      const where = place?.file ? ` (${place.file}${place.line ? `:${place.line}` : ''})` : '';
      const label = kind === 'error' ? 'Error' : kind === 'warning' ? 'Warning' : 'Notice';
      this.info(`${label}${where}: ${text}`);
    }
  }
}

/**
 * One log line that stays text: line breaks are shown as `\n` and `\r`, the old `##[` command
 * form is broken by a zero-width space wherever it appears, and a line that would begin with a
 * workflow command (`::`, after any leading blanks, as the runner reads it) is led by a
 * zero-width space, which the runner does not trim. Redacted before (a secret as it came) and
 * after (the text as written).
 */
export function oneLine(text: string): string {
  const flat = redact(text).replace(/\r\n|\r|\n/g, match => (match === '\r' ? '\\r' : '\\n'));
  return redact(defuseCommands(flat));
}

/**
 * What the runner trims before it looks for `::` (.NET's `TrimStart()`): the Unicode blanks,
 * which JavaScript's `\s` matches all but one of, U+0085 (NEL). (`\s` also matches U+FEFF,
 * which .NET keeps: leading such a line with a zero-width space does no harm.)
 */
const COMMAND_START = /^[\s\u0085]*::/;

/**
 * One physical line made text for the runner: the old `##[` form broken by a zero-width space
 * wherever it appears, and a line that would begin with `::` (after what the runner trims) led
 * by one, which the runner does not trim.
 */
export function defuseCommands(line: string): string {
  const legacySafe = breakLegacyCommands(line);
  return COMMAND_START.test(legacySafe) ? `\u200B${legacySafe}` : legacySafe;
}

/**
 * A workflow command line, escaped as @actions/core escapes it (`%`, CR and LF in the data;
 * also `:` and `,` in properties), with the old `##[` form broken, redacted last.
 */
export function commandLine(
  command: string,
  place: AnnotationPlace | undefined,
  message: string
): string {
  const properties = place
    ? [
        ['title', place.title],
        ['file', place.file],
        ['line', place.line === undefined ? undefined : String(place.line)]
      ]
        .filter((pair): pair is [string, string] => Boolean(pair[1]))
        .map(([key, value]) => `${key}=${escapeProperty(redact(value))}`)
        .join(',')
    : '';
  const line = `::${command}${properties ? ` ${properties}` : ''}::${escapeData(redact(message))}`;
  return redact(breakLegacyCommands(line));
}

/** The runner reads `##[command]` anywhere in a line: a zero-width space makes it text. */
function breakLegacyCommands(text: string): string {
  return text.replace(/##\[/g, '##\u200B[');
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
