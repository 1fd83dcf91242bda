// 3. Hashing: the action's theme scan (list the files, checksum each: src/theme/files.ts and
// checksum.ts, as main.ts calls them) in both kinds the APIs compare, each against the coreutils
// tool of its algorithm: MD5 (v1) against `md5sum`, git blob SHA-1 (v2) against `sha1sum`, which
// hashes the same bytes without git's few-byte header. All with the files in the page cache;
// runs alternate, so every contender sees the same machine state.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { silentLog } from '../src/log.js';
import type { ChecksumKind } from '../src/siteleaf/api.js';
import { checksumOfFile, checksumThemeFiles } from '../src/theme/checksum.js';
import { listThemeFiles, type LocalThemeFile } from '../src/theme/files.js';
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

/** One checksum kind, the coreutils tool that sets its pace, and what checks its answers. */
interface Contest {
  kind: ChecksumKind;
  /** As the report names it. */
  label: string;
  tool: 'md5sum' | 'sha1sum';
  /** The reference checksums of `names` (relative to `cwd`), by name. */
  reference: (cwd: string, names: readonly string[]) => Promise<Map<string, string>>;
}

const CONTESTS: readonly Contest[] = [
  {
    kind: 'md5',
    label: 'MD5',
    tool: 'md5sum',
    reference: async (cwd, names) => (await coreutilsSum('md5sum', cwd, names)).sums
  },
  { kind: 'git-blob-sha1', label: 'git blob SHA-1', tool: 'sha1sum', reference: gitHashObject }
];

const TIME = '/usr/bin/time';
const timeFile = join(mkdtempSync(join(tmpdir(), 'siteleaf-bench-hash-')), 'time.txt');

function mbPerSecond(totalBytes: number, msValue: number): number {
  return totalBytes / 1e6 / (msValue / 1000);
}

/** The tool's sums, and its CPU time when /usr/bin/time is there to tell it. */
async function coreutilsSum(
  tool: Contest['tool'],
  cwd: string,
  files: readonly string[]
): Promise<{ sums: Map<string, string>; cpuMs: number }> {
  const withTime = existsSync(TIME);
  const run = withTime
    ? await runProcess(TIME, ['-f', '%U %S', '-o', timeFile, tool, '--', ...files], { cwd })
    : await runProcess(tool, ['--', ...files], { cwd });
  if (run.exitCode !== 0) throw new Error(`${tool} exited ${run.exitCode}`);
  const sums = new Map<string, string>();
  for (const line of run.stdout.trim().split('\n')) {
    const gap = line.indexOf('  ');
    sums.set(line.slice(gap + 2), line.slice(0, gap));
  }
  const [user, system] = withTime
    ? readFileSync(timeFile, 'utf8').trim().split(' ').map(Number)
    : [NaN, NaN];
  return { sums, cpuMs: ((user as number) + (system as number)) * 1000 };
}

