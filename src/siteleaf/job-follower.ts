// Follows a job's Server-Sent Events stream (a publish, or a GitHub Sync on v2) to a final
// status: reopens a stream that closes or stalls, never reports an event twice, and gives up
// at the deadline, whatever the stream answers in between (errors are retried by the client
// until the deadline; a 200 that is not an event stream is said, and read if it can be).
// Which paths to read and what a gone job's end was are the API's to say.
//
// What is final: `complete` passes, `error` (and its kin) fails, and a status this action does
// not know is progress while more events follow it, and final when the job ends on it: the
// server closes the stream after it, and a reopened stream ends on it again.
import { createParser } from 'eventsource-parser';
import { formatDuration, messageOf } from '../format.js';
import type { Log } from '../log.js';
import type { JobKind, JobOutcomeOnSite, SiteleafApi } from './api.js';
import { CancelledError, serverMessageFromBody } from './errors.js';
import { discard, headerValue, type StreamAnswer } from './http.js';
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
  'openJobStream' | 'jobStreamPaths' | 'jobOutcomeOnSite' | 'jobEventName'
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

/** A 200 that is not an event stream is read up to this much. */
const NOT_A_STREAM_LIMIT = 64 * 1024;

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
  // The last event of the current connection, replayed or not: what a stream closed on.
  const connection: { last?: JobEvent } = {};
  // An unknown status a stream closed on: final if a reopened stream closes on it again.
  let closedOnUnknown: JobEvent | undefined;
  let saidNotAStream = false;
  let saidOtherName = false;
  /** Events are read whatever they are named; a name the API does not use is said once. */
  const onMessage = (message: { event?: string; data: string }): void => {
    if (message.event !== api.jobEventName && !saidOtherName) {
      saidOtherName = true;
      const named =
        message.event === undefined
          ? 'sends unnamed events'
          : `names its events '${message.event}'`;
      options.log.info(
        `The job stream ${named} where '${api.jobEventName}' was expected; reading them all the same.`
      );
    }
    accept(message.data);
  };

  const accept = (data: string): void => {
    const parsed = parseJobEventData(data);
    if ('problem' in parsed) return options.log.warning(parsed.problem);
    const { event } = parsed;
    connection.last = event;
    if (!filter.isNew(event)) return;
    first ??= event;
    last = event;
    quietReopens = 0;
    closedOnUnknown = undefined; // news after it: it was progress
    const kind = classifyJobEvent(event);
    options.onEvent(event, kind);
    if (kind === 'complete' || kind === 'failed') final = { kind, event };
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
    let quiet = false; // a reason already said: not worth a line each time
    connection.last = undefined;
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
        // Gone right after a stream closed on an unknown status: the job ended on it.
        if (closedOnUnknown) return endedOnUnknown(closedOnUnknown, first as JobEvent);
        return { result: 'not-found', message: `HTTP ${stream.statusCode}: ${message}`, first };
      }
      touch();
      const parser = createParser({ onEvent: onMessage });
      const type = headerValue(stream.headers['content-type']) ?? '';
      if (!/^text\/event-stream\b/i.test(type)) {
        // A proxy's page, a cache, an API answering JSON: say so, and read it if it can be.
        const text = await readUpTo(stream, NOT_A_STREAM_LIMIT, touch);
        const what = `answered HTTP ${stream.statusCode} with ${type || 'no content type'}, not an event stream`;
        quiet = saidNotAStream;
        if (!saidNotAStream) {
          saidNotAStream = true;
          const said = serverMessageFromBody(text);
          options.log.warning(`The ${kind} job's stream ${what}${said ? `: ${said}` : ''}.`);
        }
        readNotAStream(text, accept, parser);
        if (final) return finish(final, first as JobEvent);
        reason = what;
      } else {
        const decoder = new TextDecoder();
        for await (const chunk of stream.body) {
          touch();
          parser.feed(decoder.decode(chunk, { stream: true }));
          if (final) break;
        }
        if (final) return finish(final, first as JobEvent);
        reason = 'closed before the job finished';
      }
      // Closed on a status this action does not know: if it does so again, the job ended on it.
      const closedOn = connection.last as JobEvent | undefined; // set by accept()
      if (closedOn && classifyJobEvent(closedOn) === 'unknown') {
        if (closedOnUnknown && sameEvent(closedOnUnknown, closedOn)) {
          return endedOnUnknown(closedOn, first as JobEvent);
        }
        closedOnUnknown = closedOn;
        reason = `closed after status '${closedOn.status}', which may be the job's end`;
        quiet = false;
      }
    } catch (error) {
      const why = attempt.signal.reason as unknown;
      if (why === 'cancelled' || signal?.aborted) throw cancelled();
      if (why === 'deadline') return { result: 'timeout', first, last };
      if (final) return finish(final, first as JobEvent);
      if (why === 'idle') {
        reason = `stalled (no data for ${formatDuration(options.idleTimeoutMs)})`;
      } else if (stream) {
        reason = `broke off (${messageOf(error)})`;
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
    if (!quiet) options.log.info(`The job stream ${reason}; reopening it.`);
    const pause = Math.min(
      options.reopenDelayMs * 2 ** Math.min(quietReopens - 1, 3),
      Math.max(0, deadline - Date.now())
    );
    await sleep(pause, signal).catch(() => {
      throw cancelled();
    });
  }
}

/** The job ended on a status this action does not know: a failure that names it. */
function endedOnUnknown(event: JobEvent, first: JobEvent): JobOutcome {
  const said = event.message ? `: ${event.message}` : '';
  const last = { ...event, message: `the job ended with status '${event.status}'${said}` };
  return { result: 'failed', last, first };
}

function sameEvent(a: JobEvent, b: JobEvent): boolean {
  return a.status === b.status && a.message === b.message && a.updatedAt === b.updatedAt;
}

/**
 * A 200 that is not an event stream: JSON with a `status` is one event (or a list of them),
 * text that reads as SSE is parsed as such; anything else carries no event.
 */
function readNotAStream(
  text: string,
  accept: (data: string) => void,
  parser: ReturnType<typeof createParser>
): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (/^(event|data):/m.test(text)) parser.feed(`${text}\n\n`);
    return;
  }
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    if (item && typeof item === 'object' && 'status' in item) accept(JSON.stringify(item));
  }
}

/** The body as text, up to `limit` characters. */
async function readUpTo(stream: StreamAnswer, limit: number, onChunk: () => void): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream.body) {
    onChunk();
    text += decoder.decode(chunk, { stream: true });
    if (text.length > limit) break;
  }
  return text;
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
  const text = await readUpTo(stream, 10_000, () => {});
  let message = '';
  createParser({
    onEvent: event => {
      const parsed = parseJobEventData(event.data);
      if ('event' in parsed && parsed.event.message) message ||= parsed.event.message;
    }
  }).feed(`${text}\n\n`);
  return message || serverMessageFromBody(text) || 'Job not found';
}
