// Runs an entry point (dist/index.js by default) in this process while recording its memory:
// every BENCH_RSS_EVERY_MS, and once more at exit, one line `epochMs VmRSS VmHWM heapUsed` (KiB)
// is appended to BENCH_RSS_FILE. VmHWM is the peak resident set size, the figure
// `/usr/bin/time -v` reports as "Maximum resident set size". Appending each sample keeps this
// wrapper's own memory flat, and the sampler is unref'd: it never keeps the action alive.
//
// With BENCH_GC_EVERY_MS, a full garbage collection runs that often and the line after it ends
// in ` gc`: its heapUsed is the live heap, which grows only if something is kept per event.
// (Those collections also trim the RSS a little; the peak-RSS runs leave it unset.)
//
// With BENCH_RSS_MARKS=1, one more sample is taken each time the action writes a line to stdout
// that opens or closes a log group (`::group::Name`, `::endgroup::`), and the first line it
// writes at all; the line ends in ` mark <the log line>`. So the samples say what the process
// held when each phase of the run began (settings read, plan, upload, publish log), with no
// hook in the action's code: only the runner's view of it, its stdout.
import { appendFileSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DIST_ENTRY } from '../runner/run-dist.js';

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

if (output && process.env.BENCH_RSS_MARKS === '1') {
  let first = true;
  const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    for (const line of text.split('\n')) {
      if (line === '') continue;
      if (first || line.startsWith('::group::') || line.startsWith('::endgroup::')) {
        first = false;
        // A mask command carries a secret: keep the command, not the value.
        const shown = line.startsWith('::add-mask::') ? '::add-mask::***' : line;
        sample(` mark ${shown.replace(/\r/g, ' ').slice(0, 80)}`);
      }
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
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
