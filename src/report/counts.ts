// How many theme files a run uploaded, replaced, pruned, kept or left alone, counted once from
// the run report, so the log line after the upload, the job summary and the step's outputs
// cannot say different numbers. A dry run counts the plan (what would be done); any other run
// counts what the sync did.
import type { RunReport } from './run-report.js';

export interface FileCounts {
  readonly dryRun: boolean;
  /** Every file uploaded, new and replaced (with a dry run: to be). */
  readonly uploaded: number;
  /** The uploaded files the site had no copy of. */
  readonly new: number;
  /** The uploaded files that replaced a copy on the site. */
  readonly replaced: number;
  readonly pruned: number;
  /** Matched files already current on the site. */
  readonly unchanged: number;
  /** v2 content that differs on the site but was kept (see `overwrite-content`). */
  readonly kept: number;
  /** Extra copies of a name removed (left by an earlier interrupted run). */
  readonly duplicatesRemoved: number;
  /** Files that could not be synced. */
  readonly failed: number;
  /** Planned uploads neither done nor failed: the run stopped before them. */
  readonly notUploaded: number;
}

export function countFiles(report: RunReport, dryRun: boolean): FileCounts {
  const plan = report.plan;
  const unchanged = plan?.unchanged.length ?? 0;
  const kept = plan?.kept.length ?? 0;
  if (dryRun) {
    const fresh = plan?.upload.length ?? 0;
    const replaced = plan?.replace.length ?? 0;
    return {
      dryRun,
      uploaded: fresh + replaced,
      new: fresh,
      replaced,
      pruned: plan?.prune.length ?? 0,
      unchanged,
      kept,
      duplicatesRemoved: plan?.duplicates.length ?? 0,
      failed: 0,
      notUploaded: 0
    };
  }
  const sync = report.sync;
  const uploaded = sync?.uploaded.length ?? 0;
  const replaced = sync?.replaced.length ?? 0;
  const failed = sync?.failed.length ?? 0;
  const planned = (plan?.upload.length ?? 0) + (plan?.replace.length ?? 0);
  return {
    dryRun,
    uploaded,
    new: uploaded - replaced,
    replaced,
    pruned: sync?.pruned.length ?? 0,
    unchanged,
    kept,
    duplicatesRemoved: sync?.duplicatesRemoved.length ?? 0,
    failed,
    notUploaded: Math.max(0, planned - uploaded - failed)
  };
}

/**
 * The counts as one line, only the ones that are not zero:
 * `3 uploaded (2 new, 1 replaced) · 1 pruned · 3 unchanged`; a dry run's reads as a plan:
 * `would upload 3 (2 new, 1 replaced) · would prune 1 · 3 unchanged`.
 */
export function formatCounts(counts: FileCounts): string {
  const breakdown = [
    counts.new ? `${counts.new} new` : '',
    counts.replaced ? `${counts.replaced} replaced` : ''
  ]
    .filter(Boolean)
    .join(', ');
  const uploaded = counts.dryRun
    ? `would upload ${counts.uploaded}`
    : `${counts.uploaded} uploaded`;
  const parts = [
    counts.uploaded ? `${uploaded} (${breakdown})` : '',
    counts.failed ? `${counts.failed} failed` : '',
    counts.notUploaded ? `${counts.notUploaded} not uploaded` : '',
    counts.pruned
      ? counts.dryRun
        ? `would prune ${counts.pruned}`
        : `${counts.pruned} pruned`
      : '',
    counts.duplicatesRemoved
      ? `${counts.dryRun ? 'would remove ' : ''}${plural(counts.duplicatesRemoved, 'duplicate copy', 'duplicate copies')}${counts.dryRun ? '' : ' removed'}`
      : '',
    counts.unchanged ? `${counts.unchanged} unchanged` : '',
    counts.kept ? `${counts.kept} content kept` : ''
  ].filter(Boolean);
  if (parts.length > 0) return parts.join(' · ');
  return counts.dryRun ? 'nothing would change' : 'nothing changed';
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
