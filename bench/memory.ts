// 4. Memory of the action process (dist/index.js under measured-entry.ts, which samples
// /proc/self/status), with the emulator in a process of its own (RemoteEmulator), following a
// 20,000-event job stream: resident memory must not grow with the events. (The peak of a
// 300 MiB upload, and where the start-up's memory goes, are section 7's: startup.ts.)
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { BENCH_BUILD_DIR, WORK_DIR, inputsFor, progress, timedDist } from './harness.js';
import { LATENCY_MS } from './incremental.js';
import { pass, table, type Row, type SectionResult } from './markdown.js';
import { RemoteEmulator } from './remote-emulator.js';
import { mib, thousands } from './stats.js';
import type { JobScript } from '../emulator/server.js';

export const BIG_FILE_BYTES = 300 * 1024 * 1024;
const STREAM_EVENTS = 20_000;
/**
 * "Flat": RSS late in the stream at most this much above its level early on (the sawtooth of
 * garbage waiting for collection is several MiB), and the live heap at most this much above.
 */
const FLAT_RSS_TOLERANCE_KIB = 16 * 1024;
const FLAT_HEAP_TOLERANCE_KIB = 1024;

export interface BigFile {
  workspace: string;
  path: string;
  size: number;
}

/** A workspace whose theme is one 300 MiB file (made once, kept in bench/.work). */
export async function prepareBigFile(): Promise<BigFile> {
  const workspace = join(WORK_DIR, 'big');
  const path = join(workspace, 'theme', 'assets', 'video', 'intro.mp4');
  if (!existsSync(path) || statSync(path).size !== BIG_FILE_BYTES) {
    mkdirSync(dirname(path), { recursive: true });
    const block = randomBytes(1024 * 1024);
    const out = createWriteStream(path);
    for (let i = 0; i < BIG_FILE_BYTES / block.length; i++) {
      // Vary every block so no layer can deduplicate or compress the upload.
      block.writeUInt32LE(i, 0);
      if (!out.write(Buffer.from(block))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }
  return { workspace, path, size: BIG_FILE_BYTES };
}

interface Sample {
  at: number;
  rssKib: number;
  hwmKib: number;
  heapKib: number;
  /** Taken right after a forced full GC: heapKib is the live heap. */
  afterGc: boolean;
}

interface MeasuredRun {
  exitCode: number;
  outputs: Record<string, string>;
  wallMs: number;
  samples: Sample[];
  peakKib: number;
  startedAt: number;
}

async function measuredDist(
  emulator: RemoteEmulator,
  workspace: string,
  extraInputs: Record<string, string>,
  options: { onLine?: (line: string) => void; everyMs?: number; gcEveryMs?: number } = {}
): Promise<MeasuredRun> {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'siteleaf-bench-rss-')), 'rss.txt');
  writeFileSync(rssFile, '');
  const run = await timedDist({
    entry: join(BENCH_BUILD_DIR, 'measured-entry.js'),
    inputs: inputsFor(emulator, 'theme', extraInputs),
    workspace,
    env: {
      BENCH_RSS_FILE: rssFile,
      BENCH_RSS_EVERY_MS: String(options.everyMs ?? 100),
      BENCH_GC_EVERY_MS: String(options.gcEveryMs ?? 0)
    },
    onLine: options.onLine
  });
  const samples = readFileSync(rssFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [at, rssKib, hwmKib, heapKib, tag] = line.split(' ');
      return {
        at: Number(at),
        rssKib: Number(rssKib),
        hwmKib: Number(hwmKib),
        heapKib: Number(heapKib),
        afterGc: tag === 'gc'
      };
    });
  return {
    exitCode: run.exitCode,
    outputs: run.outputs,
    wallMs: run.wallMs,
    samples,
    peakKib: Math.max(...samples.map(s => s.hwmKib)),
    startedAt: run.startedAt
  };
}

interface StreamRun extends MeasuredRun {
  /** When the parent had seen each thousandth event line. */
  milestones: Array<{ events: number; at: number }>;
}

/** upload-theme: false; the publish job emits STREAM_EVENTS working events, then complete. */
async function streamRun(gcEveryMs: number): Promise<StreamRun> {
  const steps: NonNullable<JobScript['steps']> = [];
  for (let i = 1; i <= STREAM_EVENTS; i++) {
    steps.push({ status: 'working', message: `Rendering page ${i} of ${STREAM_EVENTS}` });
  }
  steps.push({ status: 'complete', message: 'Published' });
  const emulator = await RemoteEmulator.start({ latencyMs: LATENCY_MS, job: { steps, stepMs: 1 } });
  const milestones: Array<{ events: number; at: number }> = [];
  let events = 0;
  try {
    const run = await measuredDist(
      emulator,
      WORK_DIR,
      { 'upload-theme': 'false', 'theme-dir': '.' },
      {
        everyMs: 250,
        gcEveryMs,
        onLine: line => {
          if (!/^\d\d:\d\d:\d\d {2}(working|complete)/.test(line)) return;
          events++;
          if (events % 500 === 0 || events === STREAM_EVENTS + 1) {
            milestones.push({ events, at: Date.now() });
          }
        }
      }
    );
    if (run.exitCode !== 0 || events !== STREAM_EVENTS + 1) {
      throw new Error(`stream run exited ${run.exitCode} after ${events} event lines`);
    }
    return { ...run, milestones };
  } finally {
    await emulator.close();
  }
}

