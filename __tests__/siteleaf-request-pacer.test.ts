// RequestPacer keeps the run under Siteleaf's request budget: driven here by a fake clock.
import { describe, expect, it, jest } from '@jest/globals';
import { RequestPacer, SITELEAF_RATE_LIMIT } from '../src/siteleaf/request-pacer.js';
import { sleep } from '../src/sleep.js';

interface PendingSleep {
  ms: number;
  wake: () => void;
}

/** A clock that only moves when told, and a sleep the test wakes by hand. */
function manualTime() {
  const state = { now: 0, sleeps: [] as PendingSleep[] };
  const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry: PendingSleep = {
        ms,
        wake: () => {
          state.now += ms;
          resolve();
        }
      };
      state.sleeps.push(entry);
      signal?.addEventListener('abort', () => {
        state.sleeps.splice(state.sleeps.indexOf(entry), 1);
        reject(signal.reason);
      });
    });
  return { state, now: () => state.now, sleep };
}

/** Lets every queued promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A request answered the moment it starts: the slot counts from now. */
async function instant(pacer: RequestPacer, signal?: AbortSignal): Promise<void> {
  const release = await pacer.acquire(signal);
  release();
}

function track(promise: Promise<unknown>) {
  const t = { done: false, failed: undefined as unknown };
  promise.then(
    () => (t.done = true),
    error => (t.failed = error ?? 'rejected')
  );
  return t;
}

