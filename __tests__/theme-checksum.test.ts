import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CHECKSUM_WORKER_SOURCE,
  checksumOfFile,
  checksumThemeFiles,
  hashingWorkers
} from '../src/theme/checksum.js';
import type { LocalThemeFile } from '../src/theme/files.js';
import type { ChecksumKind } from '../src/siteleaf/api.js';
import { gitBlobSha1OfFile, md5sumOfFile } from './helpers/hashes.js';

const KINDS: ReadonlyArray<{ kind: ChecksumKind; reference: (file: string) => string }> = [
  { kind: 'md5', reference: md5sumOfFile },
  { kind: 'git-blob-sha1', reference: gitBlobSha1OfFile }
];

const HEX = { md5: /^[0-9a-f]{32}$/, 'git-blob-sha1': /^[0-9a-f]{40}$/ };

/**
 * `fn`'s result and how many worker threads started meanwhile: Node announces each on this
 * channel (jest's `process` is a copy, which never sees the 'worker' event).
 */
async function countingWorkers<T>(
  fn: () => Promise<T>
): Promise<{ result: T; workersStarted: number }> {
  let workersStarted = 0;
  const onWorker = (): void => void workersStarted++;
  subscribe('worker_threads', onWorker);
  try {
    return { result: await fn(), workersStarted };
  } finally {
    unsubscribe('worker_threads', onWorker);
  }
}

let dir: string;
const sizes = {
  'empty.bin': 0,
  'one.bin': 1,
  'chunk.bin': 1024 * 1024, // exactly one synchronous read buffer
  'chunk-plus-one.bin': 1024 * 1024 + 1,
  'two-chunks.bin': 2 * 1024 * 1024, // checksumOfFile reads 2 MiB at a time
  'two-chunks-plus-one.bin': 2 * 1024 * 1024 + 1,
  'binary.bin': 3 * 1024 * 1024 + 12345
};
const texts = {
  // Multi-byte UTF-8: git's header counts bytes, not characters.
  'text.css': 'body { color: #333; }\n/* café, naïve → ✓ */\n',
  'crlf.txt': 'line one\r\nline two\r\n\r\nlast line without an end',
  'nul and high bytes.bin': Buffer.from([0, 0xff, 0x0d, 0x0a, 0x1a, 0x80, 0, 0])
};
/** Past LARGE_FILE_BYTES (8 MiB): checksumThemeFiles reads it asynchronously in this thread. */
const LARGE = 'large.bin';
const FIXTURES = [...Object.keys(sizes), ...Object.keys(texts)];

/**
 * A file whose size as stat tells it (0) is not what reading it gives: what a file changing
 * size while it is read looks like to the reader, reproducibly (Linux, as the runners are).
 */
