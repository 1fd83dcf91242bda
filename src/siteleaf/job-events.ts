// What one event of the publish job stream means. Pure: no I/O, tested without servers.
import { truncate } from '../format.js';
import { createHash } from 'node:crypto';
import { redact } from '../secrets.js';
import type { JobEventData } from './job-types.js';

export interface JobEvent {
  readonly status: string;
  readonly message: string;
  /** `updated_at` as sent (epoch seconds in a string), '' when absent. */
  readonly updatedAt: string;
}

/**
 * `unknown`: a status this action does not know. It is progress when more events follow it, and
 * final (a failure, naming it) when the job ends on it: the follower decides which.
 */
export type JobEventKind = 'progress' | 'complete' | 'failed' | 'unknown';

// Statuses that say the job is still going.
const PROGRESS_STATUSES = new Set(['working', 'queued', 'pending', 'running', 'started']);
// Statuses that say the job failed (`error` is Siteleaf's own).
const FAILED_STATUSES = new Set(['error', 'failed', 'failure', 'cancelled', 'canceled', 'aborted']);

export type ParsedJobData = { event: JobEvent } | { problem: string };

/** Reads one `data:` payload; anything that is not the documented JSON is a `problem`. */
export function parseJobEventData(data: string): ParsedJobData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { problem: `The job stream sent data that is not JSON: ${shorten(data)}` };
  }
  const { status, message, updated_at } = (parsed ?? {}) as Partial<
    Record<keyof JobEventData, unknown>
  >;
  if (typeof status !== 'string' || !status) {
    return { problem: `The job stream sent an event without a status: ${shorten(data)}` };
  }
  return {
    event: {
      status,
      message: typeof message === 'string' ? message : '',
      updatedAt:
        typeof updated_at === 'string' || typeof updated_at === 'number' ? String(updated_at) : ''
    }
  };
}

export function classifyJobEvent(event: JobEvent): JobEventKind {
  // Siteleaf has reported failures as a message while the status still read `working`.
  if (/^Publish error/i.test(event.message)) return 'failed';
  const status = event.status.toLowerCase();
  if (PROGRESS_STATUSES.has(status)) return 'progress';
  if (status === 'complete') return 'complete';
  return FAILED_STATUSES.has(status) ? 'failed' : 'unknown';
}

/** `updated_at` in epoch seconds, when it is a number. */
export function eventEpochSeconds(event: JobEvent): number | undefined {
  return /^\d+(\.\d+)?$/.test(event.updatedAt) ? Math.floor(Number(event.updatedAt)) : undefined;
}

/** One log line per event: `12:01:03  working   Checking... /home`. */
export function formatJobEvent(event: JobEvent): string {
  const seconds = eventEpochSeconds(event);
  // A time past what Date can hold (server garbage) must not crash the stream: show dashes.
  const date = seconds === undefined ? undefined : new Date(seconds * 1000);
  const time =
    date && Number.isFinite(date.getTime()) ? date.toISOString().slice(11, 19) : '--:--:--';
  return `${time}  ${event.status.padEnd(8)}  ${event.message}`.trimEnd();
}

/**
 * Tells events not printed yet from the ones a reopened stream replays (all of them, or only
 * the latest). An event is its `status`, `message` and `updated_at`: nothing is assumed of the
 * order of times, so events whose `updated_at` goes backwards are each printed once.
 *
 * Memory stays flat however long the job runs: the events seen are kept in a Bloom filter of
 * fixed size (1 MiB), whose false positives, about one in 200 million events at 100,000
 * events, could only drop a progress line; events that end the job are kept exactly.
 */
export class ReplayFilter {
  private static readonly BITS = 2 ** 23;
  private static readonly HASHES = 8;
  private static readonly EXACT_LIMIT = 256;
  private bits: Uint8Array | undefined;
  // The events that end a job (or fail it) are few and must never be lost to a false positive.
  private readonly finals = new Set<string>();

  isNew(event: JobEvent): boolean {
    const key = `${event.status}\u0000${event.message}\u0000${event.updatedAt}`;
    const kind = classifyJobEvent(event);
    if ((kind === 'complete' || kind === 'failed') && this.finals.size < ReplayFilter.EXACT_LIMIT) {
      if (this.finals.has(key)) return false;
      this.finals.add(key);
      this.remember(key);
      return true;
    }
    return this.remember(key);
  }

  /** Adds `key` to the filter; true when it was not there before. */
  private remember(key: string): boolean {
    this.bits ??= new Uint8Array(ReplayFilter.BITS / 8);
    const digest = createHash('sha256').update(key).digest();
    let seen = true;
    for (let i = 0; i < ReplayFilter.HASHES; i++) {
      const bit = digest.readUInt32LE(i * 4) & (ReplayFilter.BITS - 1);
      const byte = bit >>> 3;
      const mask = 1 << (bit & 7);
      if (((this.bits[byte] as number) & mask) === 0) {
        seen = false;
        this.bits[byte] = (this.bits[byte] as number) | mask;
      }
    }
    return !seen;
  }
}

function shorten(text: string): string {
  // Secrets out before the cut: a cut must never leave half of one.
  const oneLine = redact(text).replace(/\s+/g, ' ').trim();
  return truncate(oneLine, 200);
}