describe('RequestPacer', () => {
  it('lets `limit` requests through at once without pausing', async () => {
    const time = manualTime();
    const onPause = jest.fn();
    const pacer = new RequestPacer({ limit: 3, windowMs: 1000 }, { onPause }, time.now, time.sleep);
    await instant(pacer);
    await instant(pacer);
    await instant(pacer);
    expect(onPause).not.toHaveBeenCalled();
    expect(time.state.sleeps).toHaveLength(0);
  });

  it('makes request limit+1 wait until the oldest leaves the window', async () => {
    const time = manualTime();
    const onPause = jest.fn();
    const pacer = new RequestPacer({ limit: 2, windowMs: 1000 }, { onPause }, time.now, time.sleep);
    await instant(pacer); // t=0
    time.state.now = 300;
    await instant(pacer); // t=300

    time.state.now = 400;
    const third = track(instant(pacer));
    await settle();
    expect(third.done).toBe(false);
    expect(onPause).toHaveBeenCalledTimes(1);
    expect(onPause).toHaveBeenCalledWith(600); // 0 + 1000 - 400
    expect(time.state.sleeps.map(s => s.ms)).toEqual([600]);

    time.state.sleeps.shift()!.wake(); // now = 1000
    await settle();
    expect(third.done).toBe(true);

    // The next one waits for the request made at t=300.
    const fourth = track(instant(pacer));
    await settle();
    expect(fourth.done).toBe(false);
    expect(onPause).toHaveBeenLastCalledWith(300); // 300 + 1000 - 1000
  });

  it('does not pause once the window has passed', async () => {
    const time = manualTime();
    const onPause = jest.fn();
    const pacer = new RequestPacer({ limit: 2, windowMs: 1000 }, { onPause }, time.now, time.sleep);
    await instant(pacer);
    await instant(pacer);
    time.state.now = 1000;
    await instant(pacer);
    time.state.now = 5000;
    await instant(pacer);
    await instant(pacer);
    expect(onPause).not.toHaveBeenCalled();
  });

  it('never lets more than `limit` requests start in any window', async () => {
    const time = manualTime();
    const starts: number[] = [];
    const autoSleep = async (ms: number): Promise<void> => {
      time.state.now += ms;
    };
    const limit = 5;
    const windowMs = 1000;
    const pacer = new RequestPacer({ limit, windowMs }, {}, time.now, autoSleep);
    for (let i = 0; i < 40; i++) {
      await instant(pacer);
      starts.push(time.state.now);
      time.state.now += 37; // requests take a little time
    }
    for (const start of starts) {
      const inWindow = starts.filter(s => s >= start && s < start + windowMs);
      expect(inWindow.length).toBeLessThanOrEqual(limit);
    }
  });

  it('serves waiters in the order they asked', async () => {
    const time = manualTime();
    const autoSleep = async (ms: number): Promise<void> => {
      time.state.now += ms;
    };
    const pacer = new RequestPacer({ limit: 1, windowMs: 100 }, {}, time.now, autoSleep);
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map(i =>
        instant(pacer).then(() => {
          order.push(i);
        })
      )
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(time.state.now).toBe(500);
  });

  it('an aborted waiter rejects and does not block the ones behind it', async () => {
    const time = manualTime();
    const onPause = jest.fn();
    const pacer = new RequestPacer({ limit: 1, windowMs: 1000 }, { onPause }, time.now, time.sleep);
    await instant(pacer); // t=0, the only slot

    const controller = new AbortController();
    const cancelled = track(instant(pacer, controller.signal));
    const behind = track(instant(pacer));
    await settle();
    expect(time.state.sleeps).toHaveLength(1); // the cancelled one is waiting

    controller.abort(new Error('cancelled by test'));
    await settle();
    expect(cancelled.failed).toBeInstanceOf(Error);
    expect(cancelled.done).toBe(false);
    expect(behind.done).toBe(false);
    expect(time.state.sleeps).toHaveLength(1); // the one behind now waits in its place
    expect(time.state.sleeps[0]!.ms).toBe(1000);

    time.state.sleeps.shift()!.wake();
    await settle();
    expect(behind.done).toBe(true);
    expect(behind.failed).toBeUndefined();
  });

  it('an aborted waiter takes no slot', async () => {
    const time = manualTime();
    const onPause = jest.fn();
    const pacer = new RequestPacer({ limit: 1, windowMs: 1000 }, { onPause }, time.now, time.sleep);
    await instant(pacer); // t=0

    const controller = new AbortController();
    const cancelled = track(instant(pacer, controller.signal));
    await settle();
    time.state.now = 500;
    controller.abort();
    await settle();
    expect(cancelled.failed).toBeDefined();

    time.state.now = 1000; // the window has passed: the next request starts at once
    await instant(pacer);
    expect(time.state.sleeps).toHaveLength(0);
  });

  it('counts a slot from its answer: a request in flight holds it', async () => {
    const time = manualTime();
    const onPause = jest.fn();
    const pacer = new RequestPacer({ limit: 1, windowMs: 1000 }, { onPause }, time.now, time.sleep);
    const release = await pacer.acquire(); // starts at t=0, still in flight
    const next = track(instant(pacer));
    time.state.now = 5000; // long past the window of its start...
    await settle();
    expect(next.done).toBe(false); // ...but it has not been answered
    expect(time.state.sleeps).toHaveLength(0);

    release(); // answered at t=5000: the slot is free at t=6000
    await settle();
    expect(onPause).toHaveBeenCalledWith(1000);
    time.state.sleeps.shift()!.wake();
    await settle();
    expect(next.done).toBe(true);
  });

  it('never lets two requests of one slot share a window, however late the server counts them', async () => {
    const time = manualTime();
    const autoSleep = async (ms: number): Promise<void> => {
      time.state.now += ms;
    };
    const limit = 3;
    const windowMs = 1000;
    const pacer = new RequestPacer({ limit, windowMs }, {}, time.now, autoSleep);
    // The server counts each request at some moment between its start and its answer.
    const counted: number[] = [];
    for (let i = 0; i < 30; i++) {
      const release = await pacer.acquire();
      const start = time.state.now;
      time.state.now += 50 + (i % 4) * 40; // the request takes a while
      counted.push(i % 2 ? time.state.now : start + 10);
      release();
    }
    for (const at of counted) {
      expect(counted.filter(c => c >= at && c < at + windowMs).length).toBeLessThanOrEqual(limit);
    }
  });

  it('the Siteleaf budget stays under 500 requests per 5 minutes', () => {
    expect(SITELEAF_RATE_LIMIT.limit).toBeLessThan(500);
    expect(SITELEAF_RATE_LIMIT.windowMs).toBeGreaterThanOrEqual(5 * 60_000);
  });
});

describe('sleep', () => {
  it('resolves after the time', async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const reason = new Error('stop');
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('rejects as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(sleeping).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
