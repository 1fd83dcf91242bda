// 7. Start-up and memory: where the action's resident memory goes, measured piece by piece.
//
// - The floor (`node -e 0`) and the bundle loaded alone (`node dist/index.js` with no inputs: it
//   loads, fails at the first input, exits).
// - Each runtime dependency of package.json bundled alone with ncc, as `npm run build` bundles
//   the action (minified, ESM), and the dependencies that src/ imports statically, together and
//   each one left out (what removing it saves, the rest staying). Node built-ins that they load
//   and a worker thread, in a bare `node`.
// - The action's own runs (dist/index.js under measured-entry.ts, the emulator in a process of
//   its own): five small files on a v2 and a v1 site, the 1,500-file incremental sync on v2 (the
//   hashing worker starts), and one 300 MiB file on v2 and v1; with the resident set at the
//   start of each log group (settings, plan, upload, publish).
// - What a large upload costs depending on how its body is made (upload-probe.ts).
//
// Nothing here names a module of src/: the dependencies come from package.json and from the
// bare imports of src/**/*.ts, so the same code measures the after numbers once the lead changes
// what the action loads.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { DIST_ENTRY, REPO_ROOT } from '../runner/run-dist.js';
import {
  BENCH_BUILD_DIR,
  WORK_DIR,
  inputsFor,
  progress,
  runBenchScript,
  runProcess,
  timedDist
} from './harness.js';
import { LATENCY_MS } from './incremental.js';
import { pass, table, type Row, type SectionResult } from './markdown.js';
import type { BigFile } from './memory.js';
import { RemoteEmulator } from './remote-emulator.js';
import { bytes, median, mib, ms } from './stats.js';
import { PROBE_VARIANTS, type ProbeResult, type ProbeVariant } from './upload-probe.js';
import type { HttpProbeOptions, HttpProbeResult } from './http-probe.js';
import { startEmulator, type EmulatorOptions } from '../emulator/server.js';

/** Issue 13's targets. */
const FIVE_FILE_TARGET_KIB = 80 * 1024;
const BIG_UPLOAD_TARGET_KIB = 100 * 1024;
const TIME = '/usr/bin/time';
const STARTUP_DIR = join(WORK_DIR, 'startup');
const NCC = join(REPO_ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

// --- peak RSS of a command ---------------------------------------------------------------

const timeFile = join(mkdtempSync(join(tmpdir(), 'siteleaf-bench-startup-')), 'time.txt');

/** Peak RSS (KiB) of `node args`, as /usr/bin/time reports it (ru_maxrss, i.e. VmHWM). */
async function peakOf(args: readonly string[], options: { cwd?: string } = {}): Promise<number> {
  const env: NodeJS.ProcessEnv = {};
  // No INPUT_* or GITHUB_* of the bench's own environment leaks into what is measured.
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(INPUT_|GITHUB_|BENCH_)/.test(key)) env[key] = value;
  }
  const run = await runProcess(TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...args], {
    cwd: options.cwd ?? STARTUP_DIR,
    env
  });
  const kib = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  if (!Number.isFinite(kib))
    throw new Error(`no peak for node ${args.join(' ')} (${run.exitCode})`);
  return kib;
}

/** Median peak over `runs` runs, each a fresh process. */
async function medianPeak(args: readonly string[], runs: number): Promise<number> {
  const peaks: number[] = [];
  for (let i = 0; i < runs; i++) peaks.push(await peakOf(args));
  return median(peaks);
}

// --- the pieces: dependencies bundled alone ----------------------------------------------

interface Piece {
  id: string;
  /** What the table calls it. */
  label: string;
  /** Bare specifiers or absolute file paths, each imported whole (`import * as`). */
  imports: string[];
  note?: string;
}

/** package.json's runtime dependencies. */
function dependencies(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(pkg.dependencies ?? {}).sort();
}

/**
 * The packages src/ imports statically (`import … from 'pkg'`, not `import type`, not
 * `await import('pkg')`), and those it imports only on demand.
 */
