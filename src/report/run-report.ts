// What a run did, gathered as it goes by the flow (src/main.ts) alone, so the verdict, the
// outputs and the job summary are all written from one record, whether the run succeeds,
// fails, is cancelled or is a dry run.
import type { ApiVersion } from '../siteleaf/api.js';
import type { PublishResult } from '../publish.js';
import type { ThemeSyncPlan } from '../theme/plan.js';
import type { ThemeSyncResult } from '../theme/sync.js';
import type { RecordedAnnotation } from './actions-log.js';
import type { Verdict } from '../verdict.js';

export type RunStatus = 'complete' | 'failed' | 'queued' | 'skipped' | 'dry-run';

export interface RunReport {
  readonly startedAt: number;
  finishedAt?: number;
  /** The API this run spoke, once known. */
  apiVersion?: ApiVersion;
  /** Whether `auto` found it (false: the input set it). */
  apiDetected?: boolean;
  siteTitle: string;
  siteUrl: string;
  /** The publish job this run ended on ('' when none). */
  jobId: string;
  /** Every publish job this run waited on, in order (a stale one first, then ours). */
  jobIds: string[];
  plan?: ThemeSyncPlan;
  sync?: ThemeSyncResult;
  publish?: PublishResult;
  /** The publish log, one line per job event (bounded: see `addJobLine`). */
  jobLog: string[];
  jobLogDropped: number;
  /** Requests that had to be tried again. */
  retriedRequests: number;
  /** What ended the run early: a bad input, an answer, a failed sync job. */
  error?: unknown;
  cancelled: boolean;
  /** Set once the run is over. */
  verdict?: Verdict;
  /** Every error and warning raised, for the summary (GitHub shows only 10 of each). */
  problems: RecordedAnnotation[];
  problemsLeftOut: number;
}

const JOB_LOG_LIMIT = 400;

export function createRunReport(now = Date.now()): RunReport {
  return {
    startedAt: now,
    siteTitle: '',
    siteUrl: '',
    jobId: '',
    jobIds: [],
    jobLog: [],
    jobLogDropped: 0,
    retriedRequests: 0,
    cancelled: false,
    problems: [],
    problemsLeftOut: 0
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
