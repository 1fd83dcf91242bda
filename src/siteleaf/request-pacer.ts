// Keeps this run under Siteleaf's request budget (500 requests per 5 minutes per client),
// so a large first sync slows down instead of being refused with 403s.
import { sleep } from '../sleep.js';

export interface PacerOptions {
  /** Requests allowed per window; a margin under the real limit leaves room for others' use. */
  readonly limit: number;
  readonly windowMs: number;
}

export const SITELEAF_RATE_LIMIT: PacerOptions = { limit: 480, windowMs: 5 * 60_000 };

export class RequestPacer {
  // Start times of the last `limit` requests, oldest first: a ring buffer keeps memory flat.
  private readonly starts: number[] = [];
  private next = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: PacerOptions,
    private readonly onPause: (waitMs: number) => void = () => {},
    private readonly now: () => number = Date.now,
    private readonly pause: (ms: number, signal?: AbortSignal) => Promise<void> = sleep
  ) {}

  /** Resolves when one more request may start; callers are served in order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    // A cancelled waiter must not block the ones behind it.
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    if (this.starts.length === this.options.limit) {
      const oldest = this.starts[this.next] as number;
      const waitMs = oldest + this.options.windowMs - this.now();
      if (waitMs > 0) {
        this.onPause(waitMs);
        await this.pause(waitMs, signal);
      }
    }
    if (this.starts.length < this.options.limit) this.starts.push(this.now());
    else this.starts[this.next] = this.now();
    this.next = (this.next + 1) % this.options.limit;
  }
}
