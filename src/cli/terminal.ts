// The Log for a terminal or a CI log that is not GitHub's: plain lines, no workflow commands.
// Groups are headings (`==> Upload`), problems read `error: theme/_layouts/default.html:6: …`
// as compilers print them, colour only on a terminal and never with NO_COLOR, and a live line
// (progress) that is redrawn in place on a terminal and never written anywhere else.
//
// Whatever a line carries (a job's message, a server's error body, a filename), it stays text:
// control characters are shown escaped (an ESC from a server cannot recolour or rewrite the
// terminal), a line break starts an indented continuation line (it cannot pass for a line of
// its own), a line that would begin a GitHub workflow command is defused (the command may
// run in a GitHub `run:` step), and secrets are taken out last, from the final text.
import { truncate } from '../format.js';
import type { AnnotationPlace, Log, Progress } from '../log.js';
import { defuseCommands } from '../report/actions-log.js';
import { redact } from '../secrets.js';

/** A stream to write to: process.stdout, process.stderr, or a test's stand-in. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Colour on a terminal, unless NO_COLOR is set (to anything but '') or TERM is dumb. */
export function colourWanted(stream: Output, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'green';

const SGR: Record<Style, readonly [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  green: [32, 39]
};

export function paint(text: string, style: Style, colour: boolean): string {
  if (!colour) return text;
  const [on, off] = SGR[style];
  return `\x1b[${on}m${text}\x1b[${off}m`;
}

/** Control characters other than tab and line breaks, C1 included, and DEL. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

/**
 * The physical lines of a message, each safe to print: secrets out, control characters
 * escaped (`\u001b`), and nothing GitHub's runner would read as a command (the command may run
 * in a workflow's `run:` step): see defuseCommands.
 */
export function safeLines(text: string): string[] {
  return redact(text)
    .split(/\r\n|\r|\n/)
    .map(line => line.replace(CONTROL, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .map(defuseCommands);
}

export type ProblemKind = 'error' | 'warning' | 'notice';

const PROBLEM_STYLE: Record<ProblemKind, Style> = {
  error: 'red',
  warning: 'yellow',
  notice: 'cyan'
};

/** `error: theme/_layouts/default.html:6: message`, as compilers and linters print them. */
export function formatProblem(
  kind: ProblemKind,
  message: string,
  place: AnnotationPlace | undefined,
  colour: boolean
): string {
  const where = place?.file ? `${place.file}${place.line ? `:${place.line}` : ''}: ` : '';
  const label = `${kind}: `;
  return indentContinuations(
    `${paint(`${kind}:`, PROBLEM_STYLE[kind], colour)} ${where}`,
    label.length,
    message
  );
}

/** `prefix` + the message's first line, later lines indented by `indent` spaces. */
function indentContinuations(prefix: string, indent: number, message: string): string {
  const [first = '', ...rest] = safeLines(message);
  return [prefix + first, ...rest.map(line => ' '.repeat(indent) + line)].join('\n');
}

export interface TerminalOptions {
  /** Lines, headings, notices, debug lines and the live line. */
  readonly log: Output;
  /** Warnings and errors. */
  readonly problems: Output;
  readonly logColour: boolean;
  readonly problemsColour: boolean;
  /** Draw the live line (the log stream is a terminal). */
  readonly live: boolean;
  /** Print debug lines. */
  readonly verbose: boolean;
}

export class TerminalLog implements Log {
  private liveText: string | undefined;
  private liveShown = false;
  private wroteAnything = false;

  constructor(private readonly options: TerminalOptions) {}

  /** Whether a live line is drawn (else it is dropped: the caller writes lines instead). */
  get isLive(): boolean {
    return this.options.live;
  }

  info(message: string): void {
    this.write(this.options.log, indentContinuations('', 2, message));
  }

  /** `Uploading 12/60 … assets/site.css` as the live line on a terminal; else the step's line. */
  progress({ phase, done, total, item, line }: Progress): void {
    if (!this.options.live) {
      if (line !== undefined) this.info(line);
      return;
    }
    const verb = phase === 'hashing' ? 'Hashing' : 'Uploading';
    this.live(`${verb} ${done}/${total} …${item ? ` ${item}` : ''}`);
  }

  debug(message: string): void {
    if (!this.options.verbose) return;
    const text = indentContinuations('debug: ', 7, message);
    this.write(this.options.log, paint(text, 'dim', this.options.logColour));
  }

  notice(message: string, place?: AnnotationPlace): void {
    this.write(this.options.log, formatProblem('notice', message, place, this.options.logColour));
  }

  warning(message: string, place?: AnnotationPlace): void {
    this.problem('warning', message, place);
  }

  error(message: string, place?: AnnotationPlace): void {
    this.problem('error', message, place);
  }

  async group<T>(name: string, body: () => Promise<T>): Promise<T> {
    const heading = paint(`==> ${safeLines(name).join(' ')}`, 'bold', this.options.logColour);
    this.write(this.options.log, `${this.wroteAnything ? '\n' : ''}${heading}`);
    return body();
  }

  /** A line on the problems stream, without a label (the cancellation report). */
  say(message: string): void {
    this.write(this.options.problems, indentContinuations('', 2, message));
  }

  /** A line of the log in a colour (the result line). */
  result(message: string, style: 'green' | 'red'): void {
    this.write(
      this.options.log,
      paint(safeLines(message).join(' '), style, this.options.logColour)
    );
  }

  /** Sets (or, with undefined, clears) the live line; nothing happens unless `isLive`. */
  live(text: string | undefined): void {
    if (!this.options.live) return;
    this.liveText = text === undefined ? undefined : safeLines(text).join(' ');
    this.clearLive();
    this.drawLive();
  }

  private problem(kind: 'warning' | 'error', message: string, place?: AnnotationPlace): void {
    this.write(
      this.options.problems,
      formatProblem(kind, message, place, this.options.problemsColour)
    );
  }

  private write(stream: Output, text: string): void {
    this.clearLive();
    this.wroteAnything = true;
    stream.write(`${redact(text)}\n`);
    this.drawLive();
  }

  private clearLive(): void {
    if (!this.liveShown) return;
    this.options.log.write('\r\x1b[2K');
    this.liveShown = false;
  }

  private drawLive(): void {
    if (this.liveText === undefined || !this.options.live) return;
    // One row, never wrapped: a wrapped line cannot be taken back with a carriage return.
    const width = Math.max(20, (this.options.log.columns || 80) - 1);
    const text = truncate(this.liveText, width);
    this.options.log.write(redact(paint(text, 'dim', this.options.logColour)));
    this.liveShown = true;
  }
}