export function importsOfSrc(): { static: string[]; lazy: string[] } {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  walk(join(REPO_ROOT, 'src'));
  const packageOf = (specifier: string) =>
    specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : specifier.split('/')[0];
  const staticImports = new Set<string>();
  const lazyImports = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(
      /^\s*(import|export)\s+(?!type\b)[^;]*?from\s+'([^'.][^']*)'/gm
    )) {
      const specifier = match[2] as string;
      if (!specifier.startsWith('node:')) staticImports.add(packageOf(specifier) as string);
    }
    for (const match of text.matchAll(/import\(\s*'([^'.][^']*)'\s*\)/g)) {
      const specifier = match[1] as string;
      if (!specifier.startsWith('node:')) lazyImports.add(packageOf(specifier) as string);
    }
  }
  for (const name of staticImports) lazyImports.delete(name);
  return { static: [...staticImports].sort(), lazy: [...lazyImports].sort() };
}

function pieces(): { alone: Piece[]; together: Piece; leftOut: Piece[] } {
  const deps = dependencies();
  const { static: used } = importsOfSrc();
  const alone: Piece[] = [{ id: 'empty', label: 'an empty bundle (ncc, ESM)', imports: [] }];
  for (const name of deps) alone.push({ id: `dep-${name}`, label: `\`${name}\``, imports: [name] });
  // What @actions/core brings that the action does not call, and what it would cost without.
  const coreLib = join(REPO_ROOT, 'node_modules', '@actions', 'core', 'lib');
  if (deps.includes('@actions/core') && existsSync(join(coreLib, 'summary.js'))) {
    const httpClient = join(REPO_ROOT, 'node_modules', '@actions', 'http-client');
    if (existsSync(httpClient)) {
      alone.push({
        id: 'core-http-client',
        label: '`@actions/http-client` (inside `@actions/core`, for `getIDToken` only)',
        imports: ['@actions/http-client']
      });
    }
    alone.push({
      id: 'core-own',
      label:
        "`@actions/core`'s own `command`, `file-command`, `summary` (what the action calls, " +
        'without `oidc-utils` and `platform`)',
      imports: ['command.js', 'file-command.js', 'summary.js', 'utils.js'].map(file =>
        join(coreLib, file)
      )
    });
  }
  const together: Piece = {
    id: 'static-all',
    label: `what src/ imports statically: ${used.map(n => `\`${n}\``).join(', ')}`,
    imports: used
  };
  const leftOut = used.map(name => ({
    id: `static-without-${name}`,
    label: `\`${name}\``,
    imports: used.filter(other => other !== name)
  }));
  // The two that bring an HTTP client each (two copies of undici today), left out together.
  const clients = ['@actions/core', 'undici'].filter(name => used.includes(name));
  if (clients.length === 2) {
    leftOut.push({
      id: 'static-without-clients',
      label: clients.map(name => `\`${name}\``).join(' and '),
      imports: used.filter(name => !clients.includes(name))
    });
  }
  return { alone, together, leftOut };
}

/** The piece bundled as `npm run build` bundles the action; rebuilt only when it changes. */
async function bundle(piece: Piece): Promise<string> {
  const dir = join(STARTUP_DIR, 'pieces', piece.id.replace(/[^a-z0-9-]/gi, '_'));
  const entry = join(dir, 'entry.js');
  const out = join(dir, 'out');
  const lines = piece.imports.map((spec, i) => {
    const from = spec.startsWith('/') ? `./${relative(dir, spec)}` : spec;
    return `import * as piece${i} from '${from}';`;
  });
  lines.push(
    `globalThis.benchPieces = [${piece.imports.map((_, i) => `piece${i}`).join(', ')}];`,
    ''
  );
  const source = lines.join('\n');
  const key = createHash('sha256')
    .update(source)
    .update(readFileSync(join(REPO_ROOT, 'package-lock.json')))
    .update(readFileSync(NCC.replace(/dist\/ncc\/cli\.js$/, 'package.json')))
    .digest('hex');
  const keyFile = join(out, '.key');
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return join(out, 'index.js');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(entry, source);
  const run = await runProcess(
    process.execPath,
    [NCC, 'build', entry, '-o', out, '--minify', '-q'],
    {
      cwd: REPO_ROOT
    }
  );
  if (run.exitCode !== 0) throw new Error(`ncc could not bundle ${piece.id}`);
  writeFileSync(keyFile, key);
  return join(out, 'index.js');
}

