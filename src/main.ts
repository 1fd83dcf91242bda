// The whole run, top to bottom: settings → plan → upload → publish → follow → report.
import * as core from '@actions/core';
import { watchForCancellation } from './cancellation.js';
import { startDeployment, type DeploymentTracker } from './deployment.js';
import { InputError, readSettings, type Settings } from './inputs.js';
import { publishAndFollow, type PublishResult } from './publish.js';
import { log, raisedAnnotations, redact } from './report/log.js';
import { outputsOf } from './report/outputs.js';
import { addJobLine, createRunReport, type RunReport } from './report/run-report.js';
import { renderSummary } from './report/summary.js';
import { locateFileInMessage } from './report/file-annotation.js';
import type { Dispatcher } from 'undici';
import {
  DEFAULT_HTTP_TIMEOUTS,
  SiteleafClient,
  createDispatcher,
  type HttpTimeouts
} from './siteleaf/client.js';
import { CancelledError } from './siteleaf/errors.js';
import { formatJobEvent } from './siteleaf/job-events.js';
import { RequestPacer, SITELEAF_RATE_LIMIT, type PacerOptions } from './siteleaf/request-pacer.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './siteleaf/retry-policy.js';
import { checksumThemeFiles } from './theme/checksum.js';
import { listThemeFiles, selectThemeFiles, type LocalThemeFile } from './theme/files.js';
import { formatPlan, planThemeSync, type ThemeSyncPlan } from './theme/plan.js';
import { applyThemeSync, type ThemeSyncResult } from './theme/sync.js';

/** Knobs tests turn down so faults resolve in milliseconds; production uses the defaults. */
export interface Tuning {
  readonly retry: RetryPolicy;
  readonly pacing: PacerOptions;
  /** A job stream silent this long is reopened. */
  readonly idleTimeoutMs: number;
  readonly reopenDelayMs: number;
  readonly http: HttpTimeouts;
}

export const DEFAULT_TUNING: Tuning = {
  retry: DEFAULT_RETRY_POLICY,
  pacing: SITELEAF_RATE_LIMIT,
  idleTimeoutMs: 60_000,
  reopenDelayMs: 1_000,
  http: DEFAULT_HTTP_TIMEOUTS
};

const PAUSE_WORTH_SAYING_MS = 1000;

export async function run(overrides: Partial<Tuning> = {}): Promise<void> {
  const tuning = { ...DEFAULT_TUNING, ...overrides };
  const report = createRunReport();
  const cancellation = watchForCancellation(name => {
    report.cancelled = true;
    log.info(`Received ${name}: the workflow was cancelled; stopping what is in flight.`);
  });
  let dispatcher: Dispatcher | undefined;
  const deployment: { tracker?: Promise<DeploymentTracker | undefined> } = {};
  try {
    const settings = readSettings();
    await log.group('Settings', async () => {
      for (const line of describeSettings(settings)) log.info(line);
    });
    dispatcher = createDispatcher(tuning.http);
    const client = new SiteleafClient({
      apiUrl: settings.apiUrl,
      apiKey: settings.apiKey,
      apiSecret: settings.apiSecret,
      siteId: settings.siteId,
      retry: tuning.retry,
      pacer: new RequestPacer(tuning.pacing, waitMs => {
        // Once the budget is spent nearly every request waits a few ms for its slot: only the
        // long pauses are news.
        if (waitMs < PAUSE_WORTH_SAYING_MS) return;
        log.info(
          `Pausing ${Math.ceil(waitMs / 1000)} s to stay under Siteleaf's limit of ` +
            `${tuning.pacing.limit} requests per ${Math.round(tuning.pacing.windowMs / 1000)} s.`
        );
      }),
      dispatcher,
      log,
      signal: cancellation.signal
    });
    await syncAndPublish(settings, client, report, tuning, cancellation.signal, deployment);
  } catch (error) {
    failWith(report, error);
  } finally {
    cancellation.dispose();
    await dispatcher?.close().catch(() => {});
    // Outputs and summary first: a cancelled run has seconds before the runner kills it.
    await writeResults(report);
    await finishDeployment(await deployment.tracker, report);
  }
}

