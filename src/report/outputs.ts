// The step's outputs, derived from the run report alone; the counts are the ones the log line
// after the upload and the job summary say (see counts.ts).
import { countFiles } from './counts.js';
import type { RunReport } from './run-report.js';

export function outputsOf(report: RunReport): Record<string, string> {
  const status = report.verdict?.status ?? 'failed';
  const dryRun = status === 'dry-run';
  const plan = report.plan;
  const counts = countFiles(report, dryRun);
  const uploadedFiles = dryRun
    ? [
        ...(plan?.upload ?? []).map(f => f.filename),
        ...(plan?.replace ?? []).map(r => r.file.filename)
      ].sort()
    : (report.sync?.uploaded ?? []);
  return {
    'job-id': report.jobId,
    status,
    uploaded: String(counts.uploaded),
    replaced: String(counts.replaced),
    unchanged: String(counts.unchanged),
    deleted: String(counts.pruned),
    'uploaded-files': JSON.stringify(uploadedFiles),
    'site-url': report.siteUrl,
    'api-version': report.apiVersion ?? '',
    kept: String(counts.kept)
  };
}
