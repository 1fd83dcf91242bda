// 3. Hashing: the action's theme scan (list the files, MD5 each: src/theme/files.ts and
// checksum.ts, as main.ts calls them) against coreutils `md5sum` on the same files, both with
// the files in the page cache. Runs alternate, so both see the same machine state.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checksumOfFile, checksumThemeFiles } from '../src/theme/checksum.js';
import { listThemeFiles } from '../src/theme/files.js';
import { progress, runProcess } from './harness.js';
import { pass, type Row, type SectionResult } from './markdown.js';
import { bytes, median, ms, thousands } from './stats.js';
import type { ThemeContext } from './theme-context.js';

/** main.ts hashes with max(4, concurrency); the default concurrency is 6. */
const HASH_CONCURRENCY = 6;

interface Timing {
  ms: number[];
  /** CPU time (user + system, every thread), ms. */
  cpuMs: number[];
}

const TIME = '/usr/bin/time';
const timeFile = join(mkdtempSync(join(tmpdir(), 'siteleaf-bench-hash-')), 'time.txt');

function mbPerSecond(totalBytes: number, msValue: number): number {
  return totalBytes / 1e6 / (msValue / 1000);
}

/** md5sum's sums, and its CPU time when /usr/bin/time is there to tell it. */
async function md5sum(
  cwd: string,
  files: readonly string[]
): Promise<{ sums: Map<string, string>; cpuMs: number }> {
  const withTime = existsSync(TIME);
  const run = withTime
    ? await runProcess(TIME, ['-f', '%U %S', '-o', timeFile, 'md5sum', '--', ...files], { cwd })
    : await runProcess('md5sum', ['--', ...files], { cwd });
  if (run.exitCode !== 0) throw new Error(`md5sum exited ${run.exitCode}`);
  const sums = new Map<string, string>();
  for (const line of run.stdout.trim().split('\n')) {
    const [sum, name] = [line.slice(0, 32), line.slice(34)];
    sums.set(name, sum);
  }
  const [user, system] = withTime
    ? readFileSync(timeFile, 'utf8').trim().split(' ').map(Number)
    : [NaN, NaN];
  return { sums, cpuMs: ((user as number) + (system as number)) * 1000 };
}

/** Wall and CPU time (this whole process, worker threads included) of `fn`. */
async function measure(timing: Timing, fn: () => Promise<unknown>): Promise<void> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  timing.ms.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  timing.cpuMs.push((used.user + used.system) / 1000);
}

async function measureMd5sum(timing: Timing, cwd: string, files: readonly string[]): Promise<void> {
  const started = performance.now();
  const { cpuMs } = await md5sum(cwd, files);
  timing.ms.push(performance.now() - started);
  timing.cpuMs.push(cpuMs);
}