async function syncAndPublish(
  settings: Settings,
  client: SiteleafClient,
  report: RunReport,
  tuning: Tuning,
  signal: AbortSignal,
  deployment: { tracker?: Promise<DeploymentTracker | undefined> }
): Promise<void> {
  // 1. Plan: local files (checked before any request), their checksums, the site's assets.
  let localFiles: LocalThemeFile[] = [];
  let manages: (filename: string) => boolean = () => false;
  let lastUploadEpoch: number | undefined;
  if (settings.uploadTheme) {
    ({ files: localFiles, manages } = await selectThemeFiles({
      themeDir: settings.themeDir,
      themeDirLabel: settings.themeDirFromRepo || '.',
      patterns: settings.filePatterns,
      onWarning: message => log.warning(message)
    }));
    if (localFiles.length === 0) {
      throw new InputError(
        `Input 'files' matched no file in theme-dir '${settings.themeDirFromRepo || '.'}' ` +
          `(patterns: ${settings.filePatterns.join(', ')}; dotfiles, config.ru, node_modules/ ` +
          'and .siteleafignore entries are always left out). Set upload-theme: false to publish only.'
      );
    }
  }
  // Read the site beside the planning; if either fails, stop the other (hashing a large theme
  // for a wrong key would only keep the step busy).
  const planning = new AbortController();
  const planSignal = AbortSignal.any([signal, planning.signal]);
  const [site, plan] = await Promise.all([
    client.getSite(),
    settings.uploadTheme ? planSync(settings, client, localFiles, manages, planSignal) : undefined
  ]).catch((error: unknown) => {
    planning.abort(error);
    throw error;
  });
  report.siteUrl = site.domain ? `https://${site.domain}` : '';
  report.plan = plan;
  if (plan) {
    await log.group(`Plan for ${localFiles.length} theme files`, async () => {
      for (const line of formatPlan(plan)) log.info(line);
    });
  }

  if (settings.dryRun) {
    report.status = 'dry-run';
    const publish = settings.publish
      ? 'would publish the site'
      : 'would not publish (publish: false)';
    log.info(`Dry run: nothing was changed on Siteleaf; ${publish}.`);
    return;
  }

  // A GitHub deployment, when asked for, covers the upload and the publish. Its requests run
  // beside ours; it never fails the step.
  if (settings.publish && settings.deploymentEnvironment) {
    deployment.tracker = startDeployment({
      token: settings.githubToken,
      environment: settings.deploymentEnvironment,
      siteUrl: report.siteUrl || undefined
    });
  }

  // 2. Upload: nothing is lost on the way, and nothing is pruned unless every upload worked.
  if (plan && isEmptyPlan(plan)) {
    log.info(`Theme is current: all ${plan.unchanged.length} files unchanged, nothing to upload.`);
  } else if (plan) {
    const sync = await log.group('Upload', () =>
      applyThemeSync(plan, client, {
        concurrency: settings.concurrency,
        signal,
        log: line => log.info(line),
        onStop: partial => (report.sync = partial)
      })
    );
    report.sync = sync;
    lastUploadEpoch = uploadEpoch(sync);
    if (sync.failed.length) {
      annotateSyncFailures(sync, settings);
      throw new Error(
        `${sync.failed.length} theme file(s) could not be synced, so the site was not published` +
          missingNote(sync) +
          '. Re-run the workflow to try again.'
      );
    }
    log.info(summarizeSync(sync));
  }

  if (!settings.publish) {
    report.status = 'skipped';
    log.info('publish: false, so the site was not published.');
    return;
  }

  // 3. Publish and follow the job to its end.
  const result = await log.group('Publish log', () =>
    publishAndFollow({
      client,
      wait: settings.wait,
      timeoutMs: settings.timeoutSeconds * 1000,
      lastUploadEpoch,
      idleTimeoutMs: tuning.idleTimeoutMs,
      reopenDelayMs: tuning.reopenDelayMs,
      signal,
      onJobStarted: (jobId, round) => {
        report.jobId = jobId;
        report.jobIds.push(jobId);
        log.info(`${round > 1 ? 'Publishing again' : 'Publishing'}: job ${jobId}`);
      },
      onEvent: event => {
        const line = formatJobEvent(event);
        addJobLine(report, line);
        log.info(line);
      },
      onInfo: message => log.info(message),
      onWarning: message => log.warning(message)
    })
  );
  // 4. Report.
  await judge(result, settings, report, localFiles);
}