const SIZE_CHANGES = '/proc/self/status';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'theme-checksum-'));
  for (const [name, size] of Object.entries(sizes))
    writeFileSync(path.join(dir, name), randomBytes(size));
  for (const [name, content] of Object.entries(texts)) writeFileSync(path.join(dir, name), content);
  writeFileSync(path.join(dir, LARGE), randomBytes(9 * 1024 * 1024 + 7));
  mkdirSync(path.join(dir, 'a folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checksumOfFile', () => {
  describe.each(KINDS)('$kind', ({ kind, reference }) => {
    it('equals the reference on empty, text, CRLF, binary and multi-chunk files', async () => {
      for (const name of [...FIXTURES, LARGE]) {
        const file = path.join(dir, name);
        const ours = await checksumOfFile(file, kind);
        expect([name, ours]).toEqual([name, reference(file)]);
        expect(ours).toMatch(HEX[kind]);
      }
    });

    it('rejects when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('cancelled'));
      await expect(
        checksumOfFile(path.join(dir, 'binary.bin'), kind, controller.signal)
      ).rejects.toThrow('cancelled');
    });

    it('rejects when the signal aborts while reading', async () => {
      const controller = new AbortController();
      const promise = checksumOfFile(path.join(dir, 'binary.bin'), kind, controller.signal);
      controller.abort(new Error('cancelled while reading'));
      await expect(promise).rejects.toThrow('cancelled while reading');
    });

    it('rejects for a missing file', async () => {
      await expect(checksumOfFile(path.join(dir, 'nope'), kind)).rejects.toThrow(/ENOENT/);
    });
  });

  it('gives the well-known ids of the empty file', async () => {
    const empty = path.join(dir, 'empty.bin');
    expect(await checksumOfFile(empty, 'md5')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(await checksumOfFile(empty, 'git-blob-sha1')).toBe(
      'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
    );
  });

  it('git-blob-sha1: rejects, naming the file, when its size changed while it was read', async () => {
    await expect(checksumOfFile(SIZE_CHANGES, 'git-blob-sha1')).rejects.toThrow(
      /^\/proc\/self\/status changed size while it was read \(0 bytes when opened, \d+ read\)$/
    );
  });

  it('refuses a kind it does not know', async () => {
    await expect(
      checksumOfFile(path.join(dir, 'one.bin'), 'sha256' as ChecksumKind)
    ).rejects.toThrow('Unknown checksum kind: sha256');
  });
});

describe('the checksum worker', () => {
  async function ask(paths: string[], kind: unknown): Promise<unknown> {
    const worker = new Worker(CHECKSUM_WORKER_SOURCE, { eval: true });
    try {
      const answer = new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage({ batch: 7, paths, kind });
      return await answer;
    } finally {
      await worker.terminate();
    }
  }

  describe.each(KINDS)('$kind', ({ kind, reference }) => {
    it('answers a batch with the reference checksums in order', async () => {
      const names = [...FIXTURES].reverse();
      expect(
        await ask(
          [...names, LARGE].map(name => path.join(dir, name)),
          kind
        )
      ).toEqual({
        batch: 7,
        checksums: [...names, LARGE].map(name => reference(path.join(dir, name)))
      });
    });

    it('says which file of the batch it could not read', async () => {
      expect(await ask([path.join(dir, 'one.bin'), path.join(dir, 'gone.css')], kind)).toEqual({
        batch: 7,
        failedAt: 1,
        error: expect.stringContaining('ENOENT')
      });
    });
  });

  it('git-blob-sha1: says which file changed size, in the words of this thread', async () => {
    expect(await ask([path.join(dir, 'one.bin'), SIZE_CHANGES], 'git-blob-sha1')).toEqual({
      batch: 7,
      failedAt: 1,
      error: expect.stringMatching(
        /^\/proc\/self\/status changed size while it was read \(0 bytes when opened, \d+ read\)$/
      )
    });
  });

  it('fails for a kind it does not know instead of guessing one', async () => {
    await expect(ask([path.join(dir, 'one.bin')], undefined)).rejects.toThrow(
      'Unknown checksum kind: undefined'
    );
  });
});

describe.each(KINDS)('checksumThemeFiles, $kind', ({ kind, reference }) => {
  const themeFile = (name: string): LocalThemeFile => ({
    filename: `assets/${name}`,
    absolutePath: path.join(dir, name),
    size: statSync(path.join(dir, name)).size
  });
  const expectedOf = (names: readonly string[]): Map<string, string> =>
    new Map([...new Set(names)].map(name => [name, reference(path.join(dir, name))]));

  it('adds each checksum, in input order, with any concurrency', async () => {
    const names = [...FIXTURES, LARGE, ...FIXTURES];
    const files = names.map(themeFile);
    const expected = expectedOf(names);
    for (const concurrency of [1, 3, 16]) {
      const result = await checksumThemeFiles(files, kind, concurrency);
      expect(result.map(f => f.filename)).toEqual(files.map(f => f.filename));
      expect(result.map(f => f.checksum)).toEqual(names.map(name => expected.get(name)));
      expect(result[0]).toEqual({ ...files[0], checksum: expected.get(names[0] as string) });
    }
  });

  it('gives the same answers when a large job is shared with worker threads', async () => {
    // Enough files to bring workers in whatever the sizes say; a few large ones among them.
    const small = ['empty.bin', 'one.bin', 'nul and high bytes.bin', 'crlf.txt', 'text.css'];
    const names = Array.from({ length: 480 }, (_, i) =>
      i % 40 === 39 ? 'binary.bin' : (small[i % small.length] as string)
    );
    const expected = expectedOf(names);
    const { result, workersStarted } = await countingWorkers(() =>
      checksumThemeFiles(names.map(themeFile), kind, 4)
    );
    expect(result.map(f => f.checksum)).toEqual(names.map(name => expected.get(name)));
    // One core means no spare one for a worker; the worker tests above cover its source anyway.
    if (availableParallelism() > 1) expect(workersStarted).toBeGreaterThan(0);
  });

  it('tells its progress as batches land, up to every file, in this thread and in workers', async () => {
    const names = Array.from({ length: 480 }, (_, i) => (i % 2 ? 'text.css' : 'one.bin'));
    const seen: Array<[number, number]> = [];
    await checksumThemeFiles(names.map(themeFile), kind, 4, undefined, (done, total) =>
      seen.push([done, total])
    );
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every(([, total]) => total === names.length)).toBe(true);
    const counts = seen.map(([done]) => done);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(names.length);
  });

  it('keeps a job shorter than a worker start in this thread', async () => {
    const some = ['empty.bin', 'one.bin', 'binary.bin', ...Object.keys(texts)]; // 3 MiB
    const names = [...some, ...some];
    const { result, workersStarted } = await countingWorkers(() =>
      checksumThemeFiles(names.map(themeFile), kind, 4)
    );
    expect(result).toHaveLength(names.length);
    expect(workersStarted).toBe(0);
  });

  it('hashes the file as it is now when the listing saw another size', async () => {
    const stale = { ...themeFile('text.css'), size: 3 };
    const [result] = await checksumThemeFiles([stale], kind, 1);
    expect(result?.checksum).toBe(reference(stale.absolutePath));
  });

  it('names the theme file it could not read, in this thread and in workers', async () => {
    const gone = {
      filename: 'assets/gone.css',
      absolutePath: path.join(dir, 'gone.css'),
      size: 10
    };
    await expect(checksumThemeFiles([themeFile('one.bin'), gone], kind, 2)).rejects.toThrow(
      /^Could not read theme file assets\/gone\.css: .*ENOENT/
    );
    const many = [...Array.from({ length: 450 }, () => themeFile('one.bin')), gone];
    await expect(checksumThemeFiles(many, kind, 2)).rejects.toThrow(
      /^Could not read theme file assets\/gone\.css: .*ENOENT/
    );
    await expect(checksumThemeFiles([themeFile('a folder')], kind, 1)).rejects.toThrow(
      /^Could not read theme file assets\/a folder: .*EISDIR/
    );
  });

  it('stops when the signal aborts, in this thread and in workers', async () => {
    for (const count of [10, 600]) {
      const controller = new AbortController();
      const files = Array.from({ length: count }, () => themeFile('binary.bin'));
      const promise = checksumThemeFiles(files, kind, 2, controller.signal);
      setTimeout(() => controller.abort(new Error(`cancelled ${count}`)), 5);
      await expect(promise).rejects.toThrow(`cancelled ${count}`);
    }
  });

  it('stops on a large file when the signal aborts', async () => {
    const controller = new AbortController();
    const promise = checksumThemeFiles([themeFile(LARGE)], kind, 1, controller.signal);
    controller.abort(new Error('cancelled on the large file'));
    await expect(promise).rejects.toThrow('cancelled on the large file');
  });

  it('returns [] for no files', async () => {
    await expect(checksumThemeFiles([], kind, 4)).resolves.toEqual([]);
  });
});

