// The step's outputs, derived from the run report alone.
import type { RunReport } from './run-report.js';

export function outputsOf(report: RunReport): Record<string, string> {
  const status = report.verdict?.status ?? 'failed';
  const dryRun = status === 'dry-run';
  const plan = report.plan;
  const uploadedFiles = dryRun
    ? [
        ...(plan?.upload ?? []).map(f => f.filename),
        ...(plan?.replace ?? []).map(r => r.file.filename)
      ].sort()
    : (report.sync?.uploaded ?? []);
  const deleted = dryRun ? (plan?.prune.length ?? 0) : (report.sync?.pruned.length ?? 0);
  return {
    'job-id': report.jobId,
    status,
    uploaded: String(uploadedFiles.length),
    unchanged: String(plan?.unchanged.length ?? 0),
    deleted: String(deleted),
    'uploaded-files': JSON.stringify(uploadedFiles),
    'site-url': report.siteUrl,
    'api-version': report.apiVersion ?? '',
    kept: String(plan?.kept.length ?? 0)
  };
}
