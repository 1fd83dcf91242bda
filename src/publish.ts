// Publish, follow the job, and make sure the job that passes the step began after this run's
// uploads: Siteleaf hands back a job that is already running instead of starting a new one.
import type { Log } from './log.js';
import type { SiteleafApi } from './siteleaf/api.js';
import { eventEpochSeconds, type JobEvent, type JobEventKind } from './siteleaf/job-events.js';
import { followJob, type JobOutcome, type JobStreamApi } from './siteleaf/job-follower.js';

export interface PublishOptions {
  readonly api: JobStreamApi & Pick<SiteleafApi, 'publish'>;
  readonly wait: boolean;
  /** Epoch ms past which no job is waited for (the `timeout` input, from the first request). */
  readonly deadline: number;
  /** Whole seconds of the `Date` of the last upload's answer; undefined when nothing was uploaded. */
  readonly lastUploadEpoch?: number;
  readonly idleTimeoutMs: number;
  readonly reopenDelayMs: number;
  readonly signal?: AbortSignal;
  readonly log: Log;
  readonly onJobStarted: (jobId: string, round: number) => void;
  readonly onEvent: (event: JobEvent, kind: JobEventKind) => void;
}

export type PublishResult =
  | { readonly result: 'queued'; readonly jobId: string }
  | (JobOutcome & { readonly jobId: string })
  | { readonly result: 'stale'; readonly jobId: string; readonly rounds: number };

// Each round waits for a job to end; more than this many stale ones means someone else keeps
// publishing this site, and the timeout would end it anyway.
const MAX_ROUNDS = 5;

export async function publishAndFollow(options: PublishOptions): Promise<PublishResult> {
  const { api, log } = options;
  for (let round = 1; ; round++) {
    const jobId = await api.publish();
    options.onJobStarted(jobId, round);
    if (!options.wait) return { result: 'queued', jobId };

    const outcome = await followJob({
      api,
      jobId,
      kind: 'publish',
      deadline: options.deadline,
      idleTimeoutMs: options.idleTimeoutMs,
      reopenDelayMs: options.reopenDelayMs,
      signal: options.signal,
      onEvent: options.onEvent,
      log
    });
    if (outcome.result === 'timeout' || outcome.result === 'not-found')
      return { ...outcome, jobId };
    if (!startedBeforeUploads(outcome.first, options.lastUploadEpoch)) return { ...outcome, jobId };
    if (round >= MAX_ROUNDS) return { result: 'stale', jobId, rounds: round };
    log.info(
      `Job ${jobId} was already under way before this run's uploads finished, so it may not ` +
        'include them; publishing again.'
    );
  }
}

/** The API gives no start time: the job's first event against the last upload's `Date`. */
export function startedBeforeUploads(
  first: JobEvent,
  lastUploadEpoch: number | undefined
): boolean {
  if (lastUploadEpoch === undefined) return false;
  const began = eventEpochSeconds(first);
  return began !== undefined && began < lastUploadEpoch;
}
