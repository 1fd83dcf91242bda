import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CHECKSUM_WORKER_SOURCE,
  checksumOfFile,
  checksumThemeFiles
} from '../src/theme/checksum.js';
import type { LocalThemeFile } from '../src/theme/files.js';

/** What coreutils says: the reference Siteleaf's checksums agree with. */
function md5sum(file: string): string {
  const run = spawnSync('md5sum', [file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`md5sum failed: ${run.stderr}`);
  return run.stdout.split(' ')[0] as string;
}

let dir: string;
const sizes = {
  'empty.bin': 0,
  'one.bin': 1,
  'chunk.bin': 1024 * 1024, // exactly one read buffer
  'chunk-plus-one.bin': 1024 * 1024 + 1,
  'two-chunks.bin': 2 * 1024 * 1024, // checksumOfFile reads 2 MiB at a time
  'two-chunks-plus-one.bin': 2 * 1024 * 1024 + 1,
  'binary.bin': 3 * 1024 * 1024 + 12345
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'theme-checksum-'));
  for (const [name, size] of Object.entries(sizes))
    writeFileSync(path.join(dir, name), randomBytes(size));
  writeFileSync(
    path.join(dir, 'nul and high bytes.bin'),
    Buffer.from([0, 0xff, 0x0d, 0x0a, 0x1a, 0x80])
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checksumOfFile, MD5', () => {
  it('equals md5sum on empty, tiny, chunk-sized and multi-chunk binary files', async () => {
    for (const name of [...Object.keys(sizes), 'nul and high bytes.bin']) {
      const file = path.join(dir, name);
      const ours = await checksumOfFile(file, 'md5');
      expect([name, ours]).toEqual([name, md5sum(file)]);
      expect(ours).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(await checksumOfFile(path.join(dir, 'empty.bin'), 'md5')).toBe(
      'd41d8cd98f00b204e9800998ecf8427e'
    );
  });

  it('rejects when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(
      checksumOfFile(path.join(dir, 'binary.bin'), 'md5', controller.signal)
    ).rejects.toThrow('cancelled');
  });

  it('rejects when the signal aborts while reading', async () => {
    const controller = new AbortController();
    const promise = checksumOfFile(path.join(dir, 'binary.bin'), 'md5', controller.signal);
    controller.abort(new Error('cancelled while reading'));
    await expect(promise).rejects.toThrow('cancelled while reading');
  });

  it('rejects for a missing file', async () => {
    await expect(checksumOfFile(path.join(dir, 'nope'), 'md5')).rejects.toThrow(/ENOENT/);
  });
});

describe('the checksum worker', () => {
  async function ask(paths: string[]): Promise<unknown> {
    const worker = new Worker(CHECKSUM_WORKER_SOURCE, { eval: true });
    try {
      const answer = new Promise(resolve => worker.once('message', resolve));
      worker.postMessage({ batch: 7, paths, kind: 'md5' });
      return await answer;
    } finally {
      await worker.terminate();
    }
  }

  it('answers a batch with md5sum checksums in order', async () => {
    const names = ['binary.bin', 'empty.bin', 'nul and high bytes.bin', 'two-chunks-plus-one.bin'];
    expect(await ask(names.map(name => path.join(dir, name)))).toEqual({
      batch: 7,
      checksums: names.map(name => md5sum(path.join(dir, name)))
    });
  });

  it('says which file of the batch it could not read', async () => {
    expect(await ask([path.join(dir, 'one.bin'), path.join(dir, 'gone.css')])).toEqual({
      batch: 7,
      failedAt: 1,
      error: expect.stringContaining('ENOENT')
    });
  });
});

describe('checksumThemeFiles', () => {
  const themeFile = (name: string): LocalThemeFile => ({
    filename: `assets/${name}`,
    absolutePath: path.join(dir, name),
    size: statSync(path.join(dir, name)).size
  });

  it('adds each checksum, in input order, with any concurrency', async () => {
    const files = [...Object.keys(sizes), 'nul and high bytes.bin', ...Object.keys(sizes)].map(
      themeFile
    );
    for (const concurrency of [1, 3, 16]) {
      const result = await checksumThemeFiles(files, 'md5', concurrency);
      expect(result.map(f => f.filename)).toEqual(files.map(f => f.filename));
      expect(result.map(f => f.checksum)).toEqual(files.map(f => md5sum(f.absolutePath)));
      expect(result[0]).toEqual({ ...files[0], checksum: md5sum(files[0]?.absolutePath ?? '') });
    }
  });

  it('gives the same answers when a large job is shared with worker threads', async () => {
    // Enough files to bring workers in whatever the sizes say; a few large ones among them.
    const small = ['empty.bin', 'one.bin', 'nul and high bytes.bin'];
    const names = Array.from({ length: 480 }, (_, i) =>
      i % 40 === 39 ? 'binary.bin' : (small[i % small.length] as string)
    );
    const files = names.map(themeFile);
    const expected = new Map([...new Set(names)].map(name => [name, md5sum(path.join(dir, name))]));
    const result = await checksumThemeFiles(files, 'md5', 4);
    expect(result.map(f => f.checksum)).toEqual(names.map(name => expected.get(name)));
  });

  it('names the theme file it could not read, in this thread and in workers', async () => {
    const gone = {
      filename: 'assets/gone.css',
      absolutePath: path.join(dir, 'gone.css'),
      size: 10
    };
    await expect(checksumThemeFiles([themeFile('one.bin'), gone], 'md5', 2)).rejects.toThrow(
      /^Could not read theme file assets\/gone\.css: .*ENOENT/
    );
    const many = [...Array.from({ length: 450 }, () => themeFile('one.bin')), gone];
    await expect(checksumThemeFiles(many, 'md5', 2)).rejects.toThrow(
      /^Could not read theme file assets\/gone\.css: .*ENOENT/
    );
  });

  it('stops when the signal aborts, in this thread and in workers', async () => {
    for (const count of [10, 600]) {
      const controller = new AbortController();
      const files = Array.from({ length: count }, () => themeFile('binary.bin'));
      const promise = checksumThemeFiles(files, 'md5', 2, controller.signal);
      setTimeout(() => controller.abort(new Error(`cancelled ${count}`)), 5);
      await expect(promise).rejects.toThrow(`cancelled ${count}`);
    }
  });

  it('returns [] for no files', async () => {
    await expect(checksumThemeFiles([], 'md5', 4)).resolves.toEqual([]);
  });
});