it('starts workers for fewer bytes of MD5 than of SHA-1, which hashes twice as fast', async () => {
  // Three 9 MiB files: past MD5's 16 MiB, short of SHA-1's 32 MiB, far from 400 files.
  const large: LocalThemeFile = {
    filename: `assets/${LARGE}`,
    absolutePath: path.join(dir, LARGE),
    size: statSync(path.join(dir, LARGE)).size
  };
  const files = [large, large, large];
  const sha1 = await countingWorkers(() => checksumThemeFiles(files, 'git-blob-sha1', 4));
  expect(sha1.workersStarted).toBe(0);
  const md5 = await countingWorkers(() => checksumThemeFiles(files, 'md5', 4));
  if (availableParallelism() > 1) expect(md5.workersStarted).toBeGreaterThan(0);
});

describe('hashingWorkers', () => {
  const large = { files: 1500, bytes: 64_000_000, batches: 20 };

  it('starts one worker at most, however many cores the runner has (each costs ~20 MiB)', () => {
    expect(hashingWorkers(large, 'md5', 6, 4)).toBe(1); // GitHub's 4-vCPU runners
    expect(hashingWorkers(large, 'git-blob-sha1', 32, 64)).toBe(1);
    expect(hashingWorkers(large, 'git-blob-sha1', 6, 2)).toBe(1);
  });

  it('starts none without a spare core, below concurrency 2, or for a short job', () => {
    expect(hashingWorkers(large, 'md5', 6, 1)).toBe(0);
    expect(hashingWorkers(large, 'md5', 1, 4)).toBe(0);
    expect(hashingWorkers({ ...large, batches: 1 }, 'md5', 6, 4)).toBe(0);
    expect(hashingWorkers({ files: 60, bytes: 3_000_000, batches: 1 }, 'md5', 6, 4)).toBe(0);
    // SHA-1 is twice as fast as MD5: a job of 20 MB is worth a worker for MD5 only.
    const mid = { files: 60, bytes: 20 * 1024 * 1024, batches: 5 };
    expect(hashingWorkers(mid, 'md5', 6, 4)).toBe(1);
    expect(hashingWorkers(mid, 'git-blob-sha1', 6, 4)).toBe(0);
  });
});

describe('checksumThemeFiles, git-blob-sha1, a file that changed size while it was read', () => {
  const changing: LocalThemeFile = {
    filename: 'assets/changing.css',
    absolutePath: SIZE_CHANGES,
    size: 100
  };
  const message =
    /^Could not read theme file assets\/changing\.css: \/proc\/self\/status changed size while it was read/;

  it('fails naming it, in this thread, on the large-file path and in workers', async () => {
    await expect(checksumThemeFiles([changing], 'git-blob-sha1', 1)).rejects.toThrow(message);
    const large = { ...changing, size: 9 * 1024 * 1024 };
    await expect(checksumThemeFiles([large], 'git-blob-sha1', 1)).rejects.toThrow(message);
    const one: LocalThemeFile = {
      filename: 'assets/one.bin',
      absolutePath: path.join(dir, 'one.bin'),
      size: 1
    };
    const many = [...Array.from({ length: 450 }, () => one), changing];
    await expect(checksumThemeFiles(many, 'git-blob-sha1', 2)).rejects.toThrow(message);
  });

  it('is no concern of MD5, which needs no size', async () => {
    const [result] = await checksumThemeFiles([changing], 'md5', 1);
    expect(result?.checksum).toMatch(HEX.md5);
  });
});
