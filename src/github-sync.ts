// A site connected to GitHub with Siteleaf's GitHub Sync changes under us while a sync runs:
// the run follows that job (its lines marked `sync:`) to its end before it uploads or
// publishes, so it neither races the sync nor publishes a half-synced site.
import type { Log } from './log.js';
import { formatJobEvent } from './siteleaf/job-events.js';
import { followJob, type JobStreamApi } from './siteleaf/job-follower.js';

export interface WaitForSyncOptions {
  readonly deadline: number;
  readonly timeoutSeconds: number;
  readonly idleTimeoutMs: number;
  readonly reopenDelayMs: number;
  readonly signal: AbortSignal;
  readonly log: Log;
}

/** Follows a GitHub Sync job to its end; a failed (or unknown) sync stops the run. */
export async function waitForSync(
  api: JobStreamApi,
  jobId: string,
  options: WaitForSyncOptions
): Promise<void> {
  const { log, deadline, idleTimeoutMs, reopenDelayMs, signal } = options;
  const outcome = await log.group(`GitHub Sync under way: waiting for job ${jobId}`, () =>
    followJob({
      api,
      jobId,
      kind: 'sync',
      deadline,
      idleTimeoutMs,
      reopenDelayMs,
      signal,
      log,
      onEvent: event => log.info(`sync: ${formatJobEvent(event)}`)
    })
  );
  switch (outcome.result) {
    case 'complete':
      log.info(`GitHub Sync job ${jobId} finished; going on.`);
      return;
    case 'failed':
      throw new Error(
        `The site's GitHub Sync job ${jobId} failed (${outcome.last.message || outcome.last.status}), ` +
          'so nothing was uploaded or published. Fix the sync in Siteleaf, then re-run the workflow.'
      );
    case 'not-found':
      throw new Error(
        `Siteleaf no longer knows the site's GitHub Sync job ${jobId} (${outcome.message}), so ` +
          'whether the sync finished is unknown; nothing was uploaded or published. Re-run the workflow.'
      );
    case 'timeout':
      throw new Error(
        `The site's GitHub Sync job ${jobId} did not finish within the timeout of ` +
          `${options.timeoutSeconds} s, so nothing was uploaded or published.`
      );
  }
}
