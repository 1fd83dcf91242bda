// What one event of the publish job stream means. Pure: no I/O, tested without servers.
import type { JobEventData } from './job-types.js';

export interface JobEvent {
  readonly status: string;
  readonly message: string;
  /** `updated_at` as sent (epoch seconds in a string), '' when absent. */
  readonly updatedAt: string;
}

export type JobEventKind = 'progress' | 'complete' | 'failed';

// Statuses that say the job is still going; every other status is final.
const PROGRESS_STATUSES = new Set(['working', 'queued', 'pending', 'running', 'started']);

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
  if (PROGRESS_STATUSES.has(event.status.toLowerCase())) return 'progress';
  return event.status.toLowerCase() === 'complete' ? 'complete' : 'failed';
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
 * the latest). Memory stays flat however long the job runs: events arrive in time order, so
 * it keeps only the newest `updated_at` and the events that carry it.
 */
export class ReplayFilter {
  private newest = -Infinity;
  private atNewest = new Set<string>();
  // Events without a usable time: remember a bounded window of recent ones.
  private readonly untimed: string[] = [];
  private static readonly UNTIMED_WINDOW = 256;

  // Final events are few (one per job, usually) and must never be lost to clock skew: one
  // stamped a second earlier than the last `working` event is still the job's end.
  private readonly finals = new Set<string>();

  isNew(event: JobEvent): boolean {
    const key = `${event.status}\u0000${event.message}\u0000${event.updatedAt}`;
    if (classifyJobEvent(event) !== 'progress') {
      if (this.finals.has(key)) return false;
      this.finals.add(key);
      this.remember(key, eventEpochSeconds(event));
      return true;
    }
    return this.remember(key, eventEpochSeconds(event));
  }

  /** True when `key` was not seen before; memory stays bounded (see the class comment). */
  private remember(key: string, seconds: number | undefined): boolean {
    if (seconds === undefined) {
      if (this.untimed.includes(key)) return false;
      this.untimed.push(key);
      if (this.untimed.length > ReplayFilter.UNTIMED_WINDOW) this.untimed.shift();
      return true;
    }
    if (seconds < this.newest) return false;
    if (seconds > this.newest) {
      this.newest = seconds;
      this.atNewest = new Set([key]);
      return true;
    }
    if (this.atNewest.has(key)) return false;
    this.atNewest.add(key);
    return true;
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}
