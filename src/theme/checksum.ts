// Checksums of theme files, lowercase hex, in the kind the site's API compares (ChecksumKind):
// - `md5`: v1's asset `checksum`, what `md5sum` prints;
// - `git-blob-sha1`: v2's source `sha`, git's blob id, what `git hash-object FILE` prints: SHA-1
//   over `blob <size>\0` then the bytes. The header needs the size before the first byte, so it
//   comes from `fstat` on the descriptor being read (not the listing's stat, which may be stale),
//   and the bytes read must add up to it: a file that changed size while it was read fails with
//   an error naming it, rather than give an id that matches neither its old bytes nor its new.
//
// Files are read in chunks into reused buffers, never whole. Speed is what coreutils sets (the
// benchmark asks for at least 80% of the throughput of `md5sum` for MD5, of `sha1sum` for
// SHA-1), and three costs stand in the way of matching it from Node, each measured on a
// 1,500-file theme:
// - every asynchronous fs call is a round trip through libuv's thread pool: open + read + read
//   + close per file dominates for the small files themes are made of. Synchronous reads cost
//   one system call each, like md5sum's, and hash small files at md5sum's speed;
// - a message to a worker thread and back costs about 0.1 ms, as much as hashing a 50 kB file,
//   so workers get files in batches of several MiB, never one by one;
// - starting a worker takes about 35 ms, longer than a small theme takes to hash.
// So this thread starts hashing at once (synchronous reads, yielding to the event loop between
// batches so the asset list request and a cancel still get through), and when the job is large
// enough, worker threads join it, taking batches from the same queue: never slower than one
// thread, faster wherever the runner has a spare core. A large file is read asynchronously
// when this thread gets it, so the event loop never stalls on it.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChecksumKind } from '../siteleaf/api.js';
import type { LocalThemeFile } from './files.js';
import { messageOf } from '../format.js';

export type ChecksummedFile = LocalThemeFile & { checksum: string };

/** Synchronous reads: one buffer per thread. */
const SYNC_CHUNK_BYTES = 1024 * 1024;
/** checksumOfFile's two buffers: larger chunks mean fewer thread-pool round trips. */
const ASYNC_CHUNK_BYTES = 2 * 1024 * 1024;
/** A batch closes at this many bytes or files: long enough to dwarf a message's cost. */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_FILES = 64;
/** Larger files are read asynchronously in this thread, each batch of its own. */
const LARGE_FILE_BYTES = 8 * 1024 * 1024;
/**
 * Below both, the whole job takes less time than starting a worker. SHA-1 hashes about twice as
 * fast as MD5 (1.4-1.5 GB/s against 0.65-0.7 GB/s on one core of the bench machine, whose CPU
 * has SHA extensions; OpenSSL's SHA-1 is not slower than its MD5 without them), so its job must
 * hold about twice the bytes before a worker pays for its start: with MD5's threshold, a 30 MB
 * SHA-1 job took 1.9 to 2.5 times longer with a worker than without. Files cost the same system
 * calls whatever the hash.
 */
const WORKER_MIN_BYTES: Readonly<Record<ChecksumKind, number>> = {
  md5: 16 * 1024 * 1024,
  'git-blob-sha1': 32 * 1024 * 1024
};
const WORKER_MIN_FILES = 400;
/**
 * Never more than one worker, however many cores: each is a V8 isolate with a Node environment
 * of its own, about 20 MiB resident (bench/findings.md, F7), and this thread with one worker
 * already hashes a theme faster than `md5sum` or `sha1sum` on one core (BENCHMARKS.md, section
 * 3). On GitHub's 4-vCPU runners three workers would add about 43 MiB to save a few tens of
 * milliseconds on a job that takes a tenth of a second.
 */
const MAX_WORKERS = 1;
/**
 * Batches handed to each worker ahead: the answer to one may wait while this thread hashes,
 * and the worker goes on with the next meanwhile.
 */
const BATCHES_AHEAD_PER_WORKER = 2;

/**
 * A file's checksum of the given kind, lowercase hex, read in chunks with asynchronous reads
 * (the event loop stays free however large the file). Two buffers take turns: the next chunk is
 * read in the thread pool while this one is hashed, so a large file goes at the speed of the hash
 * alone. Rejects when the file cannot be read, when its size changed while it was read
 * (`git-blob-sha1`), or with the abort reason once `signal` aborts.
 */
