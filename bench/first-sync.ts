// 2. First sync: the same 1,500-file theme, nothing on the site yet. Run with src/main.ts's
// run(tuning) in a child process (tuned-action.ts), because the request pacing (480 requests
// per 300 s) is not an input: once without pacing, for the raw cost, and once under a rate
// limit shrunk from 500 per 300 s to RATE.limit per RATE.windowMs, with the action's pacing
// shrunk the same way (the production margin: 480/500 = 96 %).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { BENCH_BUILD_DIR, inputsFor, maxInWindow, progress, timedDist } from './harness.js';
import { LATENCY_MS } from './incremental.js';
import { pass, type Row, type SectionResult } from './markdown.js';
import { ms, thousands } from './stats.js';
import { checkSiteMatchesTheme, type ThemeContext } from './theme-context.js';

const REAL = {
  limit: 500,
  windowMs: 300_000,
  pacingLimit: 480,
  stepMs: 60_000,
  maxWaitMs: 300_000
};
const RATE = { limit: 100, windowMs: 3_000 };
const PACING = {
  limit: Math.round((RATE.limit * REAL.pacingLimit) / REAL.limit),
  windowMs: RATE.windowMs
};
const scale = RATE.windowMs / REAL.windowMs;

interface FirstSyncRun {
  wallMs: number;
  /** Requests arriving in each successive window, from the first request on. */
  perWindow: number[];
  requests: number;
  rateLimited: number;
  /** `GET /v2/sites/:id`: `api-version: auto` asks v2 first (a v1 site answers 404). */
  v2Probes: number;
  maxInWindow: number;
  pauseLines: number;
  pauses: number;
  pausedMs: number;
  instrumented: boolean;
  exitCode: number;
}

async function firstSync(
  theme: ThemeContext,
  rateLimit: { limit: number; windowMs: number },
  tuning: object
): Promise<FirstSyncRun> {
  const emulator: Emulator = await startEmulator({
    latencyMs: LATENCY_MS,
    rateLimit,
    keepBodyBytesUpTo: 0
  });
  const statsFile = join(mkdtempSync(join(tmpdir(), 'siteleaf-bench-')), 'pacer.json');
  let pauseLines = 0;
  try {
    const run = await timedDist({
      entry: join(BENCH_BUILD_DIR, 'tuned-action.js'),
      inputs: inputsFor({ ...emulator.options, url: emulator.url }, theme.themeDirInput),
      workspace: theme.workspace,
      env: { BENCH_TUNING: JSON.stringify(tuning), BENCH_STATS_FILE: statsFile },
      onLine: line => {
        if (/^Pausing \d+ s to stay under/.test(line)) pauseLines++;
      }
    });
    const expected = String(theme.fixture.files.length);
    if (run.exitCode !== 0 || run.outputs.uploaded !== expected) {
      throw new Error(`first sync exited ${run.exitCode}, uploaded '${run.outputs.uploaded}'`);
    }
    const problem = checkSiteMatchesTheme(emulator, theme);
    if (problem) throw new Error(`after the first sync: ${problem}`);
    const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as {
      pauses: number;
      pausedMs: number;
      instrumented: boolean;
    };
    const first = Math.min(...emulator.requests.map(r => r.at));
    const perWindow: number[] = [];
    for (const request of emulator.requests) {
      const index = Math.floor((request.at - first) / rateLimit.windowMs);
      while (perWindow.length <= index) perWindow.push(0);
      perWindow[index] = (perWindow[index] as number) + 1;
    }
    return {
      wallMs: run.wallMs,
      perWindow,
      requests: emulator.requests.length,
      rateLimited: emulator.requests.filter(r => r.status === 403).length,
      v2Probes: emulator.requests.filter(r => r.route === 'GET /v2/sites/:id').length,
      maxInWindow: maxInWindow(
        emulator.requests.map(r => r.at),
        rateLimit.windowMs
      ),
      pauseLines,
      ...stats,
      exitCode: run.exitCode
    };
  } finally {
    await emulator.close();
  }
}

