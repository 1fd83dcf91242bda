// Large files over a real socket: the upload body streams through one reused buffer (see
// src/siteleaf/file-part.ts), so what the emulator receives must be the file, byte for byte,
// on both APIs, however many chunks it takes.
import { randomBytes } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { useEmulator } from './helpers/emulator.js';
import { gitBlobSha1, md5 } from './helpers/hashes.js';
import { runAction } from './helpers/run-action.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

const emu = useEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 5 } });

// Several full 1 MiB chunks, then a short one; and a second file sent beside it.
const BIG = randomBytes(6 * 1024 * 1024 + 4321);
const OTHER = randomBytes(2 * 1024 * 1024 + 1);

it.each(['v1', 'v2'] as const)('a %s site receives large files byte for byte', async version => {
  emu.options.siteVersion = version;
  const workspace = makeWorkspace({ 'assets/big.bin': BIG, 'assets/other.bin': OTHER });
  const result = await runAction(inputsFor(emu.url, emu.options.siteId, { concurrency: '2' }), {
    workspace
  });
  expect(result.exitCode).toBe(0);
  const uploads = emu.requests.filter(r => r.file);
  expect(uploads.map(r => [r.file?.size, r.file?.md5]).sort()).toEqual(
    [
      [BIG.length, md5(BIG)],
      [OTHER.length, md5(OTHER)]
    ].sort()
  );
  if (version === 'v2') {
    expect(emu.sourceFiles().map(f => [f.name, f.sha])).toEqual([
      ['assets/big.bin', gitBlobSha1(BIG)],
      ['assets/other.bin', gitBlobSha1(OTHER)]
    ]);
  }
});