/** git's blob ids of the raw bytes (`--no-filters`: whatever the machine's autocrlf says). */
async function gitHashObject(cwd: string, names: readonly string[]): Promise<Map<string, string>> {
  const run = await runProcess('git', ['hash-object', '--no-filters', '--', ...names], { cwd });
  if (run.exitCode !== 0) throw new Error(`git hash-object exited ${run.exitCode}`);
  const ids = run.stdout.trim().split('\n');
  return new Map(names.map((name, index) => [name, ids[index] ?? '']));
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

async function measureTool(
  timing: Timing,
  tool: Contest['tool'],
  cwd: string,
  files: readonly string[]
): Promise<void> {
  const started = performance.now();
  const { cpuMs } = await coreutilsSum(tool, cwd, files);
  timing.ms.push(performance.now() - started);
  timing.cpuMs.push(cpuMs);
}

/** One contest's timings: the tool and the action on the theme, then on the large file. */
interface Timings {
  sum: Timing;
  scan: Timing;
  hashOnly: Timing;
  /** The same on this thread alone (concurrency 1): what a runner with one core gets. */
  oneThread: Timing;
  bigSum: Timing;
  bigOurs: Timing;
}

const timing = (): Timing => ({ ms: [], cpuMs: [] });

/** Warms the page cache, and checks the action's checksums against the reference's. */
async function check(
  contest: Contest,
  themeDir: string,
  listed: readonly LocalThemeFile[],
  bigDir: string,
  bigName: string
): Promise<void> {
  const names = listed.map(f => relative(themeDir, f.absolutePath));
  const reference = await contest.reference(themeDir, names);
  const ours = await checksumThemeFiles(listed, contest.kind, HASH_CONCURRENCY);
  const mismatches = ours.filter(
    f => reference.get(relative(themeDir, f.absolutePath)) !== f.checksum
  );
  if (mismatches.length) {
    throw new Error(`${mismatches.length} ${contest.label} checksums differ from the reference`);
  }
  const bigRef = (await contest.reference(bigDir, [bigName])).get(bigName);
  if ((await checksumOfFile(join(bigDir, bigName), contest.kind)) !== bigRef) {
    throw new Error(`checksumOfFile (${contest.label}) differs from the reference`);
  }
}

export async function benchHashing(
  theme: ThemeContext,
  bigFile: { path: string; size: number },
  runs: number
): Promise<SectionResult> {
  const listed = await listThemeFiles({
    themeDir: theme.themeDir,
    patterns: ['**'],
    log: silentLog
  });
  const names = listed.map(f => relative(theme.themeDir, f.absolutePath));
  const totalBytes = listed.reduce((sum, f) => sum + f.size, 0);
  if (listed.length !== theme.fixture.files.length) {
    throw new Error(
      `the scan listed ${listed.length} files, expected ${theme.fixture.files.length}`
    );
  }
  const bigDir = bigFile.path.slice(0, bigFile.path.lastIndexOf('/'));
  const bigName = bigFile.path.slice(bigDir.length + 1);
  for (const contest of CONTESTS) await check(contest, theme.themeDir, listed, bigDir, bigName);

  const timings = new Map<Contest, Timings>(
    CONTESTS.map(contest => [
      contest,
      {
        sum: timing(),
        scan: timing(),
        hashOnly: timing(),
        oneThread: timing(),
        bigSum: timing(),
        bigOurs: timing()
      }
    ])
  );
  const of = (contest: Contest): Timings => timings.get(contest) as Timings;
  for (let i = 0; i < runs; i++) {
    progress(`hashing: theme run ${i + 1}/${runs}`);
    for (const contest of CONTESTS) {
      const t = of(contest);
      await measureTool(t.sum, contest.tool, theme.themeDir, names);
      await measure(t.scan, async () =>
        checksumThemeFiles(
          await listThemeFiles({ themeDir: theme.themeDir, patterns: ['**'], log: silentLog }),
          contest.kind,
          HASH_CONCURRENCY
        )
      );
      await measure(t.hashOnly, () => checksumThemeFiles(listed, contest.kind, HASH_CONCURRENCY));
      await measure(t.oneThread, () => checksumThemeFiles(listed, contest.kind, 1));
    }
  }
  const bigRuns = Math.max(1, Math.ceil(runs / 2));
  for (let i = 0; i < bigRuns; i++) {
    progress(`hashing: ${bytes(bigFile.size)} file run ${i + 1}/${bigRuns}`);
    for (const contest of CONTESTS) {
      const t = of(contest);
      await measureTool(t.bigSum, contest.tool, bigDir, [bigName]);
      await measure(t.bigOurs, () => checksumOfFile(bigFile.path, contest.kind));
    }
  }

  const cpu = (t: Timing) => `CPU ${ms(median(t.cpuMs))}`;
  const rate = (size: number, t: Timing) => mbPerSecond(size, median(t.ms));
  const toolRow = (contest: Contest, what: string, size: number, t: Timing): Row => ({
    metric: `${contest.tool}, ${what}`,
    value: `${rate(size, t).toFixed(0)} MB/s (${ms(median(t.ms))}; ${cpu(t)})`,
    verdict: 'info'
  });
  const oursRow = (
    contest: Contest,
    metric: string,
    size: number,
    t: Timing,
    against: Timing,
    judged = true
  ): Row => {
    const ours = rate(size, t);
    const theirs = rate(size, against);
    const value =
      `${ours.toFixed(0)} MB/s (${ms(median(t.ms))}; ${cpu(t)}), ` +
      `${Math.round((ours / theirs) * 100)} % of ${contest.tool}`;
    if (!judged) return { metric, value, verdict: 'info' };
    return {
      metric,
      value,
      target: `≥ 80 % of ${contest.tool}`,
      verdict: pass(ours >= 0.8 * theirs)
    };
  };
  const themeFiles = `${thousands(listed.length)} theme files (${bytes(totalBytes)})`;
  const bigOne = `one ${bytes(bigFile.size)} file`;
  const rows: Row[] = [
    ...CONTESTS.flatMap(contest => {
      const t = of(contest);
      return [
        toolRow(contest, themeFiles, totalBytes, t.sum),
        oursRow(
          contest,
          `Action theme scan: list + ${contest.label} (what a ${contest.kind === 'md5' ? 'v1' : 'v2'} run does)`,
          totalBytes,
          t.scan,
          t.sum
        ),
        oursRow(
          contest,
          `Action ${contest.label} only (checksumThemeFiles on the listed files)`,
          totalBytes,
          t.hashOnly,
          t.sum
        ),
        oursRow(
          contest,
          `Action ${contest.label} only, on one thread (concurrency 1)`,
          totalBytes,
          t.oneThread,
          t.sum,
          false
        )
      ];
    }),
    ...CONTESTS.flatMap(contest => {
      const t = of(contest);
      return [
        toolRow(contest, bigOne, bigFile.size, t.bigSum),
        oursRow(
          contest,
          `Action checksumOfFile (${contest.label}), ${bigOne}`,
          bigFile.size,
          t.bigOurs,
          t.bigSum
        )
      ];
    })
  ];
  return {
    id: 'hashing',
    title: 'Hashing (MD5 vs. md5sum, git blob SHA-1 vs. sha1sum)',
    setup: [
      `The ${thousands(listed.length)} files of the section 1 theme, and one ${bytes(bigFile.size)} (300 MiB) file, all in the ` +
        `page cache (a warm-up pass of each first, which also checks every checksum: MD5s against ` +
        `\`md5sum\`, git blob SHA-1s against \`git hash-object --no-filters\`). ` +
        `Each kind is timed against the coreutils tool of its algorithm: MD5 (v1's \`checksum\`) ` +
        `against \`md5sum\`, git blob SHA-1 (v2's \`sha\`) against \`sha1sum\`, which hashes the ` +
        `same bytes without git's \`blob <size>\\0\` header. ` +
        `The action's code runs in the bench process (\`listThemeFiles\` + \`checksumThemeFiles\` with ` +
        `concurrency ${HASH_CONCURRENCY}, as \`main.ts\` calls them); each tool is spawned with every ` +
        `path as an argument, its time including its start. Medians of ${runs} alternating runs ` +
        `(${bigRuns} for the large file). The one-thread rows show what a runner without a ` +
        'spare core gets (no verdict: elsewhere the action hashes a large job on its own thread and ' +
        'at most one worker, whatever the cores). Wall time ' +
        'decides the verdict; CPU time (user + system, all threads: `process.cpuUsage()` for the ' +
        'action, `/usr/bin/time` for the tools) shows how much of the machine each used: the ' +
        'tools run on one core, the action may use several.'
    ],
    rows
  };
}
