// 5. Cold start: from spawning `node dist/index.js` to the emulator receiving its first
// request, against spawning `node -e 0` until it exits; and the bundle's size.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startEmulator } from '../emulator/server.js';
import { DIST_ENTRY } from '../runner/run-dist.js';
import { inputsFor, progress, runProcess, timedDist } from './harness.js';
import { table, type Row, type SectionResult } from './markdown.js';
import { bytes, median, ms, msRuns, ratio, thousands } from './stats.js';
import type { ThemeContext } from './theme-context.js';

async function firstRequestMs(
  workspace: string,
  themeDir: string,
  extra: Record<string, string>
): Promise<{ firstRequestMs: number; exitMs: number }> {
  const emulator = await startEmulator({ latencyMs: 0 });
  try {
    const run = await timedDist({
      inputs: inputsFor({ ...emulator.options, url: emulator.url }, themeDir, extra),
      workspace
    });
    const first = emulator.requests[0];
    if (run.exitCode !== 0 || !first) throw new Error(`cold-start run exited ${run.exitCode}`);
    return { firstRequestMs: first.at - run.startedAt, exitMs: run.wallMs };
  } finally {
    await emulator.close();
  }
}

export async function benchColdStart(theme: ThemeContext, runs: number): Promise<SectionResult> {
  const bare: number[] = [];
  const publishOnly: number[] = [];
  const publishOnlyExit: number[] = [];
  const fullTheme: number[] = [];
  // Warm the page cache for node and the bundle first.
  await runProcess(process.execPath, ['-e', '0']);
  await firstRequestMs(theme.workspace, '.', { 'upload-theme': 'false', wait: 'false' });
  for (let i = 0; i < runs; i++) {
    progress(`cold start: run ${i + 1}/${runs}`);
    bare.push((await runProcess(process.execPath, ['-e', '0'])).wallMs);
    const publish = await firstRequestMs(theme.workspace, '.', {
      'upload-theme': 'false',
      wait: 'false'
    });
    publishOnly.push(publish.firstRequestMs);
    publishOnlyExit.push(publish.exitMs);
    fullTheme.push(
      (await firstRequestMs(theme.workspace, theme.themeDirInput, { 'dry-run': 'true' }))
        .firstRequestMs
    );
  }

  const bundle = readFileSync(DIST_ENTRY);
  const distDir = join(DIST_ENTRY, '..');
  const distFiles = readdirSync(distDir).map(
    name => [name, statSync(join(distDir, name)).size] as const
  );
  const rows: Row[] = [
    { metric: '`node -e 0`, spawn to exit', value: msRuns(bare), verdict: 'info' },
    {
      metric: '`dist/index.js`, spawn to first request (`upload-theme: false`)',
      value:
        `${msRuns(publishOnly)}; ${ratio(median(publishOnly), median(bare))} \`node -e 0\`, ` +
        `+${ms(median(publishOnly) - median(bare))}`,
      verdict: 'info'
    },
    {
      metric: '`dist/index.js`, spawn to exit (publish, `wait: false`, 0 ms latency)',
      value: msRuns(publishOnlyExit),
      verdict: 'info'
    },
    {
      metric: `\`dist/index.js\`, spawn to first request, ${thousands(theme.fixture.files.length)}-file theme (\`dry-run\`)`,
      value: `${msRuns(fullTheme)} (the theme is listed before any request: inputs are checked first)`,
      verdict: 'info'
    },
    {
      metric: 'Bundle `dist/index.js`',
      value: `${bytes(bundle.length)} (${bytes(gzipSync(bundle).length)} gzipped)`,
      verdict: 'info'
    }
  ];
  return {
    id: 'cold-start',
    title: 'Cold start and bundle size',
    setup: [
      'Each run spawns `node dist/index.js` (through `runner/run-dist.ts`, as a runner would) against an ' +
        'emulator with no latency and takes the time from just before the spawn to the arrival of the ' +
        `first request at the emulator; \`node -e 0\` is timed from spawn to exit. ${runs} runs each, ` +
        'after one warm-up of each (page cache).'
    ],
    rows,
    extra: [
      table(
        ['dist/ file', 'Size'],
        distFiles.map(([name, size]) => [`\`${name}\``, bytes(size)])
      )
    ]
  };
}
