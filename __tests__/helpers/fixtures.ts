// Hand-built values the unit tests share: local and remote files, plans, sync results, run
// reports, and a Log that records what a module said.
import type { AnnotationPlace, Log } from '../../src/log.js';
import { createRunReport, type RunReport, type RunStatus } from '../../src/report/run-report.js';
import type { RemoteFile, RemoteRole } from '../../src/siteleaf/api.js';
import type { ChecksummedFile } from '../../src/theme/checksum.js';
import type { ThemeSyncPlan } from '../../src/theme/plan.js';
import type { ThemeSyncResult } from '../../src/theme/sync.js';
import type { Verdict } from '../../src/verdict.js';

/** 2023-11-14T22:13:20Z: the start of every hand-built report. */
export const T0 = 1_700_000_000_000;

export function localFile(
  filename: string,
  opts: { size?: number; checksum?: string } = {}
): ChecksummedFile {
  return {
    filename,
    absolutePath: `/ws/theme/${filename}`,
    size: opts.size ?? 10,
    checksum: opts.checksum ?? 'a'.repeat(32)
  };
}

export function remoteFile(
  filename: string,
  opts: { checksum?: string | null; role?: RemoteRole; type?: string; id?: string } = {}
): RemoteFile {
  const role = opts.role ?? 'file';
  return {
    filename,
    checksum: opts.checksum === undefined ? 'b'.repeat(32) : opts.checksum,
    role,
    type: opts.type ?? (role === 'file' ? 'asset' : role === 'config' ? 'site' : 'page'),
    ...(opts.id !== undefined ? { id: opts.id } : {})
  };
}

/** A plan from filenames alone: each list's files with a remote copy where the list has one. */
export function planOf(p: {
  upload?: string[];
  replace?: string[];
  unchanged?: string[];
  kept?: string[];
  duplicates?: string[];
  prune?: string[];
}): ThemeSyncPlan {
  return {
    upload: (p.upload ?? []).map(f => localFile(f)),
    replace: (p.replace ?? []).map(f => ({
      file: localFile(f),
      previous: [remoteFile(f, { id: `id-${f}` })]
    })),
    unchanged: (p.unchanged ?? []).map(f => ({ file: localFile(f), remote: remoteFile(f) })),
    kept: (p.kept ?? []).map(f => ({
      file: localFile(f),
      remote: remoteFile(f, { role: 'content', type: 'page' })
    })),
    duplicates: (p.duplicates ?? []).map(f => remoteFile(f, { id: `dup-${f}` })),
    prune: (p.prune ?? []).map(f => remoteFile(f, { id: `id-${f}` }))
  };
}

export function emptyPlan(): ThemeSyncPlan {
  return planOf({});
}

export function syncResultOf(s: Partial<ThemeSyncResult>): ThemeSyncResult {
  return {
    uploaded: [],
    replaced: [],
    pruned: [],
    duplicatesRemoved: [],
    failed: [],
    restored: [],
    renamed: [],
    ...s
  };
}

/** A verdict as judgeRun gives it, for tests of what is written from one. */
export function verdictOf(status: RunStatus, failure?: string): Verdict {
  return {
    status,
    missing: [],
    deployment: status === 'failed' ? 'failure' : 'success',
    ...(failure !== undefined ? { failure } : {})
  };
}

/** A fresh run report (started at T0) with `fields` over it. */
export function reportOf(fields: Partial<RunReport>): RunReport {
  return { ...createRunReport(T0), ...fields };
}

export type LogLevel = 'info' | 'debug' | 'notice' | 'warning' | 'error' | 'group' | 'progress';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly place?: AnnotationPlace;
}

/** A Log that keeps every line, in order. */
export interface RecordingLog extends Log {
  readonly entries: LogEntry[];
  /** The messages of one level, in order. */
  messages(level: LogLevel): string[];
  /** Every message of every level, for "never says X anywhere" checks. */
  all(): string;
}

export function recordingLog(): RecordingLog {
  const entries: LogEntry[] = [];
  const add = (level: LogLevel) => (message: string, place?: AnnotationPlace) => {
    entries.push({ level, message, ...(place ? { place } : {}) });
  };
  return {
    entries,
    info: add('info'),
    debug: add('debug'),
    notice: add('notice'),
    warning: add('warning'),
    error: add('error'),
    group: <T>(name: string, body: () => Promise<T>) => {
      entries.push({ level: 'group', message: name });
      return body();
    },
    // A step's line is what the Actions log prints for it: recorded as an info line too.
    progress: update => {
      entries.push({
        level: 'progress',
        message: `${update.phase} ${update.done}/${update.total}${update.item ? ` ${update.item}` : ''}`
      });
      if (update.line !== undefined) entries.push({ level: 'info', message: update.line });
    },
    messages: level => entries.filter(e => e.level === level).map(e => e.message),
    all: () =>
      entries
        .map(e => `${e.level}: ${e.message} ${e.place ? JSON.stringify(e.place) : ''}`)
        .join('\n')
  };
}
