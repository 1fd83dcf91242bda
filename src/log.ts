// The one way every module writes to the run's log. The flow hands a `Log` to each module that
// speaks; what a line becomes (a workflow command on a runner, a coloured line in a terminal,
// nothing in a unit test) is the sink's business, never the module's.

/** Where a message points in the repository, for an annotation on that file and line. */
export interface AnnotationPlace {
  /** Path from the repository root. */
  readonly file?: string;
  readonly line?: number;
  readonly title?: string;
}

/** Where a long piece of work stands: `Uploading 12/60 … assets/site.css`. */
export interface Progress {
  readonly phase: 'hashing' | 'uploading';
  readonly done: number;
  readonly total: number;
  /** The file just done. */
  readonly item?: string;
  /** The log line for it, where the sink prints one line per file (`Uploaded x (1.2 kB)`). */
  readonly line?: string;
}

export interface Log {
  /** A line of the log: progress, facts, retries. */
  info(message: string): void;
  /** Only shown when debug logging is on (ACTIONS_STEP_DEBUG, `--verbose`). */
  debug(message: string): void;
  /** Worth a glance, needs no action (one per run at most, by convention). */
  notice(message: string, place?: AnnotationPlace): void;
  /** Something the user must act on; the run may still pass. */
  warning(message: string, place?: AnnotationPlace): void;
  /** Something that failed; the run's own failure is said once more at its end. */
  error(message: string, place?: AnnotationPlace): void;
  /** A folded section of the log around `body`. */
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
  /**
   * A step of long work: a live line on a terminal, or the step's own `line` (if any) where
   * lines cannot be redrawn (the Actions log, a CI log, a pipe).
   */
  progress(update: Progress): void;
}

/** A Log that drops everything: for unit tests, and for work whose words nobody reads. */
export const silentLog: Log = {
  info: () => {},
  debug: () => {},
  notice: () => {},
  warning: () => {},
  error: () => {},
  group: (_name, body) => body(),
  progress: () => {}
};

/** An error about one place in the repository (a line of `_config.yml`): annotated there. */
export class PlacedError extends Error {
  override readonly name = 'PlacedError';
  constructor(
    message: string,
    readonly place: AnnotationPlace,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}
