import { describe, expect, it } from '@jest/globals';
import { mapSettledWithConcurrency } from '../src/concurrency.js';

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

  it('never has more than `limit` calls in flight', async () => {
    const { state, run } = tracker();
    const results = await mapSettledWithConcurrency([1, 2, 3, 4, 5, 6, 7, 8], 3, run);
    expect(state.maxInFlight).toBe(3);
    expect(results.map(r => (r.status === 'fulfilled' ? r.value : NaN))).toEqual([
      2, 4, 6, 8, 10, 12, 14, 16
    ]);
  });

  it('rejects a limit that is not a positive integer', async () => {
    await expect(mapSettledWithConcurrency([1], 0, async () => 1)).rejects.toThrow(RangeError);
    await expect(mapSettledWithConcurrency([1], 1.5, async () => 1)).rejects.toThrow(RangeError);
  });
});
