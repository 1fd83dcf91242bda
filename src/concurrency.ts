// Bounded parallelism for uploads, deletes and hashing: a fixed number of workers pull the next
// item from a shared cursor, so at most `limit` calls of `fn` are in flight and results keep
// the input order whatever order the calls finish in.

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, results in input order. A
 * failure does not stop the others: every item gets a `PromiseSettledResult` (uploads want
 * every failure, not just the first). When `signal` aborts,
 * no further call starts and the items never started are `rejected` with the abort reason.
 */
export async function mapSettledWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal
): Promise<PromiseSettledResult<R>[]> {
  checkLimit(limit);
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let cursor = 0;
  const worker = async (): Promise<void> => {
    while (cursor < items.length) {
      const index = cursor++;
      if (signal?.aborted) {
        results[index] = { status: 'rejected', reason: signal.reason };
        continue;
      }
      try {
        results[index] = { status: 'fulfilled', value: await fn(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function checkLimit(limit: number): void {
  if (!(limit >= 1) || (!Number.isInteger(limit) && limit !== Infinity)) {
    throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }
}