// --- Node built-ins and workers, in a bare node --------------------------------------------

const BUILTINS: Array<{ label: string; code: string }> = [
  { label: '`node:http`', code: "require('node:http')" },
  { label: '`node:https` (with `node:tls`)', code: "require('node:https')" },
  { label: '`node:http2` (with `node:tls`)', code: "require('node:http2')" },
  { label: '`node:crypto`', code: "require('node:crypto')" },
  { label: '`node:zlib`', code: "require('node:zlib')" },
  {
    label: "Node's built-in `fetch` (its own undici, loaded on first use)",
    code: "fetch('data:,x').then(r => r.text())"
  },
  {
    label:
      '`import * as http from "node:http"` in ESM (the namespace reads `http.WebSocket`, ' +
      "which loads Node's undici)",
    code: "import('node:http')"
  }
];

function workersCode(count: number): string {
  return (
    "const { Worker } = require('node:worker_threads');" +
    `for (let i = 0; i < ${count}; i++) new Worker('setTimeout(() => {}, 200)', { eval: true });`
  );
}

// --- the action's runs -----------------------------------------------------------------------

interface Sample {
  at: number;
  rssKib: number;
  hwmKib: number;
  mark?: string;
}

interface ActionRun {
  peakKib: number;
  wallMs: number;
  samples: Sample[];
}

interface RunKind {
  id: string;
  label: string;
  emulator: EmulatorOptions;
  seedTheme?: boolean;
  workspace: string;
  themeDir: string;
  expectUploaded: string;
}

