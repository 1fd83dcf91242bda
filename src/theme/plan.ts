// What to do to make the site's theme match the local files: a pure function of the local
// checksums and the remote asset list, printed before anything is changed (and alone in
// dry-run mode).
import type { ThemeAsset } from '../siteleaf/types.js';
import type { ChecksummedFile } from './checksum.js';
import { compareFilenames, sortByFilename } from './filenames.js';

export interface ThemeSyncPlan {
  /** No remote asset has this filename. */
  upload: ChecksummedFile[];
  /**
   * The remote has this filename, but no asset of it has the local checksum.
   * `previous` = every remote asset with that filename.
   */
  replace: Array<{ file: ChecksummedFile; previous: ThemeAsset[] }>;
  unchanged: Array<{ file: ChecksummedFile; asset: ThemeAsset }>;
  /**
   * Extra remote assets of a filename whose other copy is already current (left by an earlier
   * interrupted run): deleted so that one asset per filename remains.
   */
  duplicates: ThemeAsset[];
  /** Only with `prune`: managed remote assets whose filename matches no local file. */
  prune: ThemeAsset[];
}

export interface PlanOptions {
  prune: boolean;
  /**
   * Whether a remote filename is one this action manages (default: all). A remote asset whose
   * filename is excluded locally (dotfiles, `.siteleafignore`, ...) is never pruned: someone
   * put it there on purpose, by other means.
   */
  isManaged?: (filename: string) => boolean;
}

export function planThemeSync(
  local: readonly ChecksummedFile[],
  remote: readonly ThemeAsset[],
  opts: PlanOptions
): ThemeSyncPlan {
  // An asset listed twice (pages overlapping while the list changed) is one asset: counting it
  // as its own duplicate would delete the current copy.
  const remoteAssets = [...new Map(remote.map(asset => [asset.id, asset])).values()];
  const remoteByFilename = new Map<string, ThemeAsset[]>();
  for (const asset of remoteAssets) {
    const copies = remoteByFilename.get(asset.filename);
    if (copies) copies.push(asset);
    else remoteByFilename.set(asset.filename, [asset]);
  }

  const plan: ThemeSyncPlan = { upload: [], replace: [], unchanged: [], duplicates: [], prune: [] };
  const localFilenames = new Set<string>();
  for (const file of sortByFilename(local, f => f.filename)) {
    if (localFilenames.has(file.filename)) continue; // one local file per filename
    localFilenames.add(file.filename);
    const copies = remoteByFilename.get(file.filename);
    if (!copies) {
      plan.upload.push(file);
      continue;
    }
    const current = copies.find(asset => sameChecksum(asset.checksum, file.checksum));
    if (current) {
      plan.unchanged.push({ file, asset: current });
      plan.duplicates.push(...copies.filter(asset => asset !== current));
    } else {
      plan.replace.push({ file, previous: [...copies] });
    }
  }

  if (opts.prune) {
    const isManaged = opts.isManaged ?? (() => true);
    plan.prune = remoteAssets.filter(
      asset => !localFilenames.has(asset.filename) && isManaged(asset.filename)
    );
  }
  plan.duplicates = sortByFilename(plan.duplicates, asset => asset.filename);
  plan.prune = sortByFilename(plan.prune, asset => asset.filename);
  return plan;
}

/** The remote may send the MD5 in uppercase; an absent checksum never matches. */
function sameChecksum(remote: string | undefined, local: string): boolean {
  return typeof remote === 'string' && remote.toLowerCase() === local.toLowerCase();
}

/**
 * The plan as log lines, one per change sorted by filename, then a count line:
 * `+ assets/new.css (upload)`, `~ _layouts/default.html (replace)`, `- old.html (prune)`,
 * `- page.html (duplicate copy)`, `3 to upload, 1 to replace, 120 unchanged, 0 to prune`.
 */
export function formatPlan(plan: ThemeSyncPlan): string[] {
  const changes: Array<[filename: string, line: string]> = [
    ...plan.upload.map(f => [f.filename, `+ ${f.filename} (upload)`] as [string, string]),
    ...plan.replace.map(
      r => [r.file.filename, `~ ${r.file.filename} (replace)`] as [string, string]
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
  if (plan.duplicates.length > 0)
    counts.push(`${plan.duplicates.length} duplicate copies to remove`);
  return [...changes.map(([, line]) => line), counts.join(', ')];
}
