// The whole run, top to bottom: settings → plan → upload → publish → follow → report.
// `publishSite` is the flow, the same for the GitHub Action (`run`, below) and the command
// line (cli.ts); it names no API version (siteleaf/choose-api.ts picks the adapter) and never
// throws: what happened, and the verdict on it, come back in the RunReport.
import * as core from '@actions/core';
import { watchForCancellation } from './cancellation.js';
import { GitHubDeployment } from './deployment.js';
import { waitForSync } from './github-sync.js';
import { formatDuration, messageOf } from './format.js';
import { InputError, readSettings, type Settings } from './inputs.js';
import {
  noFilesMatched,
  readJekyllRules,
  refuseCaseCollisions,
  selectFiles
} from './local-files.js';
import type { Log } from './log.js';
import { publishAndFollow } from './publish.js';
import { ActionsLog } from './report/actions-log.js';
import { outputsOf } from './report/outputs.js';
import { pinFailures } from './report/pin-failures.js';
import { countFiles, formatCounts } from './report/counts.js';
import { addJobEvent, createRunReport, type RunReport } from './report/run-report.js';
import { commitFromEnv, renderSummary } from './report/summary.js';
import { redact, setSecretSink } from './secrets.js';
import type { SiteleafApi } from './siteleaf/api.js';
import { chooseApi, traitsOf } from './siteleaf/choose-api.js';
import { CancelledError } from './siteleaf/errors.js';
import {
  DEFAULT_HTTP_TIMEOUTS,
  SiteleafHttp,
  createDispatcher,
  type HttpTimeouts
} from './siteleaf/http.js';
import { formatJobEvent } from './siteleaf/job-events.js';
import { RequestPacer, SITELEAF_RATE_LIMIT, type PacerOptions } from './siteleaf/request-pacer.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './siteleaf/retry-policy.js';
import { checksumThemeFiles } from './theme/checksum.js';
import { narrowSelection, type ThemeSelection } from './theme/files.js';
import { formatPlan, isEmptyPlan, planThemeSync, type ThemeSyncPlan } from './theme/plan.js';
import { applyThemeSync, type ThemeSyncResult } from './theme/sync.js';
import { judgeRun } from './verdict.js';

/** Knobs tests turn down so faults resolve in milliseconds; production uses the defaults. */
export interface Tuning {
  readonly retry: RetryPolicy;
  readonly pacing: PacerOptions;
  /** A job stream silent this long is reopened. */
  readonly idleTimeoutMs: number;
  readonly reopenDelayMs: number;
  readonly http: HttpTimeouts;
  /** Told how long each request waited for its slot under the rate limit (benchmarks read it). */
  readonly onRequestWaited?: (waitedMs: number) => void;
}

export const DEFAULT_TUNING: Tuning = {
  retry: DEFAULT_RETRY_POLICY,
  pacing: SITELEAF_RATE_LIMIT,
  idleTimeoutMs: 60_000,
  reopenDelayMs: 1_000,
  http: DEFAULT_HTTP_TIMEOUTS
};

const PAUSE_WORTH_SAYING_MS = 1000;

export interface RunContext {
  readonly settings: Settings;
  readonly log: Log;
  readonly tuning: Tuning;
  /** Aborted when the run is cancelled (SIGINT, SIGTERM). */
  readonly signal: AbortSignal;
  /** A GitHub deployment to start once the site's URL is known (the Action only). */
  readonly deployment?: GitHubDeployment;
}

/** The GitHub Action: inputs from the runner, the flow, then outputs, summary and deployment. */
export async function run(overrides: Partial<Tuning> = {}): Promise<void> {
  const log = new ActionsLog();
  setSecretSink(value => core.setSecret(value));
  const report = createRunReport();
  const cancellation = watchForCancellation(name => {
    report.cancelled = true;
    log.info(`Received ${name}: the workflow was cancelled; stopping what is in flight.`);
  });
  let deployment: GitHubDeployment | undefined;
  try {
    const settings = readSettings();
    deployment =
      settings.publish && !settings.dryRun && settings.deploymentEnvironment
        ? new GitHubDeployment({
            token: settings.githubToken,
            environment: settings.deploymentEnvironment,
            log
          })
        : undefined;
    const tuning = { ...DEFAULT_TUNING, ...overrides };
    await publishSite({ settings, log, tuning, signal: cancellation.signal, deployment }, report);
  } catch (error) {
    // Only a bad input gets here: the flow records its own failures.
    report.error = error;
    report.verdict = judgeRun({ ...factsOf(report), dryRun: false, timeoutSeconds: 0 });
  } finally {
    cancellation.dispose();
  }
  const verdict = report.verdict;
  if (verdict?.failure) {
    log.fail(verdict.failure, verdict.failurePlace);
    if (
      report.error instanceof Error &&
      !(report.error instanceof InputError) &&
      report.error.stack
    ) {
      log.debug(report.error.stack);
    }
  }
  // Outputs and summary first: a cancelled run has seconds before the runner kills it.
  report.problems = [...log.raised];
  report.problemsLeftOut = log.raisedLeftOut;
  for (const [name, value] of Object.entries(outputsOf(report))) log.setOutput(name, value);
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      const summary = renderSummary(report, { commit: commitFromEnv(process.env) });
      await core.summary.addRaw(redact(summary)).write();
    } catch (error) {
      log.warning(`Could not write the job summary: ${messageOf(error)}`);
    }
  }
  await deployment?.finish(verdict?.deployment ?? 'failure', report.siteUrl);
}

