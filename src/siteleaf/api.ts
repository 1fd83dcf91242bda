// What the publish flow needs from Siteleaf, whichever API the site runs on. The v1 API (theme
// assets, sites made before 2016) and the v2 API (one source tree per site) are two adapters
// of this one interface; the flow, the plan, the sync and the report never name a version.

export type ApiVersion = 'v1' | 'v2';

/**
 * How an API fingerprints a file's bytes, lowercase hex: v1 asset `checksum`s are MD5, v2
 * source `sha`s are git blob ids (SHA-1 of `blob <size>\0` and the bytes, as `git hash-object`).
 */
export type ChecksumKind = 'md5' | 'git-blob-sha1';
