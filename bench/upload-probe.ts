// Where the memory of a large upload goes: one file PUT to a v2 emulator (in another process)
// the way the action does it, and the ways it could, each in a fresh process of its own that
// loads undici as the action does and nothing else. Prints one JSON line (ProbeResult).
//
// Variants (what the body of the multipart PUT is made of):
// - `formdata-blob`: undici's FormData holding `fs.openAsBlob(file)`: the action today
//   (src/siteleaf/file-part.ts);
// - `fresh-chunks`: a hand-written multipart body around `fs.createReadStream` (64 KiB chunks,
//   each a new Buffer);
// - `fresh-chunks-gc`: the same with a full garbage collection every 16 MiB sent, to show that
//   what the other two add is garbage not yet collected, not data kept;
// - `reused-buffer`: one 1 MiB buffer, read into again only once undici asks for the next chunk;
// - `reused-small`: the same with 8 KiB, below the socket's 16 KiB high-water mark, where a chunk
//   may still be queued when undici asks for the next: the bytes sent can be wrong (the answer's
//   `sha` tells);
// - `node-http-reused`: Node's own `http.request`, one 1 MiB buffer, each chunk written with
//   `write(chunk, callback)` and the buffer refilled only once the callback says it was handed
//   to the kernel: safe whatever the chunk size, with no reliance on a client's internals.
//
// Usage: node .build/bench/upload-probe.js '{"url":…,"apiKey":…,"apiSecret":…,"siteId":…,
// "file":…,"variant":…}'
import { createReadStream, openAsBlob, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FormData, request } from 'undici';

export const PROBE_VARIANTS = [
  'formdata-blob',
  'fresh-chunks',
  'fresh-chunks-gc',
  'reused-buffer',
  'reused-small',
  'node-http-reused'
] as const;
export type ProbeVariant = (typeof PROBE_VARIANTS)[number];

export interface ProbeOptions {
  url: string;
  apiKey: string;
  apiSecret: string;
  siteId: string;
  file: string;
  variant: ProbeVariant;
}

export interface ProbeResult {
  variant: ProbeVariant;
  /** VmRSS just before the upload (node, undici loaded), KiB. */
  rssBeforeKib: number;
  /** VmHWM at the end, KiB. */
  peakKib: number;
  wallMs: number;
  status: number;
  /** The `sha` the server computed from the bytes it received. */
  sha: string;
}

function statusKib(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
}

const BOUNDARY = '----siteleaf-bench-probe';

/** A multipart body with one `file` part, its bytes from `chunks`. */
async function* multipart(name: string, chunks: AsyncIterable<Uint8Array>) {
  yield Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n'
  );
  yield* chunks;
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}

function multipartLength(name: string, size: number): number {
  let length = 0;
  const head =
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  length += Buffer.byteLength(head) + size + Buffer.byteLength(`\r\n--${BOUNDARY}--\r\n`);
  return length;
}

/** The file's bytes read again and again into one buffer of `size` bytes. */
async function* reused(file: string, size: number): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(size);
  let position = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function* withGc(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let sinceGc = 0;
  for await (const chunk of chunks) {
    yield chunk;
    sinceGc += chunk.length;
    if (sinceGc >= 16 * 1024 * 1024) {
      sinceGc = 0;
      gc();
    }
  }
}

/** `node:http`, one buffer, refilled once the kernel has the previous chunk. */
async function putWithNodeHttp(
  url: string,
  headers: Record<string, string>,
  file: string,
  name: string
): Promise<{ status: number; text: string }> {
  // require(), as a bundle would: see http-probe.ts on ESM's `import * as http`.
  const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
  const put = http.request(url, { method: 'PUT', headers });
  const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
    put.on('response', answer => {
      let text = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => (text += chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, text }));
    });
    put.on('error', reject);
  });
  const write = (chunk: Uint8Array) =>
    new Promise<void>((resolve, reject) =>
      put.write(chunk, error => (error ? reject(error) : resolve()))
    );
  for await (const chunk of multipart(name, reused(file, 1024 * 1024))) await write(chunk);
  put.end();
  return answered;
}

export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  const name = path.basename(options.file);
  const size = statSync(options.file).size;
  const url = `${options.url}/v2/sites/${encodeURIComponent(options.siteId)}/source/probe-${options.variant}.bin`;
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`
  };
  if (options.variant === 'node-http-reused') {
    headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
    headers['content-length'] = String(multipartLength(name, size));
    const rssBeforeKib = statusKib('VmRSS');
    const started = performance.now();
    const answer = await putWithNodeHttp(url, headers, options.file, name);
    return {
      variant: options.variant,
      rssBeforeKib,
      peakKib: statusKib('VmHWM'),
      wallMs: performance.now() - started,
      status: answer.status,
      sha: (JSON.parse(answer.text) as { sha?: string }).sha ?? ''
    };
  }
  let body: FormData | AsyncIterable<Uint8Array>;
  if (options.variant === 'formdata-blob') {
    const form = new FormData();
    form.append('file', await openAsBlob(options.file), name);
    body = form;
  } else {
    const chunks =
      options.variant === 'reused-buffer'
        ? reused(options.file, 1024 * 1024)
        : options.variant === 'reused-small'
          ? reused(options.file, 8 * 1024)
          : (createReadStream(options.file, {
              highWaterMark: 64 * 1024
            }) as AsyncIterable<Buffer>);
    body = multipart(name, options.variant === 'fresh-chunks-gc' ? withGc(chunks) : chunks);
    headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
    headers['content-length'] = String(multipartLength(name, size));
  }
  const rssBeforeKib = statusKib('VmRSS');
  const started = performance.now();
  // undici sends an async iterable chunk by chunk, asking for the next once the socket took the
  // last (its types leave the iterable out). A Readable would not do for `reused-*`: it reads
  // ahead of the socket, refilling the buffer while a chunk may still be queued.
  const answer = await request(url, {
    method: 'PUT',
    headers,
    body: body as FormData | Readable
  });
  const json = (await answer.body.json()) as { sha?: string };
  return {
    variant: options.variant,
    rssBeforeKib,
    peakKib: statusKib('VmHWM'),
    wallMs: performance.now() - started,
    status: answer.statusCode,
    sha: json.sha ?? ''
  };
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const options = JSON.parse(process.argv[2] ?? '{}') as ProbeOptions;
  probe(options).then(
    result => process.stdout.write(`${JSON.stringify(result)}\n`),
    error => {
      console.error(error);
      process.exitCode = 1;
    }
  );
}
