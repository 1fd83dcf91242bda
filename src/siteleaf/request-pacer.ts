// Keeps this run under Siteleaf's request budget (500 requests per 5 minutes per client),
// so a large first sync slows down instead of being refused with 403s.
import { sleep } from '../sleep.js';

export interface PacerOptions {
  /** Requests allowed per window; a margin under the real limit leaves room for others' use. */
  readonly limit: number;
  readonly windowMs: number;
}

export const SITELEAF_RATE_LIMIT: PacerOptions = { limit: 480, windowMs: 5 * 60_000 };

/** What a pacer tells its owner; both optional. */
export interface PacerHooks {
  /** A request must wait this long for the window to move on (said before the wait). */
  readonly onPause?: (waitMs: number) => void;
  /** A request got its slot after waiting this long since it asked (0 most of the time). */
  readonly onWaited?: (waitedMs: number) => void;
}

/** Called when the request that holds a slot has been answered. Calling it again does nothing. */
export type ReleaseSlot = () => void;

/**
 * A request holds one of `limit` slots from its start until its answer, and the slot is free
 * again `windowMs` after that answer. The server counts a request somewhere between the two,
 * so counting from the answer means two requests in one slot never share the server's window,
 * whatever the latency, jitter or upload time. (Counting from the start let a burst of
 * `concurrency` requests arrive inside the window the previous burst was still in.)
 */
export class RequestPacer {
  // When the request in each slot was answered (pending while it is in flight), a ring buffer
  // oldest first: memory stays flat however many requests a run makes.
  private readonly slots: Array<Promise<number>> = [];
  private next = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: PacerOptions,
    private readonly hooks: PacerHooks = {},
    private readonly now: () => number = Date.now,
    private readonly pause: (ms: number, signal?: AbortSignal) => Promise<void> = sleep
  ) {}

  /** Resolves when one more request may start, with the function to call once it is answered. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    const asked = this.now();
    const turn = this.queue
      .then(() => this.take(signal))
      .then(release => {
        this.hooks.onWaited?.(this.now() - asked);
        return release;
      });
    // Callers are served in order; a cancelled waiter must not block the ones behind it.
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (this.slots.length === this.options.limit) {
      const answeredAt = await untilAborted(this.slots[this.next] as Promise<number>, signal);
      const waitMs = answeredAt + this.options.windowMs - this.now();
      if (waitMs > 0) {
        this.hooks.onPause?.(waitMs);
        await this.pause(waitMs, signal);
      }
    }
    let release: ReleaseSlot = () => {};
    const answered = new Promise<number>(resolve => (release = () => resolve(this.now())));
    if (this.slots.length < this.options.limit) this.slots.push(answered);
    else this.slots[this.next] = answered;
    this.next = (this.next + 1) % this.options.limit;
    return release;
  }
}

function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      }
    );
  });
}
