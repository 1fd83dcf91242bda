// The failures a run ends with, pinned on the files they are about, so they show in the
// commit and pull request diff: each theme file that could not be synced, and the file and
// line a publish job's error names.
import type { Settings } from '../inputs.js';
import { silentLog, type Log } from '../log.js';
import { listThemeFiles } from '../theme/files.js';
import { locateFileInMessage } from './file-annotation.js';
import type { RunReport } from './run-report.js';

/** Error annotations on the files a failure is about: synced ones, and the job's message. */
export async function pinFailures(report: RunReport, settings: Settings, log: Log): Promise<void> {
  const fromRepo = (filename: string) =>
    [settings.themeDirFromRepo, filename].filter(Boolean).join('/');
  for (const failure of report.sync?.failed ?? []) {
    log.error(failure.message, {
      file: fromRepo(failure.filename),
      title: failure.missingNow ? 'Theme file now missing on Siteleaf' : 'Theme sync failed'
    });
  }
  const jobError = report.verdict?.jobError;
  if (jobError === undefined) return;
  const names = report.plan
    ? [
        ...report.plan.upload,
        ...report.plan.replace.map(r => r.file),
        ...report.plan.unchanged.map(u => u.file),
        ...report.plan.kept.map(k => k.file)
      ].map(f => f.filename)
    : await listNames(settings);
  // On the file and line it names, so it shows in the commit and pull request diff; the
  // step's own failure message says it again for the log.
  const place = locateFileInMessage(jobError, names, settings.themeDirFromRepo);
  if (place) {
    report.jobErrorPlace = place;
    log.error(jobError, { ...place, title: 'Siteleaf publish failed' });
  }
}

/** Theme filenames to find in a job's error when the run did not list them (upload-theme: false). */
async function listNames(settings: Settings): Promise<string[]> {
  try {
    const files = await listThemeFiles({
      themeDir: settings.themeDir,
      patterns: settings.filePatterns,
      log: silentLog
    });
    return files.map(f => f.filename);
  } catch {
    return [];
  }
}
