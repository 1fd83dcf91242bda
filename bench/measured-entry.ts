// Runs an entry point (dist/index.js by default) in this process while recording its memory:
// every BENCH_RSS_EVERY_MS, and once more at exit, one line `epochMs VmRSS VmHWM heapUsed` (KiB)
// is appended to BENCH_RSS_FILE. VmHWM is the peak resident set size, the figure
// `/usr/bin/time -v` reports as "Maximum resident set size". Appending each sample keeps this
// wrapper's own memory flat, and the sampler is unref'd: it never keeps the action alive.
//
// With BENCH_GC_EVERY_MS, a full garbage collection runs that often and the line after it ends
// in ` gc`: its heapUsed is the live heap, which grows only if something is kept per event.
// (Those collections also trim the RSS a little; the peak-RSS runs leave it unset.)
import { appendFileSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DIST_ENTRY } from '../scripts/runner.js';

const output = process.env.BENCH_RSS_FILE;
const everyMs = Number(process.env.BENCH_RSS_EVERY_MS ?? 100);
const gcEveryMs = Number(process.env.BENCH_GC_EVERY_MS ?? 0);

function kib(status: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
}

function sample(tag = ''): void {
  if (!output) return;
  const status = readFileSync('/proc/self/status', 'utf8');
  const heapKib = Math.round(process.memoryUsage().heapUsed / 1024);
  appendFileSync(
    output,
    `${Date.now()} ${kib(status, 'VmRSS')} ${kib(status, 'VmHWM')} ${heapKib}${tag}\n`
  );
}

if (output) {
  sample();
  setInterval(sample, everyMs).unref();
  process.on('exit', () => sample());
  if (gcEveryMs > 0) {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    setInterval(() => {
      gc();
      sample(' gc');
    }, gcEveryMs).unref();
  }
}
await import(pathToFileURL(process.env.BENCH_ENTRY || DIST_ENTRY).href);