export async function benchHashing(
  theme: ThemeContext,
  bigFile: { path: string; size: number },
  runs: number
): Promise<SectionResult> {
  const listed = await listThemeFiles({
    themeDir: theme.themeDir,
    patterns: ['**'],
    onWarning: () => {}
  });
  const names = listed.map(f => relative(theme.themeDir, f.absolutePath));
  const totalBytes = listed.reduce((sum, f) => sum + f.size, 0);
  if (listed.length !== theme.fixture.files.length) {
    throw new Error(
      `the scan listed ${listed.length} files, expected ${theme.fixture.files.length}`
    );
  }

  // Warm the page cache, and check both compute the same sums.
  const reference = (await md5sum(theme.themeDir, names)).sums;
  const ours = await checksumThemeFiles(listed, 'md5', HASH_CONCURRENCY);
  const mismatches = ours.filter(
    f => reference.get(relative(theme.themeDir, f.absolutePath)) !== f.checksum
  );
  if (mismatches.length) throw new Error(`${mismatches.length} checksums differ from md5sum`);

  const timing = (): Timing => ({ ms: [], cpuMs: [] });
  const sum = timing();
  const scan = timing();
  const hashOnly = timing();
  for (let i = 0; i < runs; i++) {
    progress(`hashing: theme run ${i + 1}/${runs}`);
    await measureMd5sum(sum, theme.themeDir, names);
    await measure(scan, async () =>
      checksumThemeFiles(
        await listThemeFiles({ themeDir: theme.themeDir, patterns: ['**'], onWarning: () => {} }),
        'md5',
        HASH_CONCURRENCY
      )
    );
    await measure(hashOnly, () => checksumThemeFiles(listed, 'md5', HASH_CONCURRENCY));
  }

  const big = { sum: timing(), ours: timing() };
  const bigDir = bigFile.path.slice(0, bigFile.path.lastIndexOf('/'));
  const bigName = bigFile.path.slice(bigDir.length + 1);
  const bigRef = (await md5sum(bigDir, [bigName])).sums.get(bigName);
  if ((await checksumOfFile(bigFile.path, 'md5')) !== bigRef)
    throw new Error('checksumOfFile differs from md5sum');
  const bigRuns = Math.max(1, Math.ceil(runs / 2));
  for (let i = 0; i < bigRuns; i++) {
    progress(`hashing: ${bytes(bigFile.size)} file run ${i + 1}/${bigRuns}`);
    await measureMd5sum(big.sum, bigDir, [bigName]);
    await measure(big.ours, () => checksumOfFile(bigFile.path, 'md5'));
  }

  const sumRate = mbPerSecond(totalBytes, median(sum.ms));
  const scanRate = mbPerSecond(totalBytes, median(scan.ms));
  const hashRate = mbPerSecond(totalBytes, median(hashOnly.ms));
  const bigSumRate = mbPerSecond(bigFile.size, median(big.sum.ms));
  const bigOurRate = mbPerSecond(bigFile.size, median(big.ours.ms));
  const cpu = (t: Timing) => `CPU ${ms(median(t.cpuMs))}`;
  const share = (rate: number, of: number) => `${Math.round((rate / of) * 100)} % of md5sum`;
  const rows: Row[] = [
    {
      metric: `md5sum, ${thousands(listed.length)} theme files (${bytes(totalBytes)})`,
      value: `${sumRate.toFixed(0)} MB/s (${ms(median(sum.ms))}; ${cpu(sum)})`,
      verdict: 'info'
    },
    {
      metric: 'Action theme scan: list + MD5 (what a run does)',
      value: `${scanRate.toFixed(0)} MB/s (${ms(median(scan.ms))}; ${cpu(scan)}), ${share(scanRate, sumRate)}`,
      target: '≥ 80 % of md5sum',
      verdict: pass(scanRate >= 0.8 * sumRate)
    },
    {
      metric: 'Action MD5 only (checksumThemeFiles on the listed files)',
      value: `${hashRate.toFixed(0)} MB/s (${ms(median(hashOnly.ms))}; ${cpu(hashOnly)}), ${share(hashRate, sumRate)}`,
      target: '≥ 80 % of md5sum',
      verdict: pass(hashRate >= 0.8 * sumRate)
    },
    {
      metric: `md5sum, one ${bytes(bigFile.size)} file`,
      value: `${bigSumRate.toFixed(0)} MB/s (${ms(median(big.sum.ms))}; ${cpu(big.sum)})`,
      verdict: 'info'
    },
    {
      metric: `Action checksumOfFile (MD5), one ${bytes(bigFile.size)} file`,
      value: `${bigOurRate.toFixed(0)} MB/s (${ms(median(big.ours.ms))}; ${cpu(big.ours)}), ${share(bigOurRate, bigSumRate)}`,
      target: '≥ 80 % of md5sum',
      verdict: pass(bigOurRate >= 0.8 * bigSumRate)
    }
  ];
  return {
    id: 'hashing',
    title: 'Hashing (MD5 of the theme scan vs. md5sum)',
    setup: [
      `The ${thousands(listed.length)} files of the section 1 theme, and one ${bytes(bigFile.size)} (300 MiB) file, all in the ` +
        `page cache (a warm-up pass of each first, which also checks both tools agree on every sum). ` +
        `The action's code runs in the bench process (\`listThemeFiles\` + \`checksumThemeFiles\` with ` +
        `concurrency ${HASH_CONCURRENCY}, as \`main.ts\` calls them); \`md5sum\` is spawned with every ` +
        `path as an argument, its time including its start. Medians of ${runs} alternating runs ` +
        `(${bigRuns} for the large file). Wall time decides the verdict; CPU time (user + system, ` +
        'all threads: `process.cpuUsage()` for the action, `/usr/bin/time` for md5sum) shows how much ' +
        'of the machine each used: md5sum runs on one core, the action may use several.'
    ],
    rows
  };
}
