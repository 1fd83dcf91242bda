// Git blob ids, the checksum of Siteleaf v2's source files (`sha`), exactly `git hash-object`.
//
// The id hashes the size before the bytes, so an upload cannot be hashed as it streams in:
// its bytes are spooled (in memory while small, in a temporary file past that) and hashed
// once the size is known. A 300 MiB upload thus never sits whole in the emulator's memory.
import { createHash, type Hash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  rmSync,
  type WriteStream
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function blobHash(size: number): Hash {
  return createHash('sha1').update(`blob ${size}\0`);
}

/** `sha1("blob <size>\0" + bytes)`, lowercase hex. */
export function gitBlobSha(bytes: Buffer): string {
  return blobHash(bytes.length).update(bytes).digest('hex');
}

/** The bytes of one upload, held until their size is known. */
export class BlobSpool {
  private chunks: Buffer[] = [];
  private size = 0;
  private file?: { dir: string; stream: WriteStream };
  private discarded = false;

  /** Past `memoryLimit` bytes, the spool moves to a temporary file. */
  constructor(private readonly memoryLimit: number) {}

  /** Resolves when the chunk is stored: the caller pauses its source meanwhile (backpressure). */
  write(chunk: Buffer): Promise<void> {
    if (this.discarded) return Promise.resolve();
    this.size += chunk.length;
    if (!this.file && this.size <= this.memoryLimit) {
      this.chunks.push(chunk);
      return Promise.resolve();
    }
    const file = this.file ?? this.moveToFile();
    return new Promise((resolve, reject) => {
      file.stream.write(chunk, error => (error ? reject(error) : resolve()));
    });
  }

  private moveToFile(): { dir: string; stream: WriteStream } {
    const dir = mkdtempSync(join(tmpdir(), 'siteleaf-emulator-'));
    const stream = createWriteStream(join(dir, 'upload'));
    for (const chunk of this.chunks) stream.write(chunk);
    this.chunks = [];
    this.file = { dir, stream };
    return this.file;
  }

  /**
   * The git blob id of the bytes, and of the bytes followed by `suffix` when one is given
   * (what a file that the server rewrites by appending would hash to). Frees the spool.
   */
  async finish(suffix?: Buffer): Promise<{ sha: string; shaWithSuffix?: string }> {
    const plain = blobHash(this.size);
    const suffixed = suffix ? blobHash(this.size + suffix.length) : undefined;
    const feed = (chunk: Buffer) => {
      plain.update(chunk);
      suffixed?.update(chunk);
    };
    try {
      if (this.file) {
        const { stream, dir } = this.file;
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(resolve);
        });
        for await (const chunk of createReadStream(join(dir, 'upload'))) feed(chunk as Buffer);
      } else {
        for (const chunk of this.chunks) feed(chunk);
      }
    } finally {
      this.discard();
    }
    if (!suffix || !suffixed) return { sha: plain.digest('hex') };
    return { sha: plain.digest('hex'), shaWithSuffix: suffixed.update(suffix).digest('hex') };
  }

  /** Drop the bytes and the temporary file (an aborted upload, or after `finish`). */
  discard(): void {
    if (this.discarded) return;
    this.discarded = true;
    this.chunks = [];
    if (!this.file) return;
    this.file.stream.destroy();
    rmSync(this.file.dir, { recursive: true, force: true });
  }
}