export async function checksumOfFile(
  path: string,
  kind: ChecksumKind,
  signal?: AbortSignal
): Promise<string> {
  assertChecksumKind(kind);
  signal?.throwIfAborted();
  const hash = createHash(ALGORITHM[kind]);
  let current = Buffer.allocUnsafe(ASYNC_CHUNK_BYTES);
  let spare = Buffer.allocUnsafe(ASYNC_CHUNK_BYTES);
  const handle = await open(path, 'r');
  let position = 0;
  let pending = handle.read(current, 0, current.length, position);
  try {
    // git's header: the size of the file as opened (its stat runs beside the first read).
    const expectedSize = kind === 'git-blob-sha1' ? (await handle.stat()).size : undefined;
    if (expectedSize !== undefined) hash.update(gitBlobHeader(expectedSize));
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
    if (expectedSize !== undefined && position !== expectedSize) {
      throw sizeChanged(path, expectedSize, position);
    }
  } finally {
    // Never close the file under a read still in flight (after an abort or a failed read).
    await pending.catch(() => undefined);
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * Adds each file's checksum of the given kind, results in input order. This thread and, for a
 * large job, one worker thread hash at once (see hashingWorkers). Rejects on the first
 * file it cannot read (or, for `git-blob-sha1`, that changed size while it was read) with an
 * error naming it, or with the abort reason once `signal` aborts.
 */
export async function checksumThemeFiles(
  files: readonly LocalThemeFile[],
  kind: ChecksumKind,
  concurrency: number,
  signal?: AbortSignal,
  /** Told how many files are hashed so far, as each batch lands. */
  onProgress?: (done: number, total: number) => void
): Promise<ChecksummedFile[]> {
  assertChecksumKind(kind);
  signal?.throwIfAborted();
  const batches = batchesOf(files);
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const workerCount = hashingWorkers(
    { files: files.length, bytes: totalBytes, batches: batches.length },
    kind,
    concurrency,
    availableParallelism()
  );
  const checksums = await new HashingJob(files, kind, batches, signal, onProgress).run(workerCount);
  return files.map((file, index) => ({ ...file, checksum: checksums[index] as string }));
}

/**
 * How many worker threads join this thread on a job: none for a job shorter than a worker's
 * start, else as many as `concurrency` and the cores leave room for, at most MAX_WORKERS, and
 * never more than there are batches for them besides this thread's.
 */
export function hashingWorkers(
  job: { files: number; bytes: number; batches: number },
  kind: ChecksumKind,
  concurrency: number,
  cores: number
): number {
  const worthWorkers = job.bytes >= WORKER_MIN_BYTES[kind] || job.files >= WORKER_MIN_FILES;
  if (!worthWorkers) return 0;
  const threads = Math.min(Math.max(1, Math.floor(concurrency)), Math.max(1, cores));
  return Math.max(0, Math.min(threads - 1, job.batches - 1, MAX_WORKERS));
}

/** Consecutive file indexes hashed together. */
type Batch = readonly number[];

function batchesOf(files: readonly LocalThemeFile[]): Batch[] {
  const batches: Batch[] = [];
  let batch: number[] = [];
  let bytes = 0;
  const close = (): void => {
    if (batch.length > 0) batches.push(batch);
    batch = [];
    bytes = 0;
  };
  files.forEach((file, index) => {
    if (file.size >= LARGE_FILE_BYTES) {
      close();
      batches.push([index]);
      return;
    }
    batch.push(index);
    bytes += file.size;
    if (bytes >= BATCH_BYTES || batch.length >= BATCH_FILES) close();
  });
  close();
  return batches;
}

/**
 * The worker's source, inline so the bundle (ncc) needs no second file. It runs as a CommonJS
 * script (`eval: true`) and so cannot call this module's functions: its two loops are
 * md5OfFileSync's and gitBlobSha1OfFileSync's, written twice on purpose (as is the size-change
 * message), and the tests hold both copies to the same answers. Each message names the kind.
 * Exported for its tests.
 */
export const CHECKSUM_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${SYNC_CHUNK_BYTES});
function md5Of(path) {
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
function gitBlobSha1Of(path) {
  const fd = openSync(path, 'r');
  try {
    const expectedSize = fstatSync(fd).size;
    const hash = createHash('sha1').update('blob ' + expectedSize + '\\0');
    let size = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      hash.update(buffer.subarray(0, bytesRead));
    }
    if (size !== expectedSize) {
      throw new Error(
        path + ' changed size while it was read (' + expectedSize + ' bytes when opened, ' +
          size + ' read)'
      );
    }
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}
parentPort.on('message', ({ batch, paths, kind }) => {
  const checksumOf =
    kind === 'md5' ? md5Of : kind === 'git-blob-sha1' ? gitBlobSha1Of : undefined;
  if (checksumOf === undefined) throw new Error('Unknown checksum kind: ' + String(kind));
  const checksums = [];
  for (const [position, path] of paths.entries()) {
    try {
      checksums.push(checksumOf(path));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      parentPort.postMessage({ batch, failedAt: position, error: message });
      return;
    }
  }
  parentPort.postMessage({ batch, checksums });
});
`;

type WorkerAnswer =
  { batch: number; checksums: string[] } | { batch: number; failedAt: number; error: string };

/** One run of checksumThemeFiles: a queue of batches, this thread and workers taking from it. */
class HashingJob {
  private readonly checksums: string[];
  private next = 0;
  private batchesDone = 0;
  private filesDone = 0;
  private readonly workers: Worker[] = [];
  private failure: { error: unknown } | undefined;
  /** Stops this thread's asynchronous reads once the job has failed or was cancelled. */
  private readonly stop = new AbortController();
  private settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  private readonly buffer = Buffer.allocUnsafe(SYNC_CHUNK_BYTES);

  constructor(
    private readonly files: readonly LocalThemeFile[],
    private readonly kind: ChecksumKind,
    private readonly batches: readonly Batch[],
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress?: (done: number, total: number) => void
  ) {
    this.checksums = new Array<string>(files.length);
  }

  async run(workerCount: number): Promise<string[]> {
    const allDone = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    const onAbort = (): void => this.fail(this.signal?.reason);
    this.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (let w = 0; w < workerCount; w++) this.startWorker();
      this.checkDone();
      await Promise.all([this.hashHere(), allDone]);
    } finally {
      this.signal?.removeEventListener('abort', onAbort);
      for (const worker of this.workers) void worker.terminate();
    }
    return this.checksums;
  }

  /** This thread's share: batches from the queue until it is empty. */
  private async hashHere(): Promise<void> {
    while (!this.failure && this.next < this.batches.length) {
      const batchIndex = this.next++;
      const batch = this.batches[batchIndex] as Batch;
      for (const index of batch) {
        const file = this.files[index] as LocalThemeFile;
        try {
          this.checksums[index] =
            file.size >= LARGE_FILE_BYTES
              ? await checksumOfFile(file.absolutePath, this.kind, this.stop.signal)
              : this.kind === 'md5'
                ? md5OfFileSync(file.absolutePath, this.buffer)
                : gitBlobSha1OfFileSync(file.absolutePath, this.buffer);
        } catch (error) {
          if (this.failure) return;
          return this.fail(unreadable(file, messageOf(error)));
        }
      }
      this.batchDone(batch);
      // Let the event loop run (the asset list request, a cancel, workers' answers).
      await new Promise(resolve => setImmediate(resolve));
    }
  }

  private startWorker(): void {
    const worker = new Worker(CHECKSUM_WORKER_SOURCE, { eval: true });
    this.workers.push(worker);
    worker.on('message', (answer: WorkerAnswer) => {
      if (this.failure) return;
      const batch = this.batches[answer.batch] as Batch;
      if ('error' in answer) {
        const file = this.files[batch[answer.failedAt] as number] as LocalThemeFile;
        return this.fail(unreadable(file, answer.error));
      }
      answer.checksums.forEach((checksum, position) => {
        this.checksums[batch[position] as number] = checksum;
      });
      this.batchDone(batch);
      this.feed(worker);
    });
    worker.on('error', error => this.fail(error));
    worker.on('exit', code => {
      if (!this.failure && this.batchesDone < this.batches.length) {
        this.fail(new Error(`A checksum worker stopped unexpectedly (exit code ${code})`));
      }
    });
    for (let ahead = 0; ahead < BATCHES_AHEAD_PER_WORKER; ahead++) this.feed(worker);
  }

  private feed(worker: Worker): void {
    if (this.failure || this.next >= this.batches.length) return;
    const batchIndex = this.next++;
    const batch = this.batches[batchIndex] as Batch;
    const paths = batch.map(index => (this.files[index] as LocalThemeFile).absolutePath);
    worker.postMessage({ batch: batchIndex, paths, kind: this.kind });
  }

  private batchDone(batch: Batch): void {
    this.batchesDone++;
    this.filesDone += batch.length;
    this.onProgress?.(this.filesDone, this.files.length);
    this.checkDone();
  }

  private checkDone(): void {
    if (this.batchesDone === this.batches.length) this.settle?.resolve();
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    this.stop.abort(error);
    this.settle?.reject(error);
  }
}

/** The workers' MD5 loop, for one file in this thread. */
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

/** The workers' git blob loop, for one file in this thread: one `fstat` more than MD5's. */
function gitBlobSha1OfFileSync(path: string, buffer: Buffer): string {
  const fd = openSync(path, 'r');
  try {
    const expectedSize = fstatSync(fd).size;
    const hash = createHash('sha1').update(gitBlobHeader(expectedSize));
    let size = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      hash.update(buffer.subarray(0, bytesRead));
    }
    if (size !== expectedSize) throw sizeChanged(path, expectedSize, size);
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}

const ALGORITHM: Readonly<Record<ChecksumKind, string>> = {
  md5: 'md5',
  'git-blob-sha1': 'sha1'
};

/**
 * Callers are typed, but a JavaScript caller of the old signature (concurrency second) would
 * otherwise get git blob ids where it wanted MD5s.
 */
function assertChecksumKind(kind: ChecksumKind): void {
  if (!Object.hasOwn(ALGORITHM, kind)) {
    throw new TypeError(`Unknown checksum kind: ${String(kind)}`);
  }
}

/** What git hashes before a blob's bytes: `blob`, the size in decimal, a NUL. */
function gitBlobHeader(size: number): string {
  return `blob ${size}\0`;
}

/** The same words as the worker's. */
function sizeChanged(path: string, expectedSize: number, size: number): Error {
  return new Error(
    `${path} changed size while it was read (${expectedSize} bytes when opened, ${size} read)`
  );
}

function unreadable(file: LocalThemeFile, reason: string): Error {
  return new Error(`Could not read theme file ${file.filename}: ${reason}`);
}
