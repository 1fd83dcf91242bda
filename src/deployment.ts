// A GitHub deployment that follows the publish, as deploy-pages keeps one: made from the
// settings before the work, started (`in_progress`, with the site's URL) once the site is
// known, finished (`success`/`failure`/`error`) with the run's outcome. It is a record, never a
// gate: every way it can go wrong (no permission, a bad token, GitHub down or slow) is one
// warning that says how to fix it, and the publish goes on without it.
//
// `@actions/github` (Octokit: most of the bundle's start-up cost) is loaded here, with a
// dynamic import, only when a deployment is started.
import type * as GitHub from '@actions/github';
import { formatDuration, messageOf, truncate } from './format.js';
import type { Log } from './log.js';
import { redact } from './secrets.js';
import type { DeploymentOutcome } from './verdict.js';
import { USER_AGENT } from './version.js';

export interface DeploymentOptions {
  /** The `github-token` input. */
  readonly token: string;
  /** The `deployment-environment` input (not empty). */
  readonly environment: string;
  readonly log: Log;
  /** Each GitHub request gives up after this long (default 20 s). */
  readonly requestTimeoutMs?: number;
}

type Octokit = ReturnType<typeof GitHub.getOctokit>;

/** What is deployed, and where: this run's repository and exact commit. */
interface Target {
  readonly owner: string;
  readonly repo: string;
  /** GITHUB_SHA: the commit this run built (on a pull request, the merge commit). */
  readonly sha: string;
  /** The branch, for readers of the log and the deployment's payload. */
  readonly branch: string;
  readonly apiUrl: string;
  /** This run's page, the deployment's log. */
  readonly runUrl?: string;
}

interface Recorder {
  readonly octokit: Octokit;
  readonly target: Target;
  readonly id: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
// GitHub rejects a status description longer than 140 characters.
const MAX_DESCRIPTION = 140;
const DESCRIPTIONS: Record<DeploymentOutcome | 'in_progress', string> = {
  in_progress: 'Publishing the Siteleaf site',
  success: 'Siteleaf site published',
  failure: 'Siteleaf publish failed',
  error: 'Siteleaf publish did not finish'
};

export class GitHubDeployment {
  private recorder: Promise<Recorder | undefined> | undefined;
  private finished = false;
  private readonly timeoutMs: number;

  constructor(private readonly opts: DeploymentOptions) {
    this.timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** Creates the deployment and sets it `in_progress`, beside the publish (not awaited). */
  start(siteUrl: string): void {
    this.recorder ??= this.create(siteUrl);
  }

  /** The deployment's id once created; undefined when it could not be (or was never started). */
  async created(): Promise<number | undefined> {
    return (await this.recorder)?.id;
  }

  /** Sets the final status, once; nothing when the deployment was never started or created. */
  async finish(result: DeploymentOutcome, siteUrl: string): Promise<void> {
    const recorder = await this.recorder;
    if (!recorder) return;
    if (this.finished) {
      this.opts.log.debug(
        `GitHub deployment ${recorder.id} already finished; ignoring '${result}'.`
      );
      return;
    }
    this.finished = true;
    try {
      await this.setStatus(recorder, result, siteUrl);
      this.opts.log.info(
        `GitHub deployment ${recorder.id}: ${result}${siteUrl ? ` (${siteUrl})` : ''}.`
      );
    } catch (error) {
      this.couldNotRecord(
        `set GitHub deployment ${recorder.id} to ${result}`,
        error,
        recorder.target,
        'It stays in_progress on GitHub.'
      );
    }
  }

  private async create(siteUrl: string): Promise<Recorder | undefined> {
    const { environment, log } = this.opts;
    const what = `record a GitHub deployment for environment '${environment}'`;
    const token = this.opts.token.trim();
    if (!token) {
      this.couldNotRecord(
        what,
        'the github-token input is empty. Leave it at its default (${{ github.token }}) or ' +
          'pass a token that can write deployments.'
      );
      return undefined;
    }
    let github: typeof GitHub;
    try {
      github = await import('@actions/github');
    } catch (error) {
      this.couldNotRecord(what, messageOf(error));
      return undefined;
    }
    const target = resolveTarget(github);
    if (!target) {
      this.couldNotRecord(
        what,
        'GITHUB_REPOSITORY and GITHUB_SHA are not set, so this does not look like a GitHub ' +
          'Actions run.'
      );
      return undefined;
    }
    const octokit = this.octokit(github, token, target);
    let id: number;
    try {
      id = await this.createDeployment(octokit, target);
    } catch (error) {
      this.couldNotRecord(what, error, target);
      return undefined;
    }
    log.info(
      `GitHub deployment ${id}: ${target.owner}/${target.repo}@${target.sha.slice(0, 12)}` +
        `${target.branch && target.branch !== target.sha ? ` (${target.branch})` : ''} to ` +
        `environment '${environment}'.`
    );
    const recorder = { octokit, target, id };
    try {
      await this.setStatus(recorder, 'in_progress', siteUrl);
    } catch (error) {
      // The deployment exists: keep it, so finish() can still give it its outcome.
      this.couldNotRecord(
        `set GitHub deployment ${id} (environment '${environment}') to in_progress`,
        error,
        target
      );
    }
    return recorder;
  }

  private octokit(github: typeof GitHub, token: string, target: Target): Octokit {
    const { log } = this.opts;
    // getOctokit's defaults take GITHUB_API_URL (GitHub Enterprise Server) as the base URL and
    // route through HTTPS_PROXY/NO_PROXY; pass the URL anyway, so the two can never disagree.
    return github.getOctokit(token, {
      baseUrl: target.apiUrl,
      userAgent: USER_AGENT,
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => log.debug(`Octokit: ${message}`),
        error: (message: string) => log.debug(`Octokit: ${message}`)
      }
    });
  }

