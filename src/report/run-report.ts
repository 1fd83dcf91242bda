// What a run did, gathered as it goes by the flow (src/main.ts) alone, so the verdict, the
// outputs and the job summary are all written from one record, whether the run succeeds,
// fails, is cancelled or is a dry run.
import { headOf } from '../format.js';
import { redact } from '../secrets.js';
import type { AnnotationPlace } from '../log.js';
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
  /** Whether the run was asked to publish (`publish` input); a dry run says what it would do. */
  publishAsked?: boolean;
  /** The publish log, one line per job event (bounded: see `addJobLine`). */
  jobLog: string[];
  jobLogDropped: number;
  /** When this machine received the first and the latest event of the job the run ended on. */
  jobEvents?: { readonly jobId: string; readonly firstAt: number; lastAt: number };
  /** The theme file and line the publish job's error names, when it names one. */
  jobErrorPlace?: AnnotationPlace;
  /** Requests that had to be tried again. */
  retriedRequests: number;
  /** How long the run waited for a GitHub Sync under way: it spends `timeout` too. */
  syncWaitedMs?: number;
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
/**
 * A job line longer than this is cut where it is kept (the log printed it whole): a job may say
 * anything, and 400 lines of a megabyte each must not stay in memory.
 */
export const JOB_LINE_LIMIT = 2000;

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

/**
 * One event of the job the run follows (`report.jobId`): its line kept for the summary, and the
 * time it came, so the summary can say how long the job itself took.
 */
export function addJobEvent(report: RunReport, line: string, now = Date.now()): void {
  if (report.jobEvents?.jobId === report.jobId) report.jobEvents.lastAt = now;
  else report.jobEvents = { jobId: report.jobId, firstAt: now, lastAt: now };
  addJobLine(report, line);
}

/** Keeps the first and the latest lines of a long job, so memory stays flat. */
export function addJobLine(report: RunReport, line: string): void {
  const kept = line.length > JOB_LINE_LIMIT ? cutText(line, JOB_LINE_LIMIT) : line;
  if (report.jobLog.length < JOB_LOG_LIMIT) {
    report.jobLog.push(kept);
    return;
  }
  report.jobLogDropped++;
  // Keep the first half fixed, slide the second half.
  report.jobLog.splice(JOB_LOG_LIMIT / 2, 1);
  report.jobLog.push(kept);
}

/**
 * `text` cut to about `max` characters, with a note that says how much was left out and where
 * the whole of it is. Never cuts a surrogate pair in two, nor a secret: secrets are taken out
 * before the cut, since the half of one that a cut leaves is no longer recognised as one.
 */
export function cutText(text: string, max: number): string {
  const clean = redact(text);
  if (clean.length <= max) return clean;
  const head = headOf(clean, max);
  const left = clean.length - head.length;
  return `${head}… (${left.toLocaleString('en-US')} more characters cut here; the step's log has the whole text)`;
}