async function planSync(
  settings: Settings,
  client: SiteleafClient,
  localFiles: LocalThemeFile[],
  manages: (filename: string) => boolean,
  signal: AbortSignal
) {
  const [checksummed, remote] = await Promise.all([
    checksumThemeFiles(localFiles, 'md5', Math.max(4, settings.concurrency), signal),
    client.listThemeAssets()
  ]);
  // Prune only what this step manages (see selectThemeFiles), so `files: assets/**` never
  // deletes a layout, and a file ignored or skipped locally keeps its remote copy.
  return planThemeSync(checksummed, remote, { prune: settings.prune, isManaged: manages });
}

async function judge(
  result: PublishResult,
  settings: Settings,
  report: RunReport,
  localFiles: LocalThemeFile[]
): Promise<void> {
  switch (result.result) {
    case 'queued':
      report.status = 'queued';
      log.info(`Publish job ${result.jobId} queued; not waiting for it (wait: false).`);
      return;
    case 'complete':
      report.status = 'complete';
      log.info(`Published${report.siteUrl ? `: ${report.siteUrl}` : ''}`);
      return;
    case 'failed': {
      const message = result.last.message || `the job ended with status '${result.last.status}'`;
      const names = localFiles.length ? localFiles.map(f => f.filename) : await listNames(settings);
      // On the file and line it names, so it shows in the commit and pull request diff; the
      // step's own failure message says it again for the log.
      const place = locateFileInMessage(message, names, settings.themeDirFromRepo);
      if (place) log.error(message, { ...place, title: 'Siteleaf publish failed' });
      throw new Error(`Siteleaf publish job ${result.jobId} failed: ${message}`);
    }
    case 'not-found':
      throw new Error(
        `Siteleaf no longer knows publish job ${result.jobId} (${result.message}): it expired ` +
          'or never existed, so whether this publish succeeded is unknown. Re-run the workflow.'
      );
    case 'timeout':
      throw new Error(
        `Publish job ${result.jobId} did not finish within the timeout of ${settings.timeoutSeconds} s` +
          `${result.last ? ` (last status: ${result.last.status} ${result.last.message})` : ''}. ` +
          'It may still finish on Siteleaf; raise the timeout input if publishes take longer.'
      );
    case 'stale':
      throw new Error(
        `Siteleaf kept handing back publish jobs that began before this run's uploads finished ` +
          `(${result.rounds} in a row), so the new theme may not be live. Re-run the workflow.`
      );
  }
}

/** Theme filenames to find in a job's error when the run did not list them (upload-theme: false). */
async function listNames(settings: Settings): Promise<string[]> {
  try {
    const files = await listThemeFiles({
      themeDir: settings.themeDir,
      patterns: settings.filePatterns,
      onWarning: () => {}
    });
    return files.map(f => f.filename);
  } catch {
    return [];
  }
}

/**
 * Whole seconds of the last upload's `Date`, for telling a job already under way from ours.
 * Without the header (a proxy may strip it) this machine's clock stands in: later than the
 * server's by the upload's latency at most, which errs towards publishing once more.
 */
function uploadEpoch(sync: ThemeSyncResult): number | undefined {
  if (sync.uploaded.length === 0) return undefined;
  const date = sync.lastUploadDate ? Date.parse(sync.lastUploadDate) : NaN;
  if (Number.isNaN(date)) {
    log.debug("No Date header on the upload answers: using this machine's clock instead.");
    return Math.floor(Date.now() / 1000);
  }
  return Math.floor(date / 1000);
}

