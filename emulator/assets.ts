// The site's theme assets, and the streaming multipart reader for uploads (v1 and v2).
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { BlobSpool } from './git-blob.js';
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
  /** Deleted assets, by id, until restored (Siteleaf keeps them: `PUT /v1/assets/:id/restore`). */
  private trash = new Map<string, StoredAsset>();

  /** `domain` is read when an asset is written, for its permalink. */
  constructor(private readonly domain: () => string) {}

  list(): StoredAsset[] {
    return this.assets.map(asset => ({ ...asset }));
  }

  findByFilename(filename: string): StoredAsset | undefined {
    return this.assets.find(asset => asset.filename === filename);
  }

  find(id: string): StoredAsset | undefined {
    const asset = this.assets.find(a => a.id === id);
    return asset && { ...asset };
  }

  /** Always a new asset with a new id (or `id`, for a seed), even when the filename is taken. */
  create(filename: string, body: AssetBody, id = objectId()): StoredAsset {
    const now = new Date().toISOString();
    const url = `/assets/${filename}`;
    const asset: StoredAsset = {
      id,
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

  /** Moves the asset to the trash; false when there is no such asset. */
  remove(id: string): boolean {
    const asset = this.assets.find(a => a.id === id);
    if (!asset) return false;
    this.assets = this.assets.filter(a => a !== asset);
    this.trash.set(id, asset);
    return true;
  }

  trashed(): StoredAsset[] {
    return [...this.trash.values()].map(asset => ({ ...asset }));
  }

  /** Brings a deleted asset back under its id; undefined when the trash has no such asset. */
  restore(id: string): StoredAsset | undefined {
    const asset = this.trash.get(id);
    if (!asset) return undefined;
    this.trash.delete(id);
    this.assets.push(asset);
    return { ...asset };
  }

  /** A trashed asset, without restoring it. */
  findTrashed(id: string): StoredAsset | undefined {
    const asset = this.trash.get(id);
    return asset && { ...asset };
  }

  clear(): void {
    this.assets = [];
    this.trash = new Map();
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

/** The `file` part as received. */
export interface ReceivedFile extends AssetBody {
  partFilename: string;
  /** The first bytes (up to HEAD_BYTES), kept whatever the size: enough to spot front matter. */
  head: Buffer;
  /** The git blob id of the bytes, when the caller asked for it. */
  sha?: string;
  /** The git blob id of the bytes followed by the requested suffix. */
  shaWithSuffix?: string;
}

export const HEAD_BYTES = 64;

export interface ReceivedUpload {
  fields: Record<string, string>;
  /** The first part named `file` that carried a filename; other file parts are discarded. */
  file?: ReceivedFile;
}

/** Ask for git blob ids (v2 uploads), optionally also of the bytes plus `suffix`. */
export interface GitBlobRequest {
  suffix?: Buffer;
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
  onBytes: (count: number) => void,
  gitBlob?: GitBlobRequest
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
    let spool: BlobSpool | undefined;

    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || filePart) {
        stream.resume();
        return;
      }
      spool = gitBlob ? new BlobSpool(keepBytesUpTo) : undefined;
      filePart = readFilePart(stream, info.filename ?? '', keepBytesUpTo, spool, gitBlob?.suffix);
      filePart.catch(() => undefined); // reported through Promise.all below
    });
    parser.on('error', error => {
      spool?.discard();
      req.unpipe(parser);
      req.resume(); // let the rest of the body go, so the reply can be read
      reject(new MalformedUploadError(error instanceof Error ? error.message : String(error)));
    });
    parser.on('close', () => {
      Promise.resolve(filePart).then(file => resolve(file ? { fields, file } : { fields }), reject);
    });
    // pipe() does not forward a client abort: without this the promise would never settle.
    req.on('close', () => {
      if (req.complete) return;
      spool?.discard(); // the part will never end: its temporary file must not outlive it
      reject(new UploadAbortedError('client closed the upload'));
    });
    req.on('data', (chunk: Buffer) => onBytes(chunk.length));
    req.pipe(parser);
  });
}

function readFilePart(
  stream: Readable,
  partFilename: string,
  keepBytesUpTo: number,
  spool: BlobSpool | undefined,
  suffix: Buffer | undefined
): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    const hash = createHash('md5');
    let size = 0;
    let kept: Buffer[] | undefined = [];
    const head: Buffer[] = [];
    let headSize = 0;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      if (headSize < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headSize));
        headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
      }
      if (kept && size <= keepBytesUpTo) kept.push(chunk);
      else kept = undefined; // too big to keep: drop what was kept so far
      if (spool) {
        stream.pause();
        spool.write(chunk).then(
          () => stream.resume(),
          (error: unknown) => stream.destroy(error as Error)
        );
      }
    });
    stream.on('error', error => {
      spool?.discard();
      reject(error);
    });
    stream.on('end', () => {
      const file: ReceivedFile = {
        partFilename,
        size,
        md5: hash.digest('hex'),
        head: Buffer.concat(head)
      };
      if (kept) file.content = Buffer.concat(kept);
      if (!spool) return resolve(file);
      spool.finish(suffix).then(shas => resolve({ ...file, ...shas }), reject);
    });
  });
}
