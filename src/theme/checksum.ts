// MD5 of theme files, as Siteleaf's asset `checksum` holds it (lowercase hex, like `md5sum`).
//
// Files are read in 1 MiB chunks into a reused buffer, never whole. Speed is what `md5sum`
// sets (the benchmark asks for at least 80% of its throughput), and two costs stand in the way
// of matching it from Node:
// - every asynchronous fs call is a round trip through libuv's thread pool, so a file costs
//   open + read + read + close round trips, which dominates for the small files themes are
//   made of; synchronous reads cost one system call each, like md5sum's;
// - MD5 runs on one core, and hashing on the main thread would also stall the event loop (the
//   asset list request runs meanwhile).
// So a large job is spread over worker threads doing synchronous reads (one core each, several
// files queued per worker so none waits for the next name), and a small job, where starting
// workers would cost more than it saves, is hashed in this thread, yielding between files.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LocalThemeFile } from './files.js';

export type ChecksummedFile = LocalThemeFile & { checksum: string };

const CHUNK_BYTES = 1024 * 1024;
/** md5OfFile's two buffers: larger chunks mean fewer thread-pool round trips. */
const STREAM_CHUNK_BYTES = 2 * 1024 * 1024;
/** Below both, a job takes less time than starting workers (about 20 ms each). */
const WORKER_MIN_BYTES = 16 * 1024 * 1024;
const WORKER_MIN_FILES = 400;
/** Files queued to each worker at once, so it never idles waiting for the next name. */
const FILES_QUEUED_PER_WORKER = 8;

/**
 * MD5 of a file's bytes, lowercase hex, read in chunks with asynchronous reads (the event loop
 * stays free however large the file). Two buffers take turns: the next chunk is read in the
 * thread pool while this one is hashed, so a large file goes at the speed of MD5 alone.
 * Rejects with the abort reason once `signal` aborts.
 */
export async function md5OfFile(path: string, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  const hash = createHash('md5');
  let current = Buffer.allocUnsafe(STREAM_CHUNK_BYTES);
  let spare = Buffer.allocUnsafe(STREAM_CHUNK_BYTES);
  const handle = await open(path, 'r');
  let position = 0;
  let pending = handle.read(current, 0, current.length, position);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      position += bytesRead;
      signal?.throwIfAborted();
      const filled = current;
      pending = handle.read(spare, 0, spare.length, position);
      hash.update(filled.subarray(0, bytesRead));
      current = spare;
      spare = filled;
    }
  } finally {
    // Never close the file under a read still in flight (after an abort or a failed read).
    await pending.catch(() => undefined);
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * Adds each file's MD5, results in input order. Up to `concurrency` files are hashed at once
 * (capped by the CPU count: MD5 is CPU-bound). Rejects on the first unreadable file with an
 * error naming it, or with the abort reason once `signal` aborts.
 */
export async function checksumThemeFiles(
  files: readonly LocalThemeFile[],
  concurrency: number,
  signal?: AbortSignal
): Promise<ChecksummedFile[]> {
  signal?.throwIfAborted();
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const workers = Math.min(
    Math.max(1, Math.floor(concurrency)),
    availableParallelism(),
    files.length
  );
  const checksums =
    workers >= 1 && (totalBytes >= WORKER_MIN_BYTES || files.length >= WORKER_MIN_FILES)
      ? await hashInWorkers(files, workers, signal)
      : await hashInThisThread(files, signal);
  return files.map((file, index) => ({ ...file, checksum: checksums[index] as string }));
}

async function hashInThisThread(
  files: readonly LocalThemeFile[],
  signal?: AbortSignal
): Promise<string[]> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const checksums: string[] = [];
  for (const file of files) {
    try {
      checksums.push(md5OfFileSync(file.absolutePath, buffer));
    } catch (error) {
      throw unreadable(file, error instanceof Error ? error.message : String(error));
    }
    // Let the event loop run (the asset list request, a cancel) between files.
    await new Promise(resolve => setImmediate(resolve));
    signal?.throwIfAborted();
  }
  return checksums;
}

/** The same loop as the workers run, for one file in this thread. */
function md5OfFileSync(path: string, buffer: Buffer): string {
  const hash = createHash('md5');
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

// The worker's source, inline so the bundle (ncc) needs no second file. It runs as a CommonJS
// script (`eval: true`) and mirrors md5OfFileSync.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${CHUNK_BYTES});
parentPort.on('message', ({ index, path }) => {
  try {
    const hash = createHash('md5');
    const fd = openSync(path, 'r');
    try {
      for (;;) {
        const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
      }
    } finally {
      closeSync(fd);
    }
    parentPort.postMessage({ index, checksum: hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ index, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

type WorkerAnswer = { index: number; checksum: string } | { index: number; error: string };

function hashInWorkers(
  files: readonly LocalThemeFile[],
  workerCount: number,
  signal?: AbortSignal
): Promise<string[]> {
  return new Promise<string[]>((resolve, reject) => {
    const checksums = new Array<string>(files.length);
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let finished = false;
    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      for (const worker of pool) void worker.terminate();
      if (error === undefined) resolve(checksums);
      else reject(error);
    };
    const onAbort = (): void => finish(signal?.reason);
    const feed = (worker: Worker): void => {
      if (next >= files.length) return;
      const index = next++;
      worker.postMessage({ index, path: (files[index] as LocalThemeFile).absolutePath });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    for (let w = 0; w < workerCount; w++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      pool.push(worker);
      worker.on('message', (answer: WorkerAnswer) => {
        if (finished) return;
        if ('error' in answer) {
          finish(unreadable(files[answer.index] as LocalThemeFile, answer.error));
          return;
        }
        checksums[answer.index] = answer.checksum;
        if (++done === files.length) finish();
        else feed(worker);
      });
      worker.on('error', error => finish(error));
      worker.on('exit', code => {
        if (!finished)
          finish(new Error(`The checksum worker stopped unexpectedly (exit code ${code})`));
      });
      for (let queued = 0; queued < FILES_QUEUED_PER_WORKER; queued++) feed(worker);
    }
  });
}

function unreadable(file: LocalThemeFile, reason: string): Error {
  return new Error(`Could not read theme file ${file.filename}: ${reason}`);
}