/** The last sample (of those `pick` accepts) taken before the parent saw the N-th event line. */
function sampleAt(
  run: StreamRun,
  count: number,
  pick: (s: Sample) => boolean = () => true
): Sample {
  const milestone = run.milestones.find(m => m.events >= count) as { at: number };
  const before = run.samples.filter(s => s.at <= milestone.at && pick(s));
  return before[before.length - 1] ?? (run.samples[0] as Sample);
}

/** Samples taken while the N-th to M-th events were arriving. */
function samplesBetween(run: StreamRun, from: number, to: number): Sample[] {
  const start = (run.milestones.find(m => m.events >= from) as { at: number }).at;
  const end = (run.milestones.find(m => m.events >= to) as { at: number }).at;
  return run.samples.filter(s => s.at >= start && s.at <= end);
}

export async function benchMemory(): Promise<SectionResult> {
  // 20,000 events: once untouched (RSS), once with a full GC every 2 s (live heap).
  progress(`memory: following a ${thousands(STREAM_EVENTS)}-event job stream (about 2 minutes)`);
  const stream = await streamRun(0);
  progress(`memory: the same stream with a full GC every 2 s (about 2 minutes)`);
  const gcStream = await streamRun(2000);
  const peakOf = (samples: Sample[]) => Math.max(...samples.map(s => s.rssKib));
  const early = peakOf(samplesBetween(stream, 1_000, 5_000));
  const late = peakOf(samplesBetween(stream, 15_000, STREAM_EVENTS));
  const rssGrowth = late - early;
  const heap5k = sampleAt(gcStream, 5_000, s => s.afterGc).heapKib;
  const heapEnd = sampleAt(gcStream, STREAM_EVENTS, s => s.afterGc).heapKib;
  const heapGrowth = heapEnd - heap5k;
  const streamSeconds = (stream.wallMs / 1000).toFixed(0);
  const signed = (kib: number) => `${kib >= 0 ? '+' : ''}${mib(kib)}`;

  const rows: Row[] = [
    {
      metric: `Peak RSS following a ${thousands(STREAM_EVENTS + 1)}-event job stream`,
      value: `${mib(stream.peakKib)} (stream followed in ${streamSeconds} s, every event logged once)`,
      verdict: 'info'
    },
    {
      metric: `Highest RSS during events 15,000–${thousands(STREAM_EVENTS)} vs. 1,000–5,000`,
      value: `${mib(late)} vs ${mib(early)} (${signed(rssGrowth)})`,
      target: `flat (≤ +${mib(FLAT_RSS_TOLERANCE_KIB)}: GC sawtooth)`,
      verdict: pass(rssGrowth <= FLAT_RSS_TOLERANCE_KIB)
    },
    {
      metric: `Live heap after a full GC, at 5,000 → ${thousands(STREAM_EVENTS)} events`,
      value: `${mib(heap5k)} → ${mib(heapEnd)} (${signed(heapGrowth)})`,
      target: `flat (≤ +${mib(FLAT_HEAP_TOLERANCE_KIB)})`,
      verdict: pass(heapGrowth <= FLAT_HEAP_TOLERANCE_KIB)
    }
  ];
  const curve = [1_000, 2_500, 5_000, 7_500, 10_000, 12_500, 15_000, 17_500, STREAM_EVENTS].map(
    count => [
      thousands(count),
      mib(sampleAt(stream, count).rssKib),
      mib(sampleAt(gcStream, count, s => s.afterGc).heapKib),
      mib(sampleAt(gcStream, count, s => s.afterGc).rssKib)
    ]
  );
  return {
    id: 'memory',
    title: 'Memory over a long job stream',
    setup: [
      'The action is `node dist/index.js`, started by `bench/measured-entry.ts`, which imports it in the ' +
        'same process and records `VmRSS` and `VmHWM` (peak RSS, what `/usr/bin/time -v` calls ' +
        '"Maximum resident set size") from `/proc/self/status` every 100–250 ms and at exit. The ' +
        'emulator runs in a separate process (`bench/emulator-process.ts`), keeping none of the ' +
        `job log; latency ${LATENCY_MS} ms. (The peak of a 300 MiB upload is measured with the ` +
        'rest of the start-up and memory figures, in section 7.)',
      `Stream: \`upload-theme: false\`, the publish job emits ` +
        `${thousands(STREAM_EVENTS)} \`working\` events 1 ms apart, then \`complete\`; the emulator ` +
        'writes each event in two chunks 5 ms apart, which sets the pace. The stream runs twice: ' +
        'untouched (RSS), then with a forced full GC every 2 s (the live heap, which is what would ' +
        'grow if something were kept per event; RSS alone also carries garbage not yet collected).'
    ],
    rows,
    notes: [
      'Over the stream, RSS drifts up a few MiB while the live heap stays put: memory V8 and malloc keep ' +
        'for reuse, not data kept per event (the report keeps a bounded log, the replay filter only the ' +
        'events of the newest second).'
    ],
    extra: [
      table(
        [
          'Events received',
          'RSS',
          'Live heap after full GC (2nd run)',
          'RSS after full GC (2nd run)'
        ],
        curve
      )
    ]
  };
}

export function removeBigFile(big: BigFile): void {
  rmSync(big.path, { force: true });
}