  /** A GitHub request given up after `requestTimeoutMs`, said as such. */
  private async timed<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      return await call(signal);
    } catch (error) {
      if (signal.aborted) throw new RequestTimeout(this.timeoutMs, { cause: error });
      throw error;
    }
  }

  private async createDeployment(octokit: Octokit, target: Target): Promise<number> {
    const { environment } = this.opts;
    const response = await this.timed(signal =>
      octokit.rest.repos.createDeployment({
        owner: target.owner,
        repo: target.repo,
        ref: target.sha,
        environment,
        task: 'deploy',
        auto_merge: false,
        // The publish runs inside CI: waiting for the required status checks would block it.
        required_contexts: [],
        transient_environment: false,
        production_environment: environment.toLowerCase() === 'production',
        description: 'Siteleaf publish',
        payload: { ref: target.branch, sha: target.sha },
        request: { signal }
      })
    );
    const data: unknown = response.data;
    const id = typeof data === 'object' && data !== null && 'id' in data ? data.id : undefined;
    if (typeof id !== 'number') {
      const message =
        typeof data === 'object' && data !== null && 'message' in data ? String(data.message) : '';
      throw new Error(
        `GitHub answered HTTP ${response.status} without a deployment${message ? ` (${message})` : ''}`
      );
    }
    return id;
  }

  private async setStatus(
    { octokit, target, id }: Recorder,
    state: DeploymentOutcome | 'in_progress',
    siteUrl: string
  ): Promise<void> {
    await this.timed(signal =>
      octokit.rest.repos.createDeploymentStatus({
        owner: target.owner,
        repo: target.repo,
        deployment_id: id,
        state,
        description: truncate(DESCRIPTIONS[state], MAX_DESCRIPTION),
        ...(target.runUrl ? { log_url: target.runUrl } : {}),
        ...(siteUrl ? { environment_url: siteUrl } : {}),
        ...(state === 'success' ? { auto_inactive: true } : {}),
        request: { signal }
      })
    );
  }

  /** The one way a deployment problem is said: a warning with the cause and the fix. */
  private couldNotRecord(
    what: string,
    cause: unknown,
    target?: Target,
    after = 'The publish goes on without a deployment record.'
  ): void {
    const token = this.opts.token.trim();
    const why =
      typeof cause === 'string'
        ? `: ${cause}`
        : ` (${describeRequestError(cause, target?.apiUrl ?? 'GitHub')}). ` +
          howToFix(cause, target);
    const text = `Could not ${what}${why} ${after}`.replace(/\s+/g, ' ').trim();
    this.opts.log.warning(token ? text.split(token).join('***') : text, {
      title: 'GitHub deployment'
    });
  }
}

/** This run's repository and commit, from the runner's environment; undefined outside a run. */
function resolveTarget(github: typeof GitHub): Target | undefined {
  const { context } = github;
  let owner = '';
  let repo = '';
  try {
    ({ owner, repo } = context.repo);
  } catch {
    // GITHUB_REPOSITORY unset: not a GitHub Actions run
  }
  const branch = process.env.GITHUB_HEAD_REF || context.ref || '';
  const sha = context.sha || branch;
  if (!owner || !repo || !sha) return undefined;
  return { owner, repo, sha, branch, apiUrl: context.apiUrl, runUrl: workflowRunUrl() };
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

class RequestTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    options: { cause: unknown }
  ) {
    super(`no answer within ${formatDuration(timeoutMs)}`, options);
  }
}

/** `HTTP 403: Resource not accessible by integration`, or what went wrong on the way. */
function describeRequestError(error: unknown, apiUrl: string): string {
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
          : messageOf(error);
    return `HTTP ${e.status}: ${truncate(redact(message), 300)}`;
  }
  if (error instanceof RequestTimeout) {
    return `no answer from ${apiUrl} within ${formatDuration(error.timeoutMs)}`;
  }
  return `no answer from ${apiUrl}: ${truncate(redact(messageOf(error)), 300)}`;
}

/** One or two sentences on what to change; empty when there is nothing to say. */
function howToFix(error: unknown, target?: Target): string {
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const slug = target ? `${target.owner}/${target.repo}` : 'the repository';
  if ((status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0') {
    return 'The token has used up its GitHub API rate limit; the next run can record deployments again.';
  }
  switch (status) {
    case 401:
      return (
        'The github-token input is not a valid token: leave it at its default (${{ github.token }}) ' +
        'or pass a token that can write deployments.'
      );
    case 403:
      return (
        'Give the workflow `permissions: deployments: write` (a workflow or job with a ' +
        '`permissions:` block gets only what it lists), or pass a github-token that can write ' +
        'deployments. On a pull request from a fork the GITHUB_TOKEN is read-only, so no ' +
        'deployment can be recorded there.'
      );
    case 404:
      return (
        `The token cannot see ${slug} or write its deployments: give the workflow ` +
        '`permissions: deployments: write`, or pass a github-token with access to the repository.'
      );
    case 409:
    case 422:
      return `GitHub did not accept a deployment of commit ${target?.sha ?? ''} (was it pushed to ${slug}?).`;
    default:
      return '';
  }
}
