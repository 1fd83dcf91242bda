// The multipart body both APIs upload a file with: the part `file` holds the bytes, streamed
// from disk (a Blob backed by the file, so it is never read whole), named by its basename.
import { openAsBlob } from 'node:fs';
import * as path from 'node:path';
import { FormData } from 'undici';
import type { FileToUpload } from './api.js';
import { LocalFileError } from './http.js';

/** Made again for each attempt: a retried upload sends the whole file again. */
export async function formWithFile(
  file: FileToUpload,
  fields: Readonly<Record<string, string>> = {}
): Promise<FormData> {
  let blob: Blob;
  try {
    blob = await openAsBlob(file.absolutePath);
  } catch (error) {
    throw new LocalFileError(
      `Could not read theme file ${file.filename}: ${(error as Error).message}`
    );
  }
  const form = new FormData();
  form.append('file', blob, path.posix.basename(file.filename));
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}
