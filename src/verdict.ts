// The verdict of a run, from values alone: its status, the one sentence that says why it
// failed, the files the site may now lack, and what a GitHub deployment should say. Pure:
// the flow gathers the facts, this decides, tested without servers.
import { formatDuration, messageOf } from './format.js';
import { PlacedError, type AnnotationPlace } from './log.js';
import type { PublishResult } from './publish.js';
import type { RunStatus } from './report/run-report.js';
import type { ThemeSyncResult } from './theme/sync.js';

export interface RunFacts {
  readonly dryRun: boolean;
  readonly cancelled: boolean;
  /** What ended the run early (a bad input, an answer, a failed sync job), if anything did. */
  readonly error?: unknown;
  readonly sync?: ThemeSyncResult;
  readonly publish?: PublishResult;
  /** Every publish job started, in order. */
  readonly jobIds: readonly string[];
  readonly timeoutSeconds: number;
  /** What waiting for a GitHub Sync took of `timeout` before the publish began. */
  readonly syncWaitedMs?: number;
}

export type DeploymentOutcome = 'success' | 'failure' | 'error';

export interface Verdict {
  readonly status: RunStatus;
  /** Why the run failed, in one paragraph; undefined when it did not. */
  readonly failure?: string;
  /** Where the failure points in the repository, when it is about one place. */
  readonly failurePlace?: AnnotationPlace;
  /** The publish job's own error message, to pin on the theme file it names. */
  readonly jobError?: string;
  /** Files the site may no longer hold (their old copy deleted, no new one confirmed). */
  readonly missing: readonly string[];
  readonly deployment: DeploymentOutcome;
}

export function judgeRun(facts: RunFacts): Verdict {
  const missing = (facts.sync?.failed ?? []).filter(f => f.missingNow).map(f => f.filename);
  const missingNote = missing.length ? `; now missing on Siteleaf: ${missing.join(', ')}` : '';
  const failed = (failure: string, jobError?: string): Verdict => ({
    status: 'failed',
    failure,
    missing,
    deployment: facts.cancelled ? 'error' : 'failure',
    ...(jobError !== undefined ? { jobError } : {})
  });

  if (facts.cancelled) return failed(cancelledText(facts) + parenthesised(missingNote));
  if (facts.error !== undefined) {
    const verdict = failed(messageOf(facts.error) + parenthesised(missingNote));
    return facts.error instanceof PlacedError
      ? { ...verdict, failurePlace: facts.error.place }
      : verdict;
  }
  const failures = facts.sync?.failed.length ?? 0;
  if (failures > 0) {
    return failed(
      `${failures} theme file(s) could not be synced, so the site was not published` +
        `${missingNote}. Re-run the workflow to try again.`
    );
  }
  if (facts.dryRun) return { status: 'dry-run', missing, deployment: 'success' };
  const publish = facts.publish;
  if (!publish) return { status: 'skipped', missing, deployment: 'success' };
  switch (publish.result) {
    case 'queued':
      // Its outcome is not known; accepted by Siteleaf is what `wait: false` asks for.
      return { status: 'queued', missing, deployment: 'success' };
    case 'complete':
      return { status: 'complete', missing, deployment: 'success' };
    case 'failed': {
      const message = publish.last.message || `the job ended with status '${publish.last.status}'`;
      return failed(`Siteleaf publish job ${publish.jobId} failed: ${message}`, message);
    }
    case 'not-found':
      return failed(
        `Siteleaf no longer knows publish job ${publish.jobId} (${publish.message}): it expired ` +
          'or never existed, so whether this publish succeeded is unknown. Re-run the workflow.'
      );
    case 'timeout':
      return failed(
        `Publish job ${publish.jobId} did not finish within the timeout of ${facts.timeoutSeconds} s` +
          (facts.syncWaitedMs
            ? `, ${formatDuration(facts.syncWaitedMs)} of it spent waiting for the site's GitHub Sync`
            : '') +
          `${publish.last ? ` (last status: ${publish.last.status} ${publish.last.message})` : ''}. ` +
          'It may still finish on Siteleaf; raise the timeout input if publishes take longer.'
      );
    case 'stale':
      return failed(
        `Siteleaf kept handing back publish jobs that began before this run's uploads finished ` +
          `(${publish.rounds} in a row), so the new theme may not be live. Re-run the workflow.`
      );
  }
}

/** Names enough to recognise, however many files a run touched. */
const NAMES_IN_A_SENTENCE = 10;

function listNames(names: readonly string[]): string {
  if (names.length <= NAMES_IN_A_SENTENCE) return names.join(', ');
  const more = names.length - NAMES_IN_A_SENTENCE;
  return `${names.slice(0, NAMES_IN_A_SENTENCE).join(', ')} and ${more} more`;
}

function cancelledText(facts: RunFacts): string {
  const uploaded = facts.sync?.uploaded ?? [];
  const jobId = facts.jobIds[facts.jobIds.length - 1];
  return (
    `Cancelled. ${uploaded.length ? `Uploaded before stopping: ${listNames(uploaded)}.` : 'No file was uploaded.'} ` +
    (jobId
      ? `Publish job ${jobId} was started and goes on on Siteleaf.`
      : 'No publish was started.')
  );
}

function parenthesised(note: string): string {
  return note ? ` (${note.slice(2)})` : '';
}
