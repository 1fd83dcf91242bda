// A GitHub deployment that follows the publish: created `in_progress` before the publish,
// finished `success`/`failure` with the site's URL. It is a record, never a gate: every way it
// can go wrong (no permission, a bad token, GitHub down or slow) is one warning that says how
// to fix it, and the publish goes on without it.
//
// `@actions/github` (Octokit: most of the bundle's start-up cost) is loaded here, with a
// dynamic import, only when a deployment is asked for.
import type * as GitHub from '@actions/github';
import type { Log } from './log.js';
import { USER_AGENT } from './version.js';

export type DeploymentResult = 'success' | 'failure' | 'inactive' | 'error';

export interface DeploymentTracker {
  /** The deployment's id on GitHub. */
  readonly id: number;
  /**
   * Sets the deployment's final status, with `siteUrl` (when not empty) as its environment URL.
   * Never throws: a failure is a warning. Only the first call counts.
   */
  finish(result: DeploymentResult, siteUrl: string, logUrl?: string): Promise<void>;
}

export interface DeploymentOptions {
  /** The `github-token` input. */
  token: string;
  /** The `deployment-environment` input (not empty). */
  environment: string;
  /** The site's URL, when already known: the `in_progress` status carries it. */
  siteUrl?: string;
  /** The `in_progress` status's description. */
  description?: string;
  /** Each GitHub request gives up after this long (default 20 s). */
  requestTimeoutMs?: number;
  log: Log;
}

type Octokit = ReturnType<typeof GitHub.getOctokit>;
type StatusState = DeploymentResult | 'in_progress';

const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
const DEPLOYMENT_DESCRIPTION = 'Siteleaf publish';
// GitHub rejects a status description longer than 140 characters.
const MAX_DESCRIPTION = 140;

const FINAL_DESCRIPTIONS: Record<DeploymentResult, string> = {
  success: 'Siteleaf site published',
  failure: 'Siteleaf publish failed',
  error: 'Siteleaf publish did not finish',
  inactive: 'Siteleaf site not published'
};

const GOES_ON = 'The publish goes on without a deployment record.';

/**
 * Creates a GitHub deployment for `environment` at this run's commit and sets it `in_progress`.
 * Returns undefined (after a warning) when that cannot be done; never throws.
 */
export async function startDeployment(
  opts: DeploymentOptions
): Promise<DeploymentTracker | undefined> {
  const { environment, log } = opts;
  const token = opts.token.trim();
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const scrub = (text: string): string => (token ? text.split(token).join('***') : text);
  const warn = (message: string): void =>
    log.warning(scrub(message), { title: 'GitHub deployment' });

  if (!token) {
    warn(
      `Could not record a GitHub deployment for environment '${environment}': the github-token input ` +
        'is empty. Leave it at its default (${{ github.token }}) or pass a token that can write ' +
        `deployments. ${GOES_ON}`
    );
    return undefined;
  }

  let github: typeof GitHub;
  try {
    github = await import('@actions/github');
  } catch (error) {
    warn(
      `Could not record a GitHub deployment for environment '${environment}': ${describe(error)}. ${GOES_ON}`
    );
    return undefined;
  }

  const { context } = github;
  let owner: string;
  let repo: string;
  try {
    ({ owner, repo } = context.repo);
  } catch {
    owner = '';
    repo = '';
  }
  // GITHUB_SHA pins the exact commit this run built (on a pull request, the merge commit the
  // checkout holds); the branch is kept for readers in the log and the deployment's payload.
  const branch = process.env.GITHUB_HEAD_REF || context.ref || '';
  const ref = context.sha || branch;
  if (!owner || !repo || !ref) {
    warn(
      `Could not record a GitHub deployment for environment '${environment}': GITHUB_REPOSITORY and ` +
        `GITHUB_SHA are not set, so this does not look like a GitHub Actions run. ${GOES_ON}`
    );
    return undefined;
  }
  const slug = `${owner}/${repo}`;

  // getOctokit's defaults take GITHUB_API_URL (GitHub Enterprise Server) as the base URL and
  // route through HTTPS_PROXY/NO_PROXY; pass the URL anyway, so the two can never disagree.
  const octokit: Octokit = github.getOctokit(token, {
    baseUrl: context.apiUrl,
    userAgent: USER_AGENT,
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => log.debug(scrub(`Octokit: ${message}`)),
      error: (message: string) => log.debug(scrub(`Octokit: ${message}`))
    }
  });
  const runUrl = workflowRunUrl();

  let id: number;
  const createSignal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref,
      environment,
      task: 'deploy',
      auto_merge: false,
      // The publish runs inside CI: waiting for the required status checks would block it.
      required_contexts: [],
      transient_environment: false,
      production_environment: environment.toLowerCase() === 'production',
      description: DEPLOYMENT_DESCRIPTION,
      payload: { ref: branch, sha: context.sha ?? '' },
      request: { signal: createSignal }
    });
    const data: unknown = response.data;
    const created = typeof data === 'object' && data !== null && 'id' in data ? data.id : undefined;
    if (typeof created !== 'number') {
      const message =
        typeof data === 'object' && data !== null && 'message' in data ? String(data.message) : '';
      warn(
        `Could not record a GitHub deployment for environment '${environment}': GitHub answered ` +
          `HTTP ${response.status} without a deployment${message ? ` (${message})` : ''}. ${GOES_ON}`
      );
      return undefined;
    }
    id = created;
  } catch (error) {
    warn(
      `Could not record a GitHub deployment for environment '${environment}' ` +
        `(${describeRequestError(error, createSignal.aborted, timeoutMs, context.apiUrl)}). ` +
        `${howToFix(error, slug, ref)}${GOES_ON}`
    );
    return undefined;
  }
  log.info(
    `GitHub deployment ${id}: ${slug}@${ref.slice(0, 12)}${branch && branch !== ref ? ` (${branch})` : ''} ` +
      `to environment '${environment}'.`
  );

  // Each status request's timeout signal, kept to tell a timeout from other failures.
  let statusSignal: AbortSignal | undefined;
  const setStatus = async (
    state: StatusState,
    extra: { siteUrl?: string; logUrl?: string; description: string }
  ) => {
    statusSignal = AbortSignal.timeout(timeoutMs);
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state,
      description: truncate(extra.description, MAX_DESCRIPTION),
      ...(extra.logUrl ? { log_url: extra.logUrl } : {}),
      ...(extra.siteUrl ? { environment_url: extra.siteUrl } : {}),
      ...(state === 'success' ? { auto_inactive: true } : {}),
      request: { signal: statusSignal }
    });
  };

  try {
    await setStatus('in_progress', {
      siteUrl: opts.siteUrl,
      logUrl: runUrl,
      description: opts.description || 'Publishing the Siteleaf site'
    });
  } catch (error) {
    // The deployment exists: keep it, so finish() can still give it its outcome.
    warn(
      `Could not set GitHub deployment ${id} (environment '${environment}') to in_progress ` +
        `(${describeRequestError(error, statusSignal?.aborted === true, timeoutMs, context.apiUrl)}). ${howToFix(error, slug, ref)}`.trimEnd()
    );
  }

  let finished = false;
  return {
    id,
    async finish(result, siteUrl, logUrl) {
      if (finished) {
        log.debug(`GitHub deployment ${id} already finished; ignoring '${result}'.`);
        return;
      }
      finished = true;
      try {
        await setStatus(result, {
          siteUrl,
          logUrl: logUrl || runUrl,
          description: FINAL_DESCRIPTIONS[result]
        });
        log.info(`GitHub deployment ${id}: ${result}${siteUrl ? ` (${siteUrl})` : ''}.`);
      } catch (error) {
        warn(
          `Could not set GitHub deployment ${id} (environment '${environment}') to ${result} ` +
            `(${describeRequestError(error, statusSignal?.aborted === true, timeoutMs, context.apiUrl)}); it stays in_progress on GitHub. ` +
            howToFix(error, slug, ref).trimEnd()
        );
      }
    }
  };
}