export async function benchFirstSync(theme: ThemeContext): Promise<SectionResult> {
  progress('first sync: no rate limit');
  const free = await firstSync(
    theme,
    { limit: 1_000_000_000, windowMs: 1000 },
    { pacing: { limit: 1_000_000_000, windowMs: 1000 } }
  );
  progress(`first sync: under ${RATE.limit} requests per ${RATE.windowMs / 1000} s`);
  const paced = await firstSync(theme, RATE, {
    pacing: PACING,
    retry: { rateLimitStepMs: REAL.stepMs * scale, rateLimitMaxWaitMs: REAL.maxWaitMs * scale }
  });

  // Production: request k cannot start before request k-480 started + 300 s.
  const productionFloorMs = Math.floor((free.requests - 1) / REAL.pacingLimit) * REAL.windowMs;
  const rows: Row[] = [
    {
      metric: 'Requests',
      value:
        `${thousands(free.requests)} (${thousands(theme.fixture.files.length)} uploads + site, list, ` +
        `publish, job${free.v2Probes ? `, and ${free.v2Probes} v2 probe of \`api-version: auto\`, answered 404` : ''})`,
      target:
        `files + 4 = ${thousands(theme.fixture.files.length + 4)}, ` +
        "+ 1 for `auto`'s v2 probe on a v1 site",
      verdict: pass(
        free.requests - free.v2Probes <= theme.fixture.files.length + 4 && free.v2Probes <= 1
      )
    },
    {
      metric: 'Wall time, no rate limit',
      value: ms(free.wallMs),
      verdict: 'info'
    },
    {
      metric: `Wall time, limit ${RATE.limit} per ${RATE.windowMs / 1000} s (pacing ${PACING.limit} per ${PACING.windowMs / 1000} s)`,
      value: `${ms(paced.wallMs)} (floor: ${ms(Math.floor((free.requests - 1) / PACING.limit) * PACING.windowMs)})`,
      verdict: 'info'
    },
    {
      metric: 'HTTP 403 (rate limited) answers',
      value: String(paced.rateLimited),
      target: '0',
      verdict: pass(paced.rateLimited === 0)
    },
    {
      metric: `Most requests seen by the server in any ${RATE.windowMs / 1000} s`,
      value: `${paced.maxInWindow}`,
      target: `≤ ${RATE.limit}`,
      verdict: pass(paced.maxInWindow <= RATE.limit)
    },
    {
      metric: 'Time the pacer held requests back',
      value: paced.instrumented
        ? `${ms(paced.pausedMs)} in ${paced.pauses} pauses (${paced.pauseLines} "Pausing" log lines)`
        : `${paced.pauseLines} "Pausing" log lines`,
      verdict: 'info'
    },
    {
      metric: 'Same sync against the real limit (500 per 5 min, pacing 480)',
      value: `≥ ${ms(productionFloorMs)} (≈ ${(productionFloorMs / 60_000).toFixed(0)} min): ${thousands(free.requests)} requests need ${Math.floor((free.requests - 1) / REAL.pacingLimit) + 1} windows`,
      verdict: 'info'
    }
  ];
  return {
    id: 'first-sync',
    title: 'First sync (1,500 files, nothing on the site)',
    setup: [
      `The theme of section 1, the site empty. Emulator latency ${LATENCY_MS} ms. The pacing is not an ` +
        'input, so these runs use `run(tuning)` from `src/main.ts` (compiled, not bundled) in a child ' +
        'process started exactly like `dist/index.js` (`bench/tuned-action.ts`), default inputs. ' +
        `The 500-requests-per-5-minutes limit is simulated as ${RATE.limit} per ${RATE.windowMs / 1000} s, ` +
        `and the action's pacing (480 per 300 s in production) as ${PACING.limit} per ` +
        `${PACING.windowMs / 1000} s, the same 96 % margin; a 403 would be waited out in steps of ` +
        `${REAL.stepMs * scale} ms (60 s scaled). One run each (they are long).`
    ],
    rows,
    extra: [
      `Requests arriving in each ${RATE.windowMs / 1000} s window of the paced run (from the first ` +
        `request; a fixed grid, so a pair of neighbours may sum above ${PACING.limit} without any sliding ` +
        `window doing so): ${paced.perWindow.join(' · ')}`
    ],
    notes: [
      paced.rateLimited === 0 && paced.maxInWindow <= RATE.limit
        ? 'The server never saw more than its limit in any sliding window, so nothing was refused.'
        : `The server saw ${paced.maxInWindow} requests inside one ${RATE.windowMs / 1000} s window and ` +
          `refused ${paced.rateLimited}, although the action started at most ${PACING.limit} per window: ` +
          'the pacer counts a request from its *start*, the server from its *arrival*, and a request ' +
          'may start exactly one window after the one whose place it takes. See the findings below.',
      `In production a first sync of ${thousands(theme.fixture.files.length)} files is bound by the rate limit, ` +
        `not by the action: at least ${(productionFloorMs / 60_000).toFixed(0)} minutes, nearly all of it ` +
        'waiting for the next window. The `timeout` input counts from the publish, so the pauses do not ' +
        "eat into it; the job step's own `timeout-minutes` must allow for them."
    ]
  };
}
