// Progress on a terminal, read from what the flow already says: the upload's one line per file
// (`Uploaded assets/site.css (1.2 kB)`, `Replaced index.html`) becomes the live line
// `Uploading 12/60 … assets/site.css`, its total from the plan the run report already holds;
// between the settings and the plan (hashing the theme, listing the site) the live line says
// so. Off a terminal every line passes through unchanged: one line per file, as in the action.
//
// This knows the flow's group names and upload lines; `progress()` is the counter the flow
// can call instead once it reports progress itself (hashing has no line to count).
import type { AnnotationPlace, Log } from '../log.js';
import type { RunReport } from '../report/run-report.js';
import type { TerminalLog } from './terminal.js';

const UPLOAD_GROUP = 'Upload';
const UPLOAD_LINE = /^(?:Uploaded|Replaced) (.+?)(?: \(.*\))?$/;

export type ProgressPhase = 'hashing' | 'uploading';

export class ProgressLog implements Log {
  private upload: { done: number; total: number } | undefined;

  constructor(
    private readonly terminal: TerminalLog,
    private readonly report: RunReport,
    /** Whether this run hashes theme files (upload-theme). */
    private readonly hashes: boolean
  ) {}

  info(message: string): void {
    const uploaded = this.upload && this.terminal.isLive ? UPLOAD_LINE.exec(message) : null;
    if (uploaded && this.upload) {
      this.upload.done++;
      this.progress('uploading', this.upload.done, this.upload.total, uploaded[1]);
      return;
    }
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
    const plan = this.report.plan;
    if (name === UPLOAD_GROUP && plan) {
      this.upload = { done: 0, total: plan.upload.length + plan.replace.length };
    }
    let result: T;
    try {
      result = await this.terminal.group(name, async () => {
        if (this.upload) this.progress('uploading', 0, this.upload.total);
        return body();
      });
    } finally {
      this.upload = undefined;
      this.terminal.live(undefined);
    }
    // What comes after the settings (or a GitHub Sync) and before the plan: hashing.
    if (this.hashes && !this.report.plan) {
      this.terminal.live('Hashing theme files and listing the site …');
    }
    return result;
  }

  /** `Uploading 12/60 … assets/site.css` as the live line (on a terminal only). */
  progress(phase: ProgressPhase, done: number, total: number, item?: string): void {
    const verb = phase === 'hashing' ? 'Hashing' : 'Uploading';
    this.terminal.live(`${verb} ${done}/${total} …${item ? ` ${item}` : ''}`);
  }

  /** Takes the live line away (the run is over). */
  end(): void {
    this.terminal.live(undefined);
  }
}