/**
 * The flow. Fills `report` as it goes (so a run stopped half-way still reports what it did)
 * and ends with the verdict; never throws.
 */
export async function publishSite(
  ctx: RunContext,
  report: RunReport = createRunReport()
): Promise<RunReport> {
  const { settings, log, tuning, signal } = ctx;
  report.publishAsked = settings.publish;
  const dispatcher = createDispatcher(tuning.http);
  const http = new SiteleafHttp({
    apiUrl: settings.apiUrl,
    apiKey: settings.apiKey,
    apiSecret: settings.apiSecret,
    retry: tuning.retry,
    pacer: new RequestPacer(tuning.pacing, {
      onPause: waitMs => {
        // Once the budget is spent nearly every request waits a few ms for its slot: only the
        // long pauses are news.
        if (waitMs < PAUSE_WORTH_SAYING_MS) return;
        log.info(
          `Pausing ${formatDuration(waitMs)} to stay under Siteleaf's limit of ` +
            `${tuning.pacing.limit} requests per ${formatDuration(tuning.pacing.windowMs)}.`
        );
      },
      onWaited: tuning.onRequestWaited
    }),
    dispatcher,
    log,
    signal
  });
  try {
    await syncAndPublish(ctx, http, report);
  } catch (error) {
    if (error instanceof CancelledError || signal.aborted) report.cancelled = true;
    else report.error = error;
  } finally {
    report.retriedRequests = http.stats.retried;
    await dispatcher.close().catch(() => {});
  }
  report.finishedAt = Date.now();
  report.verdict = judgeRun({
    ...factsOf(report),
    dryRun: settings.dryRun,
    timeoutSeconds: settings.timeoutSeconds
  });
  await pinFailures(report, settings, log);
  return report;
}

async function syncAndPublish(ctx: RunContext, http: SiteleafHttp, report: RunReport) {
  const { settings, log, tuning, signal } = ctx;

  // 1. Which API, and the site. The local files are checked before any request; with `auto`
  // the site is asked next, and a site whose source is a Jekyll site then narrows them by
  // Jekyll's rules.
  const known = traitsOf(settings.apiVersion);
  let selection = await selectFiles(settings, known?.sourceIsJekyllSite ?? false, log);
  const chosen = await log.group('Settings', async () => {
    for (const line of describeSettings(settings)) log.info(line);
    const found = await chooseApi(http, settings.apiVersion, settings.siteId, log);
    log.info(
      `Siteleaf API: ${found.api.version} (${found.detected ? 'detected: the site runs on it' : 'set by api-version'})`
    );
    return found;
  });
  const { api, site } = chosen;
  report.apiVersion = api.version;
  report.apiDetected = chosen.detected;
  report.siteTitle = site.title;
  report.siteUrl = site.domain ? `https://${site.domain}` : '';
  if (selection && !known && api.sourceIsJekyllSite) {
    selection = narrowSelection(selection, await readJekyllRules(settings));
    if (selection.files.length === 0) throw noFilesMatched(settings, true);
  }
  if (selection && api.namesIgnoreCase) refuseCaseCollisions(selection.files);

  // 2. A GitHub Sync under way changes the site under us: let it finish first. `timeout` is
  // one budget for every job waited on: what the sync took is not there for the publish,
  // whose share starts only at the first publish request (uploads between never count).
  const jobDeadline = () =>
    Date.now() + settings.timeoutSeconds * 1000 - (report.syncWaitedMs ?? 0);
  if (site.runningSyncJob) {
    const syncStarted = Date.now();
    await waitForSync(api, site.runningSyncJob, {
      deadline: jobDeadline(),
      timeoutSeconds: settings.timeoutSeconds,
      idleTimeoutMs: tuning.idleTimeoutMs,
      reopenDelayMs: tuning.reopenDelayMs,
      signal,
      log
    });
    report.syncWaitedMs = Date.now() - syncStarted;
  }

  // 3. Plan: the local checksums beside the remote listing.
  if (selection) {
    const plan = await planSync(settings, api, selection, signal, log);
    report.plan = plan;
    await log.group(`Plan for ${selection.files.length} theme files`, async () => {
      for (const line of formatPlan(plan)) log.info(line);
    });
    if (plan.kept.length > 0) {
      log.notice(
        `${plan.kept.length} content file(s) differ on Siteleaf and were kept, since editors ` +
          "change them there; set overwrite-content: true to push the repository's version."
      );
    }
  }
  if (settings.dryRun) {
    const publish = settings.publish
      ? 'would publish the site'
      : 'would not publish (publish: false)';
    log.info(`Dry run: nothing was changed on Siteleaf; ${publish}.`);
    return;
  }
  ctx.deployment?.start(report.siteUrl);

  // 4. Upload: nothing is lost on the way, and nothing is pruned unless every upload worked.
  let lastUploadEpoch: number | undefined;
  if (report.plan && isEmptyPlan(report.plan)) {
    const { unchanged, kept } = report.plan;
    log.info(
      `Theme is current: all ${unchanged.length + kept.length} files unchanged` +
        `${kept.length ? ` or kept` : ''}, nothing to upload.`
    );
  } else if (report.plan) {
    const plan = report.plan;
    const sync = await log.group('Upload', () =>
      applyThemeSync(plan, api, { concurrency: settings.concurrency, signal, log })
    );
    report.sync = sync;
    if (sync.stoppedBy !== undefined) throw sync.stoppedBy;
    if (sync.failed.length > 0) return;
    lastUploadEpoch = uploadEpoch(sync, log);
    // The numbers the summary and the outputs give, in the same words.
    log.info(`Theme synced: ${formatCounts(countFiles(report, false))}.`);
  }

  if (!settings.publish) {
    log.info('publish: false, so the site was not published.');
    return;
  }

  // 5. Publish and follow the job to its end.
  report.publish = await log.group('Publish log', () =>
    publishAndFollow({
      api,
      wait: settings.wait,
      deadline: jobDeadline(),
      lastUploadEpoch,
      idleTimeoutMs: tuning.idleTimeoutMs,
      reopenDelayMs: tuning.reopenDelayMs,
      signal,
      log,
      onJobStarted: (jobId, round) => {
        report.jobId = jobId;
        report.jobIds.push(jobId);
        log.info(`${round > 1 ? 'Publishing again' : 'Publishing'}: job ${jobId}`);
      },
      onEvent: event => {
        const line = formatJobEvent(event);
        addJobEvent(report, line);
        log.info(line);
      }
    })
  );
  const { publish } = report;
  if (publish.result === 'queued') {
    log.info(`Publish job ${publish.jobId} queued; not waiting for it (wait: false).`);
  } else if (publish.result === 'complete') {
    log.info(`Published${report.siteUrl ? `: ${report.siteUrl}` : ''}`);
  }
}

