// Follows a job's Server-Sent Events stream (a publish, or a GitHub Sync on v2) to a final
// status: reopens a stream that closes or stalls, never reports an event twice, and gives up
// at the deadline. Which paths to read and what a gone job's end was are the API's to say.
import { createParser } from 'eventsource-parser';
import type { Log } from '../log.js';
import type { JobKind, JobOutcomeOnSite, SiteleafApi } from './api.js';
import { CancelledError, serverMessageFromBody } from './errors.js';
import { discard, type StreamAnswer } from './http.js';
import {
  ReplayFilter,
  classifyJobEvent,
  parseJobEventData,
  type JobEvent,
  type JobEventKind
} from './job-events.js';
import { sleep } from '../sleep.js';

export type JobStreamApi = Pick<
  SiteleafApi,
  'openJobStream' | 'jobStreamPaths' | 'jobOutcomeOnSite'
>;

export interface FollowJobOptions {
  readonly api: JobStreamApi;
  readonly jobId: string;
  readonly kind: JobKind;
  /** Epoch ms past which the job is given up on (the `timeout` input). */
  readonly deadline: number;
  /** A stream silent this long is taken as stalled and reopened. */
  readonly idleTimeoutMs: number;
  /** Pause before reopening a stream (doubles per reopen without news, up to 8×). */
  readonly reopenDelayMs: number;
  readonly signal?: AbortSignal;
  /** Called once per event not seen before, in order. */
  readonly onEvent: (event: JobEvent, kind: JobEventKind) => void;
  readonly log: Log;
}

export type JobOutcome =
  | { readonly result: 'complete'; readonly last: JobEvent; readonly first: JobEvent }
  | { readonly result: 'failed'; readonly last: JobEvent; readonly first: JobEvent }
  | { readonly result: 'not-found'; readonly message: string; readonly first?: JobEvent }
  | { readonly result: 'timeout'; readonly first?: JobEvent; readonly last?: JobEvent };

export async function followJob(options: FollowJobOptions): Promise<JobOutcome> {
  const { api, jobId, kind, deadline, signal } = options;
  const paths = api.jobStreamPaths(jobId);
  const cancelled = () => new CancelledError(`Following the ${kind} job`);
  const filter = new ReplayFilter();
  let pathIndex = 0;
  let first: JobEvent | undefined;
  let last: JobEvent | undefined;
  let final: { kind: JobEventKind; event: JobEvent } | undefined;
  let quietReopens = 0;

  const accept = (data: string): void => {
    const parsed = parseJobEventData(data);
    if ('problem' in parsed) return options.log.warning(parsed.problem);
    const { event } = parsed;
    if (!filter.isNew(event)) return;
    first ??= event;
    last = event;
    quietReopens = 0;
    const kind = classifyJobEvent(event);
    options.onEvent(event, kind);
    if (kind !== 'progress') final = { kind, event };
  };

  for (;;) {
    if (signal?.aborted) throw cancelled();
    if (Date.now() >= deadline) return { result: 'timeout', first, last };

    const attempt = new AbortController();
    const stop = (why: 'deadline' | 'idle' | 'cancelled') => attempt.abort(why);
    const onCancel = () => stop('cancelled');
    signal?.addEventListener('abort', onCancel, { once: true });
    const deadlineTimer = setTimeout(() => stop('deadline'), Math.max(0, deadline - Date.now()));
    let idleTimer: NodeJS.Timeout | undefined;
    const touch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => stop('idle'), options.idleTimeoutMs);
    };
    let stream: StreamAnswer | undefined;
    let reason: string;
    try {
      const jobPath = paths[pathIndex] as string;
      stream = await api.openJobStream(jobPath, attempt.signal);
      if (stream.statusCode === 404 && pathIndex + 1 < paths.length) {
        discard(stream.body);
        pathIndex++;
        options.log.info(`${jobPath} answered 404; trying ${paths[pathIndex]}.`);
        continue;
      }
      if (stream.statusCode === 404 || stream.statusCode === 410) {
        const message = await readRefusal(stream);
        // A job this run saw working, gone before its end reached us: the site may remember.
        const onSite = first ? await api.jobOutcomeOnSite(jobId, kind) : undefined;
        if (onSite) return outcomeFromSite(onSite, first as JobEvent);
        return { result: 'not-found', message: `HTTP ${stream.statusCode}: ${message}`, first };
      }
      touch();
      const parser = createParser({ onEvent: message => accept(message.data) });
      const decoder = new TextDecoder();
      for await (const chunk of stream.body) {
        touch();
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (final) break;
      }
      if (final) return finish(final, first as JobEvent);
      reason = 'closed before the job finished';
    } catch (error) {
      const why = attempt.signal.reason as unknown;
      if (why === 'cancelled' || signal?.aborted) throw cancelled();
      if (why === 'deadline') return { result: 'timeout', first, last };
      if (final) return finish(final, first as JobEvent);
      if (why === 'idle') {
        reason = `stalled (no data for ${Math.round(options.idleTimeoutMs / 1000)} s)`;
      } else if (stream) {
        reason = `broke off (${(error as Error).message})`;
      } else {
        throw error; // opening failed even after the client's retries
      }
    } finally {
      clearTimeout(deadlineTimer);
      clearTimeout(idleTimer);
      signal?.removeEventListener('abort', onCancel);
      if (stream) discard(stream.body);
    }

    quietReopens++;
    options.log.info(`The job stream ${reason}; reopening it.`);
    const pause = Math.min(
      options.reopenDelayMs * 2 ** Math.min(quietReopens - 1, 3),
      Math.max(0, deadline - Date.now())
    );
    await sleep(pause, signal).catch(() => {
      throw cancelled();
    });
  }
}

function finish(final: { kind: JobEventKind; event: JobEvent }, first: JobEvent): JobOutcome {
  return final.kind === 'complete'
    ? { result: 'complete', last: final.event, first }
    : { result: 'failed', last: final.event, first };
}

function outcomeFromSite(onSite: JobOutcomeOnSite, first: JobEvent): JobOutcome {
  const last: JobEvent =
    onSite.status === 'complete'
      ? { status: 'complete', message: 'The site reports the job complete', updatedAt: '' }
      : { status: 'error', message: onSite.message, updatedAt: '' };
  return { result: onSite.status === 'complete' ? 'complete' : 'failed', last, first };
}

/** A 404/410 answer: Siteleaf sends errors on this endpoint as SSE too, sometimes as JSON. */
async function readRefusal(stream: StreamAnswer): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream.body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length > 10_000) break;
  }
  let message = '';
  createParser({
    onEvent: event => {
      const parsed = parseJobEventData(event.data);
      if ('event' in parsed && parsed.event.message) message ||= parsed.event.message;
    }
  }).feed(`${text}\n\n`);
  return message || serverMessageFromBody(text) || 'Job not found';
}