function annotateSyncFailures(sync: ThemeSyncResult, settings: Settings): void {
  for (const failure of sync.failed) {
    const file = [settings.themeDirFromRepo, failure.filename].filter(Boolean).join('/');
    log.error(failure.message, {
      file,
      title: failure.missingNow ? 'Theme file now missing on Siteleaf' : 'Theme sync failed'
    });
  }
}

function missingNote(sync: ThemeSyncResult | undefined): string {
  const missing = (sync?.failed ?? []).filter(f => f.missingNow).map(f => f.filename);
  return missing.length ? `; now missing on Siteleaf: ${missing.join(', ')}` : '';
}

function isEmptyPlan(plan: ThemeSyncPlan): boolean {
  return [plan.upload, plan.replace, plan.duplicates, plan.prune].every(list => list.length === 0);
}

function summarizeSync(sync: { uploaded: string[]; replaced: string[]; pruned: string[] }): string {
  const added = sync.uploaded.length - sync.replaced.length;
  return `Theme synced: ${added} added, ${sync.replaced.length} replaced, ${sync.pruned.length} pruned.`;
}

function failWith(report: RunReport, error: unknown): void {
  report.status = 'failed';
  if (error instanceof CancelledError || report.cancelled) {
    report.cancelled = true;
    const uploaded = report.sync?.uploaded ?? [];
    report.failure =
      `Cancelled. ${uploaded.length ? `Uploaded before stopping: ${uploaded.join(', ')}.` : 'No file was uploaded.'} ` +
      (report.jobIds.length > 0
        ? `Publish job ${report.jobId} was started and goes on on Siteleaf.`
        : 'No publish was started.');
  } else {
    report.failure = error instanceof Error ? error.message : String(error);
  }
  // A sync stopped early (cancelled, or an answer that stops everything) may have left a file
  // missing: the failure must name it, not only the cause.
  if (report.sync && !report.failure.includes('now missing on Siteleaf')) {
    const note = missingNote(report.sync);
    if (note) {
      report.failure += ` (${note.slice(2)})`;
      for (const failure of report.sync.failed.filter(f => f.missingNow)) {
        log.error(failure.message, { title: 'Theme file now missing on Siteleaf' });
      }
    }
  }
  log.fail(report.failure);
  if (!(error instanceof InputError || report.cancelled) && error instanceof Error && error.stack) {
    log.debug(error.stack);
  }
}

/** The effective settings, for the log; the key and secret are never among them. */
function describeSettings(settings: Settings): string[] {
  const yesNo = (value: boolean) => (value ? 'true' : 'false');
  return [
    `site-id: ${settings.siteId}`,
    `api-url: ${settings.apiUrl}`,
    `theme-dir: ${settings.themeDirFromRepo || '.'}`,
    `files: ${settings.filePatterns.join(', ')}`,
    `upload-theme: ${yesNo(settings.uploadTheme)}, prune: ${yesNo(settings.prune)}, ` +
      `publish: ${yesNo(settings.publish)}, wait: ${yesNo(settings.wait)}, ` +
      `dry-run: ${yesNo(settings.dryRun)}`,
    `timeout: ${settings.timeoutSeconds} s, concurrency: ${settings.concurrency}`,
    ...(settings.deploymentEnvironment
      ? [`deployment-environment: ${settings.deploymentEnvironment}`]
      : [])
  ];
}

async function finishDeployment(
  tracker: DeploymentTracker | undefined,
  report: RunReport
): Promise<void> {
  if (!tracker) return;
  // wait: false hands back an accepted job; its outcome is not known, so it counts as success.
  const result =
    report.status === 'complete' || report.status === 'queued'
      ? 'success'
      : report.cancelled
        ? 'error'
        : 'failure';
  await tracker.finish(result, report.siteUrl);
}

async function writeResults(report: RunReport): Promise<void> {
  const raised = raisedAnnotations();
  report.problems = [...raised.list];
  report.problemsLeftOut = raised.more;
  for (const [name, value] of Object.entries(outputsOf(report))) log.setOutput(name, value);
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(redact(renderSummary(report))).write();
  } catch (error) {
    log.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}