async function planSync(
  settings: Settings,
  api: SiteleafApi,
  selection: ThemeSelection,
  signal: AbortSignal,
  log: Log
): Promise<ThemeSyncPlan> {
  // If either side fails, stop the other (hashing a large theme for a listing that failed
  // would only keep the step busy).
  const planning = new AbortController();
  const planSignal = AbortSignal.any([signal, planning.signal]);
  const [checksummed, remote] = await Promise.all([
    checksumThemeFiles(
      selection.files,
      api.checksumKind,
      Math.max(4, settings.concurrency),
      planSignal,
      (done, total) => log.progress({ phase: 'hashing', done, total })
    ),
    api.listFiles(planSignal)
  ]).catch((error: unknown) => {
    planning.abort(error);
    throw error;
  });
  // Prune only what this step manages (see selectThemeFiles), so `files: assets/**` never
  // deletes a layout, and a file ignored or skipped locally keeps its remote copy.
  return planThemeSync(checksummed, remote, {
    prune: settings.prune,
    overwriteContent: settings.overwriteContent,
    namesIgnoreCase: api.namesIgnoreCase,
    isManaged: selection.manages
  });
}

/**
 * Whole seconds of the last upload's `Date`, for telling a job already under way from ours.
 * Without the header (a proxy may strip it) this machine's clock stands in: later than the
 * server's by the upload's latency at most, which errs towards publishing once more.
 */
function uploadEpoch(sync: ThemeSyncResult, log: Log): number | undefined {
  if (sync.uploaded.length === 0) return undefined;
  const date = sync.lastUploadDate ? Date.parse(sync.lastUploadDate) : NaN;
  if (Number.isNaN(date)) {
    log.debug("No Date header on the upload answers: using this machine's clock instead.");
    return Math.floor(Date.now() / 1000);
  }
  return Math.floor(date / 1000);
}

function factsOf(report: RunReport) {
  return {
    cancelled: report.cancelled,
    error: report.error,
    sync: report.sync,
    publish: report.publish,
    jobIds: report.jobIds,
    syncWaitedMs: report.syncWaitedMs
  };
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
      `dry-run: ${yesNo(settings.dryRun)}, overwrite-content: ${yesNo(settings.overwriteContent)}`,
    `timeout: ${settings.timeoutSeconds} s, concurrency: ${settings.concurrency}`,
    `api-version: ${settings.apiVersion}`,
    ...(settings.deploymentEnvironment
      ? [`deployment-environment: ${settings.deploymentEnvironment}`]
      : [])
  ];
}
