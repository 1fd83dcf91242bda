// The multipart body both APIs upload a file with: the part `file` holds the bytes, named by
// the file's basename, then any text fields, encoded as browsers and undici's FormData encode
// them (`"`, CR and LF in a name escaped; line breaks in a value made CRLF).
//
// The bytes are streamed from disk through one reused buffer, never read whole and never
// copied chunk by chunk: a FormData of `openAsBlob` made a new buffer for every 64 KiB read,
// and V8 collects such buffers lazily, so a 300 MB upload held some 70 MiB of garbage at its
// peak (see BENCHMARKS.md, "Start-up and memory"). Reusing the buffer is safe because undici
// writes an async iterable's chunks one at a time and, when the socket's buffer is full (a
// 1 MiB chunk always fills it: its high-water mark is 16 or 64 KiB), waits for 'drain', which
// comes once every byte handed to the socket is gone, before it asks for the next chunk. A
// shorter chunk (the file's last one, a short read) is copied, since it may not fill it.
import { randomBytes } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { messageOf } from '../format.js';
import type { FileToUpload } from './api.js';
import { LocalFileError } from './http.js';

/** One read, sent as is: larger than any socket's high-water mark. */
const CHUNK_BYTES = 1024 * 1024;

export interface MultipartBody {
  readonly contentType: string;
  readonly contentLength: number;
  readonly chunks: AsyncIterable<Uint8Array>;
}

/**
 * Made again for each attempt: a retried upload sends the whole file again. The file is
 * looked at here, so one that is gone fails before anything is sent; it is opened only once
 * undici reads the body, so a request that never gets that far leaves nothing open.
 */
export async function multipartWithFile(
  file: FileToUpload,
  fields: Readonly<Record<string, string>> = {}
): Promise<MultipartBody> {
  let size: number;
  try {
    size = (await stat(file.absolutePath)).size;
  } catch (error) {
    throw unreadable(file, error);
  }
  const boundary = `----siteleaf-publish-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${escapeName(path.posix.basename(file.filename))}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n'
  );
  const tail = Buffer.from(
    '\r\n' +
      Object.entries(fields)
        .map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n` +
            `${value.replace(/\r\n|\r|\n/g, '\r\n')}\r\n`
        )
        .join('') +
      `--${boundary}--\r\n`
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + size + tail.length,
    chunks: streamParts(file, size, head, tail)
  };
}

async function* streamParts(
  file: FileToUpload,
  size: number,
  head: Buffer,
  tail: Buffer
): AsyncGenerator<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(file.absolutePath, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    yield head;
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(size, 1)));
    let sent = 0;
    while (sent < size) {
      const want = Math.min(buffer.length, size - sent);
      const { bytesRead } = await handle.read(buffer, 0, want, sent);
      if (bytesRead === 0) throw changed(file, `${size} bytes when opened, ${sent} now`);
      sent += bytesRead;
      yield bytesRead === CHUNK_BYTES ? buffer : Buffer.from(buffer.subarray(0, bytesRead));
    }
    // The length was declared up front: a file that grew since cannot be sent as it is now.
    const { bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, size);
    if (bytesRead !== 0) throw changed(file, `${size} bytes when opened, more now`);
    yield tail;
  } finally {
    await handle.close();
  }
}

function unreadable(file: FileToUpload, error: unknown): LocalFileError {
  return new LocalFileError(`Could not read theme file ${file.filename}: ${messageOf(error)}`);
}

function changed(file: FileToUpload, how: string): LocalFileError {
  return new LocalFileError(
    `Could not upload theme file ${file.filename}: it changed while it was sent (${how}).`
  );
}

/** A name in a Content-Disposition header, escaped as FormData escapes it. */
function escapeName(name: string): string {
  return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}
