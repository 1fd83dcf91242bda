// The checksums tests expect, worked out apart from the code under test: MD5 (Siteleaf v1's
// `checksum`) by Node's crypto or coreutils' md5sum, the git blob SHA-1 (v2's `sha`) by git
// itself. One place, so every test compares against the same reference.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';

/** MD5 of these bytes, in hex. */
export function md5(content: string | Buffer): string {
  return createHash('md5').update(content).digest('hex');
}

/** What coreutils' md5sum says of a file: the reference Siteleaf's v1 checksums agree with. */
export function md5sumOfFile(file: string): string {
  const output = execFileSync('md5sum', [file], { encoding: 'utf8' });
  return output.split(' ')[0] as string;
}

/**
 * What `git hash-object` says of these bytes: the reference for v2's `sha`. `--no-filters`
 * hashes the bytes as they are, whatever `core.autocrlf` the machine's git config sets (a
 * CRLF file must keep its CRs).
 */
export function gitBlobSha1(content: string | Buffer): string {
  return git(['hash-object', '--no-filters', '--stdin'], content);
}

/** The same, of a file as it is on disk. */
export function gitBlobSha1OfFile(file: string): string {
  return git(['hash-object', '--no-filters', '--', file]);
}

function git(args: string[], input?: string | Buffer): string {
  // Outside any repository, so no repository's config can change the answer.
  const output = execFileSync('git', args, {
    cwd: tmpdir(),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
    ...(input !== undefined ? { input } : {})
  });
  return output.trim();
}
