// The multipart body of an upload: what a multipart parser reads back is exactly the file and
// the fields, its length is the one declared, chunks are the reused buffer only when full,
// and a file that changes while it is sent fails instead of sending something else.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { afterAll, describe, expect, it } from '@jest/globals';
import { multipartWithFile, type MultipartBody } from '../src/siteleaf/file-part.js';
import { LocalFileError } from '../src/siteleaf/http.js';
import { md5 } from './helpers/hashes.js';

const dir = mkdtempSync(join(tmpdir(), 'file-part-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(name: string, content: Buffer) {
  const absolutePath = join(dir, name.replace(/[/\n\r"]/g, '_'));
  writeFileSync(absolutePath, content);
  return { filename: name, absolutePath, size: content.length, checksum: '' };
}

/** Every chunk as undici would send it, copied at once (before the next is asked for). */
async function drain(body: MultipartBody): Promise<{ bytes: Buffer; chunks: Uint8Array[] }> {
  const copies: Buffer[] = [];
  const chunks: Uint8Array[] = [];
  for await (const chunk of body.chunks) {
    chunks.push(chunk);
    copies.push(Buffer.from(chunk));
  }
  return { bytes: Buffer.concat(copies), chunks };
}

/** What a multipart parser (busboy, as the emulator uses) reads back. */
function parse(body: MultipartBody, bytes: Buffer) {
  return new Promise<{
    files: Array<{ name: string; filename: string; data: Buffer }>;
    fields: Record<string, string>;
  }>((resolve, reject) => {
    const files: Array<{ name: string; filename: string; data: Buffer }> = [];
    const fields: Record<string, string> = {};
    const parser = busboy({ headers: { 'content-type': body.contentType } });
    parser.on('file', (name, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('end', () =>
        files.push({ name, filename: info.filename ?? '', data: Buffer.concat(parts) })
      );
    });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('close', () => resolve({ files, fields }));
    parser.on('error', reject);
    Readable.from([bytes]).pipe(parser);
  });
}

describe('multipartWithFile', () => {
  it.each([
    ['an empty file', 0],
    ['a small file', 1000],
    ['exactly one chunk', 1024 * 1024],
    ['several chunks and a short last one', 3 * 1024 * 1024 + 12_345]
  ])('carries %s byte for byte, with the length it declares', async (_what, size) => {
    const content = randomBytes(size);
    const file = fileOf('assets/img/photo.bin', content);
    const body = await multipartWithFile(file, { filename: file.filename });
    const { bytes } = await drain(body);
    expect(bytes.length).toBe(body.contentLength);
    const parsed = await parse(body, bytes);
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({ name: 'file', filename: 'photo.bin' });
    expect(md5(parsed.files[0]?.data ?? Buffer.alloc(0))).toBe(md5(content));
    expect(parsed.fields).toEqual({ filename: 'assets/img/photo.bin' });
  });

  it('hands over its one buffer only when it is full; a short chunk is a copy', async () => {
    const file = fileOf('big.bin', randomBytes(2 * 1024 * 1024 + 7));
    const { chunks } = await drain(await multipartWithFile(file));
    const full = chunks.filter(chunk => chunk.byteLength === 1024 * 1024);
    expect(full).toHaveLength(2);
    expect(full[0]?.buffer).toBe(full[1]?.buffer);
    const short = chunks.find(chunk => chunk.byteLength === 7);
    expect(short?.buffer).not.toBe(full[0]?.buffer);
  });

  it('escapes quotes and line breaks in names as FormData does, and keeps Unicode', async () => {
    const file = fileOf('ünï/a "b".html', Buffer.from('<p>hi</p>'));
    const body = await multipartWithFile(file, { filename: file.filename });
    const { bytes } = await drain(body);
    expect(bytes.toString()).toContain('filename="a %22b%22.html"');
    const parsed = await parse(body, bytes);
    expect(parsed.fields.filename).toBe('ünï/a "b".html');
  });

  it('fails, naming the file, when it cannot be read', async () => {
    const file = {
      filename: 'gone.css',
      absolutePath: join(dir, 'gone.css'),
      size: 1,
      checksum: ''
    };
    await expect(multipartWithFile(file)).rejects.toThrow(LocalFileError);
    await expect(multipartWithFile(file)).rejects.toThrow(/gone\.css/);
  });

  it('fails instead of sending something else when the file shrinks or grows while it is sent', async () => {
    const shrinking = fileOf('shrinks.bin', randomBytes(3 * 1024 * 1024));
    const body = await multipartWithFile(shrinking);
    truncateSync(shrinking.absolutePath, 1024);
    await expect(drain(body)).rejects.toThrow(/shrinks\.bin: it changed while it was sent/);

    const growing = fileOf('grows.bin', randomBytes(1024));
    const later = await multipartWithFile(growing);
    appendFileSync(growing.absolutePath, 'more');
    await expect(drain(later)).rejects.toThrow(/grows\.bin: it changed while it was sent/);
  });
});
