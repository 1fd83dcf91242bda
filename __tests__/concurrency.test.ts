import { describe, expect, it } from '@jest/globals';
import { mapSettledWithConcurrency, mapWithConcurrency } from '../src/concurrency.js';

/** A task body that records how many calls overlap, finishing in a scrambled order. */
function tracker() {
  let inFlight = 0;
  const state = { maxInFlight: 0, started: [] as number[] };
  const run = async (value: number, index: number): Promise<number> => {
    state.started.push(index);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    await new Promise(resolve => setTimeout(resolve, (index * 7) % 5));
    inFlight--;
    return value * 2;
  };
  return { state, run };
}

describe('mapWithConcurrency', () => {
  it('keeps input order and never exceeds the limit', async () => {
    const { state, run } = tracker();
    const items = Array.from({ length: 20 }, (_, i) => i);
    const results = await mapWithConcurrency(items, 3, run);
    expect(results).toEqual(items.map(i => i * 2));
    expect(state.maxInFlight).toBe(3);
  });

  it('stops starting work after a failure and rejects with the first error once in-flight work settled', async () => {
    const settled: number[] = [];
    const started: number[] = [];
    const promise = mapWithConcurrency(
      Array.from({ length: 10 }, (_, i) => i),
      2,
      async i => {
        started.push(i);
        await new Promise(resolve => setTimeout(resolve, i === 1 ? 20 : 1));
        if (i === 2) throw new Error('boom 2');
        if (i === 3) throw new Error('boom 3');
        settled.push(i);
        return i;
      }
    );
    await expect(promise).rejects.toThrow('boom 2');
    // 1 was in flight when 2 failed: it finished before the promise rejected.
    expect(settled).toContain(1);
    expect(started).not.toContain(4);
    expect(started.length).toBeLessThan(10);
  });

  it('starts nothing more once the signal aborts and rejects with its reason', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const promise = mapWithConcurrency(
      Array.from({ length: 10 }, (_, i) => i),
      2,
      async i => {
        started.push(i);
        if (i === 1) controller.abort(new Error('cancelled'));
        await new Promise(resolve => setTimeout(resolve, 2));
        return i;
      },
      controller.signal
    );
    await expect(promise).rejects.toThrow('cancelled');
    expect(started).toEqual([0, 1]);
  });

  it('handles an empty list and rejects a bad limit', async () => {
    await expect(mapWithConcurrency([], 4, async () => 1)).resolves.toEqual([]);
    await expect(mapWithConcurrency([1], 0, async () => 1)).rejects.toThrow(RangeError);
    await expect(mapWithConcurrency([1], 1.5, async () => 1)).rejects.toThrow(RangeError);
  });
});

describe('mapSettledWithConcurrency', () => {
  it('runs every item despite failures and reports each in input order', async () => {
    const { state, run } = tracker();
    const results = await mapSettledWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (v, i) => {
      const doubled = await run(v, i);
      if (v % 2 === 0) throw new Error(`even ${v}`);
      return doubled;
    });
    expect(state.maxInFlight).toBe(2);
    expect(results.map(r => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected'
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 2 });
    expect(results[3]).toMatchObject({ status: 'rejected', reason: new Error('even 4') });
  });

  it('marks the items never started as rejected with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const results = await mapSettledWithConcurrency(
      [0, 1, 2, 3, 4],
      1,
      async i => {
        if (i === 1) controller.abort(reason);
        return i;
      },
      controller.signal
    );
    expect(results.slice(0, 2)).toEqual([
      { status: 'fulfilled', value: 0 },
      { status: 'fulfilled', value: 1 }
    ]);
    expect(results.slice(2)).toEqual([2, 3, 4].map(() => ({ status: 'rejected', reason })));
  });
});