/** The run's page: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`. */
function workflowRunUrl(): string | undefined {
  const {
    GITHUB_SERVER_URL: server,
    GITHUB_REPOSITORY: repository,
    GITHUB_RUN_ID: runId
  } = process.env;
  if (!server || !repository || !runId) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
}

interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as RequestErrorLike | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** `HTTP 403: Resource not accessible by integration`, or what went wrong on the way. */
function describeRequestError(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  apiUrl: string
): string {
  const e = (error ?? {}) as RequestErrorLike;
  const data = e.response?.data;
  if (e.response && typeof e.status === 'number') {
    const message =
      typeof data === 'object' &&
      data !== null &&
      'message' in data &&
      typeof data.message === 'string'
        ? data.message
        : typeof data === 'string' && data.trim()
          ? data.trim()
          : describe(error);
    return `HTTP ${e.status}: ${truncate(message, 300)}`;
  }
  if (timedOut) return `no answer from ${apiUrl} within ${formatSeconds(timeoutMs)}`;
  const text = (error as Error | null)?.message;
  return `no answer from ${apiUrl}: ${truncate(typeof text === 'string' && text ? text : String(error), 300)}`;
}

/** One or two sentences, ending in a space, on what to change; empty when there is nothing to say. */
function howToFix(error: unknown, slug: string, ref: string): string {
  const status = statusOf(error);
  const headers = (error as RequestErrorLike | null)?.response?.headers ?? {};
  if ((status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0') {
    return 'The token has used up its GitHub API rate limit; the next run can record deployments again. ';
  }
  switch (status) {
    case 401:
      return (
        'The github-token input is not a valid token: leave it at its default (${{ github.token }}) ' +
        'or pass a token that can write deployments. '
      );
    case 403:
      return (
        'Give the workflow `permissions: deployments: write` (a workflow or job with a ' +
        '`permissions:` block gets only what it lists), or pass a github-token that can write ' +
        'deployments. On a pull request from a fork the GITHUB_TOKEN is read-only, so no ' +
        'deployment can be recorded there. '
      );
    case 404:
      return (
        `The token cannot see ${slug} or write its deployments: give the workflow ` +
        '`permissions: deployments: write`, or pass a github-token with access to the repository. '
      );
    case 409:
    case 422:
      return `GitHub did not accept a deployment of commit ${ref} (was it pushed to ${slug}?). `;
    default:
      return '';
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The deployment as the flow sees it: made from the settings before the work, started once
 * the site's URL is known (its requests run beside the publish), finished with the outcome.
 */
export class GitHubDeployment {
  private tracker: Promise<DeploymentTracker | undefined> | undefined;

  constructor(private readonly opts: Omit<DeploymentOptions, 'siteUrl'>) {}

  start(siteUrl: string): void {
    this.tracker ??= startDeployment({ ...this.opts, siteUrl: siteUrl || undefined });
  }

  /** Nothing when it was never started (a dry run, a run that failed before publishing). */
  async finish(result: DeploymentResult, siteUrl: string): Promise<void> {
    const tracker = await this.tracker;
    await tracker?.finish(result, siteUrl);
  }
}
