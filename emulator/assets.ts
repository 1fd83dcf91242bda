// The site's theme assets, and the streaming multipart reader for uploads.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { StoredAsset } from './types.js';
import { contentTypeFor, objectId } from './util.js';

/** What an upload (or a seed) brings: the bytes' size and md5, and the bytes when small. */
export interface AssetBody {
  size: number;
  md5: string;
  content?: Buffer;
}

export class AssetStore {
  private assets: StoredAsset[] = [];

  /** `domain` is read when an asset is written, for its permalink. */
  constructor(private readonly domain: () => string) {}

  list(): StoredAsset[] {
    return this.assets.map(asset => ({ ...asset }));
  }

  findByFilename(filename: string): StoredAsset | undefined {
    return this.assets.find(asset => asset.filename === filename);
  }

  /** Always a new asset with a new id, even when the filename is taken. */
  create(filename: string, body: AssetBody): StoredAsset {
    const now = new Date().toISOString();
    const url = `/assets/${filename}`;
    const asset: StoredAsset = {
      id: objectId(),
      filename,
      url,
      permalink: `https://${this.domain()}${url}`,
      content_type: contentTypeFor(filename),
      filesize: body.size,
      checksum: body.md5,
      created_at: now,
      updated_at: now
    };
    if (body.content) asset.content = body.content;
    this.assets.push(asset);
    return { ...asset };
  }

  /** Replace the bytes of an existing asset, keeping its id and creation time. */
  overwrite(id: string, body: AssetBody): StoredAsset | undefined {
    const asset = this.assets.find(a => a.id === id);
    if (!asset) return undefined;
    asset.filesize = body.size;
    asset.checksum = body.md5;
    asset.updated_at = new Date().toISOString();
    if (body.content) asset.content = body.content;
    else delete asset.content;
    return { ...asset };
  }

  remove(id: string): boolean {
    const before = this.assets.length;
    this.assets = this.assets.filter(asset => asset.id !== id);
    return this.assets.length < before;
  }

  clear(): void {
    this.assets = [];
  }
}

/** The asset as the API shows it: no content, plus the fields the reference lists. */
export function assetJson(asset: StoredAsset): Record<string, unknown> {
  const { content: _content, ...shown } = asset;
  return { ...shown, file: { url: null, thumbnail: { url: null } }, meta: [] };
}

/** Size and md5 of in-memory bytes, for seeding. */
export function bodyOf(content: Buffer, keepBytesUpTo: number): AssetBody {
  const md5 = createHash('md5').update(content).digest('hex');
  const body: AssetBody = { size: content.length, md5 };
  if (content.length <= keepBytesUpTo) body.content = Buffer.from(content);
  return body;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  /** The first part named `file` that carried a filename; other file parts are discarded. */
  file?: AssetBody & { partFilename: string };
}

/** The body was not multipart at all: treated by the caller like a missing `file`. */
export class NotMultipartError extends Error {}
/** busboy could not parse the body. */
export class MalformedUploadError extends Error {}
/** The client went away before the body ended. */
export class UploadAbortedError extends Error {}

/**
 * Read a multipart body as it arrives: the file is hashed and counted chunk by chunk and
 * its bytes kept only while they fit `keepBytesUpTo`, so a large upload never sits whole in
 * memory. `onBytes` sees every body chunk (for `bytesIn`).
 */
export function receiveUpload(
  req: IncomingMessage,
  keepBytesUpTo: number,
  onBytes: (count: number) => void
): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // preservePath: record the part filename exactly as the client sent it.
      parser = busboy({ headers: req.headers, preservePath: true });
    } catch (error) {
      reject(new NotMultipartError(String(error)));
      return;
    }
    const fields: Record<string, string> = {};
    let filePart: Promise<ReceivedUpload['file']> | undefined;

    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || filePart) {
        stream.resume();
        return;
      }
      filePart = readFilePart(stream, info.filename ?? '', keepBytesUpTo);
      filePart.catch(() => undefined); // reported through Promise.all below
    });
    parser.on('error', error => {
      req.unpipe(parser);
      req.resume(); // let the rest of the body go, so the reply can be read
      reject(new MalformedUploadError(error instanceof Error ? error.message : String(error)));
    });
    parser.on('close', () => {
      Promise.resolve(filePart).then(file => resolve(file ? { fields, file } : { fields }), reject);
    });
    // pipe() does not forward a client abort: without this the promise would never settle.
    req.on('close', () => {
      if (!req.complete) reject(new UploadAbortedError('client closed the upload'));
    });
    req.on('data', (chunk: Buffer) => onBytes(chunk.length));
    req.pipe(parser);
  });
}

function readFilePart(
  stream: Readable,
  partFilename: string,
  keepBytesUpTo: number
): Promise<AssetBody & { partFilename: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('md5');
    let size = 0;
    let kept: Buffer[] | undefined = [];
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      if (kept && size <= keepBytesUpTo) kept.push(chunk);
      else kept = undefined; // too big to keep: drop what was kept so far
    });
    stream.on('error', reject);
    stream.on('end', () => {
      const file: AssetBody & { partFilename: string } = {
        partFilename,
        size,
        md5: hash.digest('hex')
      };
      if (kept) file.content = Buffer.concat(kept);
      resolve(file);
    });
  });
}
