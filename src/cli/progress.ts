// Progress on a terminal: the flow's progress steps (files hashed, files uploaded) become the
// live line `Uploading 12/60 … assets/site.css`, redrawn in place; between the settings and
// the plan (listing the site) the live line says so. Off a terminal each step's own line is
// printed instead: one line per file, as in the action.
import type { AnnotationPlace, Log, Progress } from '../log.js';
import type { RunReport } from '../report/run-report.js';
import type { TerminalLog } from './terminal.js';

export class ProgressLog implements Log {
  constructor(
    private readonly terminal: TerminalLog,
    private readonly report: RunReport,
    /** Whether this run hashes theme files (upload-theme). */
    private readonly hashes: boolean
  ) {}

  info(message: string): void {
    this.terminal.info(message);
  }

  debug(message: string): void {
    this.terminal.debug(message);
  }

  notice(message: string, place?: AnnotationPlace): void {
    this.terminal.notice(message, place);
  }

  warning(message: string, place?: AnnotationPlace): void {
    this.terminal.warning(message, place);
  }

  error(message: string, place?: AnnotationPlace): void {
    this.terminal.error(message, place);
  }

  async group<T>(name: string, body: () => Promise<T>): Promise<T> {
    this.terminal.live(undefined);
    let result: T;
    try {
      result = await this.terminal.group(name, body);
    } finally {
      this.terminal.live(undefined);
    }
    // What comes after the settings (or a GitHub Sync) and before the plan: hashing.
    if (this.hashes && !this.report.plan) {
      this.terminal.live('Hashing theme files and listing the site …');
    }
    return result;
  }

  progress(update: Progress): void {
    this.terminal.progress(update);
  }

  /** Takes the live line away (the run is over). */
  end(): void {
    this.terminal.live(undefined);
  }
}