/** Five small files, the site empty: what the issue calls "a run that uploads five small files". */
function prepareFiveFiles(): string {
  const workspace = join(STARTUP_DIR, 'five');
  const files: Record<string, string> = {
    '_config.yml': 'title: Five files\nexclude:\n  - README.md\n',
    'index.html': '<!doctype html>\n<h1>Hello</h1>\n',
    '_layouts/default.html': '<!doctype html>\n<main>{{ content }}</main>\n',
    'assets/site.css': 'body { font: 16px/1.5 system-ui; }\n',
    'assets/site.js': "document.documentElement.classList.add('js');\n"
  };
  for (const [name, content] of Object.entries(files)) {
    const path = join(workspace, 'theme', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return workspace;
}

async function actionRun(kind: RunKind): Promise<ActionRun> {
  const emulator = await RemoteEmulator.start({
    latencyMs: LATENCY_MS,
    keepBodyBytesUpTo: 0,
    ...kind.emulator
  });
  try {
    if (kind.seedTheme) await emulator.seedBenchTheme();
    const rssFile = join(mkdtempSync(join(tmpdir(), 'siteleaf-bench-rss-')), 'rss.txt');
    writeFileSync(rssFile, '');
    const run = await timedDist({
      entry: join(BENCH_BUILD_DIR, 'measured-entry.js'),
      inputs: inputsFor(emulator, kind.themeDir),
      workspace: kind.workspace,
      env: { BENCH_RSS_FILE: rssFile, BENCH_RSS_EVERY_MS: '20', BENCH_RSS_MARKS: '1' }
    });
    if (run.exitCode !== 0 || run.outputs.uploaded !== kind.expectUploaded) {
      throw new Error(
        `${kind.label}: exited ${run.exitCode}, uploaded '${run.outputs.uploaded}' (expected ${kind.expectUploaded})`
      );
    }
    const samples = readFileSync(rssFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line): Sample => {
        const [at, rss, hwm, , tag, ...rest] = line.split(' ');
        return {
          at: Number(at),
          rssKib: Number(rss),
          hwmKib: Number(hwm),
          ...(tag === 'mark' ? { mark: rest.join(' ') } : {})
        };
      });
    rmSync(dirname(rssFile), { recursive: true, force: true });
    return { peakKib: Math.max(...samples.map(s => s.hwmKib)), wallMs: run.wallMs, samples };
  } finally {
    await emulator.close();
  }
}

/** `::group::Plan for 5 theme files` → `Plan for N theme files`. */
function phaseName(mark: string): string {
  if (mark.startsWith('::group::'))
    return `▼ ${mark.slice('::group::'.length).replace(/\d[\d,]*/g, 'N')}`;
  if (mark.startsWith('::endgroup::')) return '(group closed)';
  return 'first line written';
}

/**
 * The run's phases: each mark (the first line, each group opened) with the RSS then and the
 * highest RSS until the next phase; the last phase runs to the exit.
 */
function phasesOf(run: ActionRun): Array<{ name: string; startKib: number; highestKib: number }> {
  const marks = run.samples
    .map((sample, index) => ({ sample, index }))
    .filter(({ sample }) => sample.mark !== undefined && !sample.mark.startsWith('::endgroup::'));
  return marks.map(({ sample, index }, i) => {
    const end = marks[i + 1]?.index ?? run.samples.length;
    const during = run.samples.slice(index, end);
    return {
      name: phaseName(sample.mark as string),
      startKib: sample.rssKib,
      highestKib: Math.max(...during.map(s => s.rssKib))
    };
  });
}

/**
 * Peak RSS (/usr/bin/time) of `node <nodeFlags> dist/index.js` run as a runner runs it (inputs as
 * INPUT_*, GITHUB_OUTPUT): runDist cannot pass flags to node, and measured-entry would sample
 * from inside.
 */
async function distPeakWithFlags(kind: RunKind, nodeFlags: readonly string[]): Promise<number> {
  const emulator = await RemoteEmulator.start({
    latencyMs: LATENCY_MS,
    keepBodyBytesUpTo: 0,
    ...kind.emulator
  });
  const scratch = mkdtempSync(join(tmpdir(), 'siteleaf-bench-flags-'));
  try {
    if (kind.seedTheme) await emulator.seedBenchTheme();
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!/^(INPUT_|GITHUB_|BENCH_)/.test(key)) env[key] = value;
    }
    for (const [name, value] of Object.entries(inputsFor(emulator, kind.themeDir))) {
      env[`INPUT_${name.toUpperCase()}`] = value;
    }
    const output = join(scratch, 'output.txt');
    writeFileSync(output, '');
    writeFileSync(join(scratch, 'summary.md'), '');
    Object.assign(env, {
      GITHUB_WORKSPACE: kind.workspace,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: join(scratch, 'summary.md')
    });
    const run = await runProcess(
      TIME,
      ['-f', '%M', '-o', timeFile, process.execPath, ...nodeFlags, DIST_ENTRY],
      { cwd: kind.workspace, env }
    );
    const uploaded = /^uploaded<<(.+)\n([^\n]*)\n/m.exec(readFileSync(output, 'utf8'))?.[2];
    if (run.exitCode !== 0 || uploaded !== kind.expectUploaded) {
      throw new Error(
        `${kind.label} (node ${nodeFlags.join(' ')}): exited ${run.exitCode}, uploaded '${uploaded}'`
      );
    }
    return Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await emulator.close();
  }
}

// --- the HTTP client probe --------------------------------------------------------------------

interface HttpProbeCase {
  label: string;
  options: Omit<HttpProbeOptions, 'url'>;
  nodeFlags: string[];
}

const HTTP_CASES: HttpProbeCase[] = [
  { label: 'undici, 1 request', options: { client: 'undici', count: 1 }, nodeFlags: [] },
  { label: 'undici, 20 requests', options: { client: 'undici', count: 20 }, nodeFlags: [] },
  {
    label: 'undici, 20 requests, `node --liftoff-only` (WebAssembly never optimized)',
    options: { client: 'undici', count: 20 },
    nodeFlags: ['--liftoff-only']
  },
  {
    label:
      'undici, 20 requests, `src/wasm-tiering.ts` loaded first (as the action does: a tiering ' +
      'budget no run spends, set at run time)',
    options: { client: 'undici', count: 20, baselineWasm: true },
    nodeFlags: []
  },
  {
    label: "Node's `http` module, 20 requests",
    options: { client: 'node-http', count: 20 },
    nodeFlags: []
  }
];

