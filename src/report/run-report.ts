// What a run did, gathered as it goes, so outputs and the job summary are written from one
// record whether the run succeeds, fails, is cancelled or is a dry run.
import type { ThemeSyncPlan } from '../theme/plan.js';
import type { RecordedAnnotation } from './log.js';
import type { ThemeSyncResult } from '../theme/sync.js';

export type RunStatus = 'complete' | 'failed' | 'queued' | 'skipped' | 'dry-run';

/** An error or warning the run raised, as the log recorded it. */
export type ReportedProblem = RecordedAnnotation;

export interface RunReport {
  readonly startedAt: number;
  status?: RunStatus;
  siteUrl: string;
  jobId: string;
  /** Every job this run waited on, in order (a stale one first, then ours). */
  jobIds: string[];
  plan?: ThemeSyncPlan;
  sync?: ThemeSyncResult;
  /** The publish log, one line per job event (bounded: see `addJobLine`). */
  jobLog: string[];
  jobLogDropped: number;
  /** Every error and warning raised, for the summary (GitHub shows only 10 of each). */
  problems: ReportedProblem[];
  problemsLeftOut: number;
  cancelled: boolean;
  /** The one-line reason the step failed, if it did. */
  failure?: string;
}

const JOB_LOG_LIMIT = 400;

export function createRunReport(now = Date.now()): RunReport {
  return {
    startedAt: now,
    siteUrl: '',
    jobId: '',
    jobIds: [],
    jobLog: [],
    jobLogDropped: 0,
    problems: [],
    problemsLeftOut: 0,
    cancelled: false
  };
}

/** Keeps the first and the latest lines of a long job, so memory stays flat. */
export function addJobLine(report: RunReport, line: string): void {
  if (report.jobLog.length < JOB_LOG_LIMIT) {
    report.jobLog.push(line);
    return;
  }
  report.jobLogDropped++;
  // Keep the first half fixed, slide the second half.
  report.jobLog.splice(JOB_LOG_LIMIT / 2, 1);
  report.jobLog.push(line);
}
