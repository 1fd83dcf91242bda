// What to do to make the site match the local files: a pure function of the local checksums
// and the remote listing, printed before anything is changed (and alone in dry-run mode).
// It knows no API version: the API says how names compare and what each remote file is
// (a theme file the repository owns, or content editors change in Siteleaf).
import { sameChecksum, type RemoteFile } from '../siteleaf/api.js';
import type { ChecksummedFile } from './checksum.js';
import { compareFilenames, sortByFilename } from './filenames.js';

export interface ThemeSyncPlan {
  /** No remote file has this name. */
  upload: ChecksummedFile[];
  /**
   * The remote has this name, but no copy of it has the local checksum.
   * `previous` = every remote file of that name.
   */
  replace: Array<{ file: ChecksummedFile; previous: RemoteFile[] }>;
  unchanged: Array<{ file: ChecksummedFile; remote: RemoteFile }>;
  /**
   * Content that differs from the local file but is kept, because editors change it in
   * Siteleaf and `overwrite-content` is off.
   */
  kept: Array<{ file: ChecksummedFile; remote: RemoteFile }>;
  /**
   * Extra remote copies of a name whose other copy is already current (left by an earlier
   * interrupted run): deleted so that one copy per name remains.
   */
  duplicates: RemoteFile[];
  /** Only with `prune`: managed remote files that match no local file. */
  prune: RemoteFile[];
}

export interface PlanOptions {
  readonly prune: boolean;
  /** Replace (and with `prune`, delete) content and `_config.yml` too. */
  readonly overwriteContent?: boolean;
  /** Whether `About.html` and `about.html` are one file on the site. */
  readonly namesIgnoreCase?: boolean;
  /**
   * Whether a remote name is one this action manages (default: all). A remote file excluded
   * locally (dotfiles, `.siteleafignore`, Jekyll's `exclude:` ...) is never pruned: someone
   * put it there on purpose, by other means.
   */
  readonly isManaged?: (filename: string) => boolean;
}

export function planThemeSync(
  local: readonly ChecksummedFile[],
  remote: readonly RemoteFile[],
  opts: PlanOptions
): ThemeSyncPlan {
  const key = nameKey(opts.namesIgnoreCase ?? false);
  // A file listed twice (pages overlapping while the list changed) is one file: counting it as
  // its own duplicate would delete the current copy.
  const remoteFiles = [
    ...new Map(remote.map(file => [file.id ?? key(file.filename), file])).values()
  ];
  const remoteByName = new Map<string, RemoteFile[]>();
  for (const file of remoteFiles) {
    const copies = remoteByName.get(key(file.filename));
    if (copies) copies.push(file);
    else remoteByName.set(key(file.filename), [file]);
  }

  const plan: ThemeSyncPlan = {
    upload: [],
    replace: [],
    unchanged: [],
    kept: [],
    duplicates: [],
    prune: []
  };
  const localNames = new Set<string>();
  for (const file of sortByFilename(local, f => f.filename)) {
    if (localNames.has(key(file.filename))) continue; // one local file per name
    localNames.add(key(file.filename));
    const copies = remoteByName.get(key(file.filename));
    if (!copies) {
      plan.upload.push(file);
      continue;
    }
    const current = copies.find(copy => sameChecksum(copy.checksum, file.checksum));
    if (current) {
      plan.unchanged.push({ file, remote: current });
      plan.duplicates.push(...copies.filter(copy => copy !== current));
    } else if (!opts.overwriteContent && copies.some(copy => copy.role !== 'file')) {
      plan.kept.push({ file, remote: copies[0] as RemoteFile });
    } else {
      plan.replace.push({ file, previous: [...copies] });
    }
  }

  if (opts.prune) {
    const isManaged = opts.isManaged ?? (() => true);
    plan.prune = remoteFiles.filter(
      file =>
        !localNames.has(key(file.filename)) &&
        isManaged(file.filename) &&
        mayPrune(file, opts.overwriteContent ?? false)
    );
  }
  plan.duplicates = sortByFilename(plan.duplicates, file => file.filename);
  plan.prune = sortByFilename(plan.prune, file => file.filename);
  return plan;
}

/** Theme files always; content only when it may be overwritten; `_config.yml` never. */
function mayPrune(file: RemoteFile, overwriteContent: boolean): boolean {
  if (file.role === 'file') return true;
  return file.role === 'content' && overwriteContent;
}

/** How names compare on the site: exactly, or ignoring case (Unicode-aware). */
export function nameKey(ignoreCase: boolean): (name: string) => string {
  return ignoreCase ? name => name.toLowerCase() : name => name;
}

/** Nothing to upload, replace, remove or prune. */
export function isEmptyPlan(plan: ThemeSyncPlan): boolean {
  return [plan.upload, plan.replace, plan.duplicates, plan.prune].every(list => list.length === 0);
}

/**
 * The plan as log lines, one per change sorted by filename, then a count line:
 * `+ assets/new.css (upload)`, `~ _layouts/default.html (replace)`, `- old.html (prune)`,
 * `- page.html (duplicate copy)`, `= about.md (content kept)`,
 * `3 to upload, 1 to replace, 120 unchanged, 0 to prune`.
 */
export function formatPlan(plan: ThemeSyncPlan): string[] {
  const changes: Array<[filename: string, line: string]> = [
    ...plan.upload.map(f => [f.filename, `+ ${f.filename} (upload)`] as [string, string]),
    ...plan.replace.map(
      r => [r.file.filename, `~ ${r.file.filename} (replace)`] as [string, string]
    ),
    ...plan.kept.map(
      k =>
        [
          k.file.filename,
          `= ${k.file.filename} (content kept: the site's ${k.remote.type} differs)`
        ] as [string, string]
    ),
    ...plan.duplicates.map(
      a => [a.filename, `- ${a.filename} (duplicate copy)`] as [string, string]
    ),
    ...plan.prune.map(a => [a.filename, `- ${a.filename} (prune)`] as [string, string])
  ];
  changes.sort((a, b) => compareFilenames(a[0], b[0]));
  const counts = [
    `${plan.upload.length} to upload`,
    `${plan.replace.length} to replace`,
    `${plan.unchanged.length} unchanged`,
    `${plan.prune.length} to prune`
  ];
  if (plan.kept.length > 0) counts.push(`${plan.kept.length} content kept`);
  if (plan.duplicates.length > 0)
    counts.push(`${plan.duplicates.length} duplicate copies to remove`);
  return [...changes.map(([, line]) => line), counts.join(', ')];
}