async function httpProbeRun(url: string, probe: HttpProbeCase): Promise<HttpProbeResult> {
  const run = await runProcess(process.execPath, [
    ...probe.nodeFlags,
    join(BENCH_BUILD_DIR, 'http-probe.js'),
    JSON.stringify({ url, ...probe.options })
  ]);
  if (run.exitCode !== 0) throw new Error(`http probe '${probe.label}' exited ${run.exitCode}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() || '{}') as HttpProbeResult;
}

// --- the upload probe ------------------------------------------------------------------------

async function probeRun(
  big: BigFile,
  variant: ProbeVariant
): Promise<ProbeResult & { intact: boolean }> {
  const emulator = await RemoteEmulator.start({ siteVersion: 'v2', keepBodyBytesUpTo: 0 });
  try {
    const run = await runBenchScript('upload-probe.js', [
      JSON.stringify({
        url: emulator.url,
        apiKey: emulator.apiKey,
        apiSecret: emulator.apiSecret,
        siteId: emulator.siteId,
        file: big.path,
        variant
      })
    ]);
    const result = JSON.parse(run.stdout.trim().split('\n').pop() || '{}') as ProbeResult;
    if (run.exitCode !== 0 || result.status !== 200) {
      throw new Error(`upload probe ${variant} exited ${run.exitCode}, HTTP ${result.status}`);
    }
    return { ...result, intact: result.sha === (await gitBlobShaOfFile(big.path)) };
  } finally {
    await emulator.close();
  }
}

const shaCache = new Map<string, string>();
async function gitBlobShaOfFile(path: string): Promise<string> {
  const known = shaCache.get(path);
  if (known) return known;
  const run = await runProcess('git', ['hash-object', '--no-filters', '--', path]);
  const sha = run.stdout.trim();
  shaCache.set(path, sha);
  return sha;
}

// --- the section ---------------------------------------------------------------------------

export async function benchStartup(big: BigFile, runs: number): Promise<SectionResult> {
  if (!existsSync(TIME)) {
    return {
      id: 'startup',
      title: 'Start-up and memory',
      setup: [
        `Skipped: this section needs \`${TIME}\` (GNU time) for the peaks of fresh processes.`
      ],
      rows: []
    };
  }
  mkdirSync(STARTUP_DIR, { recursive: true });
  const measureRuns = Math.max(runs, 1);

  progress('start-up and memory: bundling each dependency alone with ncc (cached)');
  const { alone, together, leftOut } = pieces();
  const bundled = new Map<string, string>();
  for (const piece of [...alone, together, ...leftOut]) bundled.set(piece.id, await bundle(piece));

  progress('start-up and memory: peaks of node, the bundle, each piece, built-ins, workers');
  const floor = await medianPeak(['-e', '0'], measureRuns);
  const bundleLoad = await medianPeak([DIST_ENTRY], measureRuns);
  const pieceRows: string[][] = [];
  const alonePeak = new Map<string, number>();
  for (const piece of alone) {
    alonePeak.set(piece.id, await medianPeak([bundled.get(piece.id) as string], measureRuns));
  }
  const togetherPeak = await medianPeak([bundled.get(together.id) as string], measureRuns);
  const withoutPeak = new Map<string, number>();
  for (const piece of leftOut) {
    withoutPeak.set(piece.id, await medianPeak([bundled.get(piece.id) as string], measureRuns));
  }
  const builtinPeaks: Array<[string, number]> = [];
  for (const builtin of BUILTINS) {
    builtinPeaks.push([builtin.label, await medianPeak(['-e', builtin.code], measureRuns)]);
  }
  const workerPeaks: Array<[number, number]> = [];
  for (const count of [1, 3]) {
    workerPeaks.push([count, await medianPeak(['-e', workersCode(count)], measureRuns)]);
  }

  progress('start-up and memory: HTTP clients in use (undici, Node http)');
  const probeServer = await startEmulator({ siteVersion: 'v2' });
  const httpResults = new Map<HttpProbeCase, HttpProbeResult[]>();
  try {
    for (let i = 0; i < measureRuns; i++) {
      for (const probe of HTTP_CASES) {
        const list = httpResults.get(probe) ?? [];
        list.push(await httpProbeRun(`${probeServer.url}/v2/probe`, probe));
        httpResults.set(probe, list);
      }
    }
  } finally {
    await probeServer.close();
  }

  const plus = (kib: number) => `+${mib(kib)}`;
  const sizeOf = (file: string) => bytes(readFileSync(file).length);
  for (const piece of alone) {
    const peak = alonePeak.get(piece.id) as number;
    pieceRows.push([
      `${piece.label}, bundled alone`,
      sizeOf(bundled.get(piece.id) as string),
      mib(peak),
      plus(peak - floor),
      '—'
    ]);
  }
  pieceRows.push([
    `All of ${together.label}, bundled together`,
    sizeOf(bundled.get(together.id) as string),
    mib(togetherPeak),
    plus(togetherPeak - floor),
    '—'
  ]);
  for (const piece of leftOut) {
    const peak = withoutPeak.get(piece.id) as number;
    pieceRows.push([
      `The same without ${piece.label}`,
      sizeOf(bundled.get(piece.id) as string),
      mib(peak),
      plus(peak - floor),
      // Below 0.1 MiB (either way) is run-to-run noise, not a saving.
      togetherPeak - peak < 0.05 * 1024 ? 'nothing measurable' : `${mib(togetherPeak - peak)} saved`
    ]);
  }
  for (const [label, peak] of builtinPeaks) {
    pieceRows.push([`${label}, in a bare \`node\``, '—', mib(peak), plus(peak - floor), '—']);
  }
  for (const [count, peak] of workerPeaks) {
    pieceRows.push([
      `${count} worker thread${count === 1 ? '' : 's'} (\`new Worker(…, { eval: true })\`), in a bare \`node\``,
      '—',
      mib(peak),
      plus(peak - floor),
      '—'
    ]);
  }

  for (const probe of HTTP_CASES) {
    const list = httpResults.get(probe) ?? [];
    const loaded = median(list.map(r => r.loadedKib));
    const peak = median(list.map(r => r.peakKib));
    pieceRows.push([
      `${probe.label}: peak after the requests (loaded: ${mib(loaded)})`,
      '—',
      mib(peak),
      `${plus(peak - floor)} (${plus(peak - loaded)} for the requests)`,
      '—'
    ]);
  }

  // The action's runs.
  const five = prepareFiveFiles();
  const kinds: RunKind[] = [
    {
      id: 'five-v2',
      label: 'five small files, v2 site (auto)',
      emulator: { siteVersion: 'v2' },
      workspace: five,
      themeDir: 'theme',
      expectUploaded: '5'
    },
    {
      id: 'five-v1',
      label: 'five small files, v1 site (auto)',
      emulator: { siteVersion: 'v1' },
      workspace: five,
      themeDir: 'theme',
      expectUploaded: '5'
    },
    {
      id: 'theme-v2',
      label: '1,500-file incremental sync, v2 site (60 uploads; hashing starts a worker)',
      emulator: { siteVersion: 'v2' },
      seedTheme: true,
      workspace: join(WORK_DIR, 'theme-1500'),
      themeDir: 'theme',
      expectUploaded: '60'
    },
    {
      id: 'big-v2',
      label: `one ${bytes(big.size)} (300 MiB) file, v2 site`,
      emulator: { siteVersion: 'v2' },
      workspace: big.workspace,
      themeDir: 'theme',
      expectUploaded: '1'
    },
    {
      id: 'big-v1',
      label: `one ${bytes(big.size)} (300 MiB) file, v1 site`,
      emulator: { siteVersion: 'v1' },
      workspace: big.workspace,
      themeDir: 'theme',
      expectUploaded: '1'
    }
  ];
  const results = new Map<string, ActionRun[]>(kinds.map(kind => [kind.id, []]));
  const actionRuns = Math.max(1, Math.min(measureRuns, 3));
  // Interleaved, so every kind sees the same machine.
  for (let i = 0; i < actionRuns; i++) {
    for (const kind of kinds) {
      progress(`start-up and memory: ${kind.label}, run ${i + 1}/${actionRuns}`);
      results.get(kind.id)?.push(await actionRun(kind));
    }
  }
  const peakOfKind = (id: string) => median((results.get(id) ?? []).map(r => r.peakKib));
  /** The run whose peak is the median's (or nearest), for its phases. */
  const typical = (id: string): ActionRun => {
    const list = results.get(id) ?? [];
    const middle = peakOfKind(id);
    return [...list].sort(
      (a, b) => Math.abs(a.peakKib - middle) - Math.abs(b.peakKib - middle)
    )[0] as ActionRun;
  };

  // The judged peaks: `node dist/index.js` exactly as a runner starts it, /usr/bin/time around
  // it (measured-entry's in-process sampling, which the phases need, shifts the peak a little).
  const kindOf = (id: string) => kinds.find(kind => kind.id === id) as RunKind;
  const direct = new Map<string, number[]>();
  const liftoffOnly: number[] = [];
  for (let i = 0; i < actionRuns; i++) {
    for (const id of ['five-v2', 'big-v2', 'big-v1']) {
      progress(
        `start-up and memory: ${kindOf(id).label}, ${TIME} alone, run ${i + 1}/${actionRuns}`
      );
      const list = direct.get(id) ?? [];
      list.push(await distPeakWithFlags(kindOf(id), []));
      direct.set(id, list);
    }
    progress(
      `start-up and memory: ${kindOf('five-v2').label} under node --liftoff-only, run ${i + 1}/${actionRuns}`
    );
    liftoffOnly.push(await distPeakWithFlags(kindOf('five-v2'), ['--liftoff-only']));
  }

  const probes = new Map<ProbeVariant, Array<ProbeResult & { intact: boolean }>>();
  const probeRuns = Math.max(1, Math.min(measureRuns, 3));
  for (let i = 0; i < probeRuns; i++) {
    for (const variant of PROBE_VARIANTS) {
      progress(`start-up and memory: upload probe ${variant}, run ${i + 1}/${probeRuns}`);
      const list = probes.get(variant) ?? [];
      list.push(await probeRun(big, variant));
      probes.set(variant, list);
    }
  }

  const directPeak = (id: string) => median(direct.get(id) ?? []);
  const fiveV2 = directPeak('five-v2');
  const bigV2 = directPeak('big-v2');
  const bigV1 = directPeak('big-v1');
  const timed = `${actionRuns} runs, \`${TIME}\` around \`node dist/index.js\``;
  const rows: Row[] = [
    {
      metric: 'Peak RSS, a run that uploads five small files (v2 site, `api-version: auto`)',
      value: `${mib(fiveV2)} (${timed}; \`node -e 0\`: ${mib(floor)})`,
      target: `≤ ${mib(FIVE_FILE_TARGET_KIB)}`,
      verdict: pass(fiveV2 <= FIVE_FILE_TARGET_KIB)
    },
    {
      metric:
        'Peak RSS, the same five-file v2 run under `node --liftoff-only` (V8 never optimizes ' +
        'WebAssembly at all: the floor that `src/wasm-tiering.ts` reaches without a flag)',
      value: `${mib(median(liftoffOnly))} (${timed})`,
      verdict: 'info'
    },
    {
      metric: `Peak RSS uploading one ${bytes(big.size)} (300 MiB) file, v2 site`,
      value: `${mib(bigV2)} (${timed})`,
      target: `≤ ${mib(BIG_UPLOAD_TARGET_KIB)}`,
      verdict: pass(bigV2 <= BIG_UPLOAD_TARGET_KIB)
    },
    {
      metric: `Peak RSS uploading one ${bytes(big.size)} (300 MiB) file, v1 site`,
      value: `${mib(bigV1)} (${timed})`,
      target: `≤ ${mib(BIG_UPLOAD_TARGET_KIB)}`,
      verdict: pass(bigV1 <= BIG_UPLOAD_TARGET_KIB)
    },
    {
      metric: 'Peak RSS, five small files on a v1 site (sampled run)',
      value: mib(peakOfKind('five-v1')),
      verdict: 'info'
    },
    {
      metric: 'Peak RSS, 1,500-file incremental sync on v2 (60 uploads, a hashing worker)',
      value: mib(peakOfKind('theme-v2')),
      verdict: 'info'
    },
    {
      metric: '`node -e 0` (the floor)',
      value: mib(floor),
      verdict: 'info'
    },
    {
      metric: 'Loading `dist/index.js` alone (no inputs: it stops at the first one)',
      value: `${mib(bundleLoad)} (${plus(bundleLoad - floor)} over the floor; bundle ${sizeOf(DIST_ENTRY)})`,
      verdict: 'info'
    }
  ];

  // Phases: one column per run kind, one row per phase name, in the order first met.
  const phaseNames: string[] = [];
  const phaseTables = kinds.map(kind => {
    const phases = phasesOf(typical(kind.id));
    for (const phase of phases) if (!phaseNames.includes(phase.name)) phaseNames.push(phase.name);
    return new Map(phases.map(p => [p.name, p] as const));
  });
  const phaseRows = phaseNames.map(name => [
    name,
    ...phaseTables.map(phases => {
      const phase = phases.get(name);
      return phase ? `${mib(phase.startKib)} → ${mib(phase.highestKib)}` : '—';
    })
  ]);
  phaseRows.push([
    'Peak (VmHWM) of these sampled runs, median',
    ...kinds.map(kind => mib(peakOfKind(kind.id)))
  ]);

  const probeRows = PROBE_VARIANTS.map(variant => {
    const list = probes.get(variant) ?? [];
    const growth = median(list.map(r => r.peakKib - r.rssBeforeKib));
    return [
      `\`${variant}\``,
      mib(median(list.map(r => r.rssBeforeKib))),
      mib(median(list.map(r => r.peakKib))),
      `+${mib(growth)}`,
      ms(median(list.map(r => r.wallMs))),
      list.every(r => r.intact)
        ? 'yes'
        : `**no** (${list.filter(r => !r.intact).length} of ${list.length} runs)`
    ];
  });

  const lazy = importsOfSrc().lazy;
  return {
    id: 'startup',
    title: 'Start-up and memory: where the resident memory goes',
    setup: [
      "Peak RSS is the kernel's high-water mark of the process (`VmHWM`, what `/usr/bin/time -v` " +
        `calls "Maximum resident set size"). Fresh processes are measured with \`${TIME}\`, medians of ` +
        `${measureRuns} runs. Each runtime dependency of package.json is bundled alone with ncc ` +
        '(`--minify`, ESM, as `npm run build` bundles the action; cached in `bench/.work/startup/`) ' +
        'from an entry that imports it whole, then run: its cost is its peak above `node -e 0`. ' +
        'The dependencies that `src/` imports statically are also bundled together, and then each ' +
        'left out in turn: the difference is what removing that one saves with the others still ' +
        `there (they share Node built-ins). ${lazy.length ? `Loaded on demand only: ${lazy.map(n => `\`${n}\``).join(', ')}.` : ''}`,
      "The action's runs are `dist/index.js` under `bench/measured-entry.ts` (which samples " +
        '`/proc/self/status` every 20 ms and whenever the action opens a log group), the emulator in ' +
        `a process of its own, latency ${LATENCY_MS} ms, default inputs, ${actionRuns} runs of each, ` +
        'interleaved. The five files are `_config.yml`, `index.html`, a layout, a stylesheet and a ' +
        'script (under 100 bytes each), the site empty.',
      `The upload probes (\`bench/upload-probe.ts\`) PUT the same ${bytes(big.size)} file to a v2 ` +
        'emulator from a process that loads only undici, with the body made in each of the ways ' +
        `listed; ${probeRuns} runs each. "Intact" compares the \`sha\` the emulator computed from ` +
        "the bytes it received with the file's `git hash-object`."
    ],
    rows,
    extra: [
      table(['Piece', 'Bundle', 'Peak RSS', 'Above `node -e 0`', 'Left out of the set'], pieceRows),
      table(['Phase (log group opened)', ...kinds.map(kind => kind.label)], phaseRows),
      table(
        [
          'Upload body (one 300 MiB file, v2 PUT)',
          'RSS before',
          'Peak',
          'Growth',
          'Wall time',
          'Intact'
        ],
        probeRows
      )
    ],
    notes: [
      'Phases read "RSS when the group opened → highest RSS until the next one"; the first line ' +
        'is written once the bundle is loaded and the inputs read. These runs load the bundle from ' +
        '`measured-entry.ts`, whose sampling shifts the peak by a few MiB either way: the judged ' +
        'peaks above are those of `node dist/index.js` alone.',
      'Workers: the hashing worker starts only for a large job (hundreds of files or tens of MB); ' +
        'the action starts one at most, whatever the cores (each is a V8 isolate of its own; ' +
        'three, one per spare core of a 4-vCPU runner, were measured above).'
    ]
  };
}
