// Large files over a real socket: the upload body streams through one reused buffer (see
// src/siteleaf/file-part.ts), so what the emulator receives must be the file, byte for byte,
// on both APIs, however many chunks it takes.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { runAction } from './helpers/run-action.js';
import { KEY, SECRET, inputsFor, makeWorkspace } from './helpers/workspace.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, apiSecret: SECRET, job: { stepMs: 5 } });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

// Several full 1 MiB chunks, then a short one; and a second file sent beside it.
const BIG = randomBytes(6 * 1024 * 1024 + 4321);
const OTHER = randomBytes(2 * 1024 * 1024 + 1);
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const gitBlob = (data: Buffer) =>
  createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

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
      ['assets/big.bin', gitBlob(BIG)],
      ['assets/other.bin', gitBlob(OTHER)]
    ]);
  }
});
