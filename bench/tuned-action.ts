// The action with production code but bench tuning: `run(tuning)` from src/main.ts, in a
// process of its own started like a runner starts dist/index.js (runDist with this file as
// the entry). Inputs are not enough here: the request pacing (480 per 300 s) is not an input,
// and a bench cannot wait 15 minutes for a 1,500-file first sync under the real window.
//
// BENCH_TUNING: JSON `{ "pacing": {limit, windowMs}, "retry": {partial RetryPolicy} }`.
// BENCH_STATS_FILE: where to write `{ pauses, pausedMs }` at exit: the wall time the pacer held
// requests back, as the `onRequestWaited` hook of Tuning reports it (no private member touched).
import { writeFileSync } from 'node:fs';
import { run, type Tuning } from '../src/main.js';
import { DEFAULT_RETRY_POLICY } from '../src/siteleaf/retry-policy.js';

const requested = JSON.parse(process.env.BENCH_TUNING ?? '{}') as {
  pacing?: Tuning['pacing'];
  retry?: Partial<Tuning['retry']>;
};

const stats = { pauses: 0, pausedMs: 0, instrumented: true };
process.on('exit', () => {
  if (process.env.BENCH_STATS_FILE)
    writeFileSync(process.env.BENCH_STATS_FILE, JSON.stringify(stats));
});

const tuning: Partial<Tuning> = {
  onRequestWaited: waitedMs => {
    if (waitedMs < 1) return;
    stats.pauses++;
    stats.pausedMs += waitedMs;
  }
};
if (requested.pacing) Object.assign(tuning, { pacing: requested.pacing });
if (requested.retry)
  Object.assign(tuning, { retry: { ...DEFAULT_RETRY_POLICY, ...requested.retry } });
await run(tuning);
