export const id = 639;
export const ids = [639,194];
export const modules = {

/***/ 2639:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_TUNING: () => (/* binding */ DEFAULT_TUNING),
  publishSite: () => (/* binding */ publishSite),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
;// CONCATENATED MODULE: ./src/cancellation.ts
// A cancelled workflow sends SIGINT (then SIGTERM): abort what is in flight and report.
const SIGNALS = ['SIGINT', 'SIGTERM'];
function watchForCancellation(onCancel) {
    const controller = new AbortController();
    const handlers = SIGNALS.map(name => {
        const handler = () => {
            if (controller.signal.aborted)
                return;
            onCancel(name);
            controller.abort(new Error(`received ${name}`));
        };
        process.on(name, handler);
        return () => process.off(name, handler);
    });
    return {
        signal: controller.signal,
        dispose: () => handlers.forEach(remove => remove())
    };
}

;// CONCATENATED MODULE: ./src/format.ts
// How durations, sizes, error causes and long texts are written, everywhere: the log, the
// summary, the terminal and the errors say the same thing the same way.
/** `850 ms`, `12 s`, `3 min 5 s`. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.max(0, Math.round(ms))} ms`;
    const seconds = Math.round(ms / 1000);
    if (seconds < 60)
        return `${seconds} s`;
    return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
/** `512 B`, `12.3 kB`, `4.0 MB` (SI units, as browsers and GitHub show sizes). */
function formatByteSize(bytes) {
    if (bytes < 1000)
        return `${bytes} B`;
    const units = ['kB', 'MB', 'GB', 'TB'];
    let value = bytes / 1000;
    let unit = 0;
    while (value >= 999.95 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}
/** What went wrong, in words: an Error's message, or the thrown value itself. */
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
/** `text` cut to at most `max` characters, the cut marked with `…`. */
function truncate(text, max) {
    return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

;// CONCATENATED MODULE: ./src/version.ts
// Kept equal to package.json's version by a test; a constant keeps JSON out of the bundle.
const ACTION_NAME = 'siteleaf-publish';
const ACTION_VERSION = '1.0.0';
const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`;

;// CONCATENATED MODULE: ./src/deployment.ts


const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
// GitHub rejects a status description longer than 140 characters.
const MAX_DESCRIPTION = 140;
const DESCRIPTIONS = {
    in_progress: 'Publishing the Siteleaf site',
    success: 'Siteleaf site published',
    failure: 'Siteleaf publish failed',
    error: 'Siteleaf publish did not finish'
};
class GitHubDeployment {
    opts;
    recorder;
    finished = false;
    timeoutMs;
    constructor(opts) {
        this.opts = opts;
        this.timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    }
    /** Creates the deployment and sets it `in_progress`, beside the publish (not awaited). */
    start(siteUrl) {
        this.recorder ??= this.create(siteUrl);
    }
    /** The deployment's id once created; undefined when it could not be (or was never started). */
    async created() {
        return (await this.recorder)?.id;
    }
    /** Sets the final status, once; nothing when the deployment was never started or created. */
    async finish(result, siteUrl) {
        const recorder = await this.recorder;
        if (!recorder)
            return;
        if (this.finished) {
            this.opts.log.debug(`GitHub deployment ${recorder.id} already finished; ignoring '${result}'.`);
            return;
        }
        this.finished = true;
        try {
            await this.setStatus(recorder, result, siteUrl);
            this.opts.log.info(`GitHub deployment ${recorder.id}: ${result}${siteUrl ? ` (${siteUrl})` : ''}.`);
        }
        catch (error) {
            this.couldNotRecord(`set GitHub deployment ${recorder.id} to ${result}`, error, recorder.target, 'It stays in_progress on GitHub.');
        }
    }
    async create(siteUrl) {
        const { environment, log } = this.opts;
        const what = `record a GitHub deployment for environment '${environment}'`;
        const token = this.opts.token.trim();
        if (!token) {
            this.couldNotRecord(what, 'the github-token input is empty. Leave it at its default (${{ github.token }}) or ' +
                'pass a token that can write deployments.');
            return undefined;
        }
        let github;
        try {
            github = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        }
        catch (error) {
            this.couldNotRecord(what, messageOf(error));
            return undefined;
        }
        const target = resolveTarget(github);
        if (!target) {
            this.couldNotRecord(what, 'GITHUB_REPOSITORY and GITHUB_SHA are not set, so this does not look like a GitHub ' +
                'Actions run.');
            return undefined;
        }
        const octokit = this.octokit(github, token, target);
        let id;
        try {
            id = await this.createDeployment(octokit, target);
        }
        catch (error) {
            this.couldNotRecord(what, error, target);
            return undefined;
        }
        log.info(`GitHub deployment ${id}: ${target.owner}/${target.repo}@${target.sha.slice(0, 12)}` +
            `${target.branch && target.branch !== target.sha ? ` (${target.branch})` : ''} to ` +
            `environment '${environment}'.`);
        const recorder = { octokit, target, id };
        try {
            await this.setStatus(recorder, 'in_progress', siteUrl);
        }
        catch (error) {
            // The deployment exists: keep it, so finish() can still give it its outcome.
            this.couldNotRecord(`set GitHub deployment ${id} (environment '${environment}') to in_progress`, error, target);
        }
        return recorder;
    }
    octokit(github, token, target) {
        const { log } = this.opts;
        // getOctokit's defaults take GITHUB_API_URL (GitHub Enterprise Server) as the base URL and
        // route through HTTPS_PROXY/NO_PROXY; pass the URL anyway, so the two can never disagree.
        return github.getOctokit(token, {
            baseUrl: target.apiUrl,
            userAgent: USER_AGENT,
            log: {
                debug: () => { },
                info: () => { },
                warn: (message) => log.debug(`Octokit: ${message}`),
                error: (message) => log.debug(`Octokit: ${message}`)
            }
        });
    }
    /** A GitHub request given up after `requestTimeoutMs`, said as such. */
    async timed(call) {
        const signal = AbortSignal.timeout(this.timeoutMs);
        try {
            return await call(signal);
        }
        catch (error) {
            if (signal.aborted)
                throw new RequestTimeout(this.timeoutMs, { cause: error });
            throw error;
        }
    }
    async createDeployment(octokit, target) {
        const { environment } = this.opts;
        const response = await this.timed(signal => octokit.rest.repos.createDeployment({
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
        }));
        const data = response.data;
        const id = typeof data === 'object' && data !== null && 'id' in data ? data.id : undefined;
        if (typeof id !== 'number') {
            const message = typeof data === 'object' && data !== null && 'message' in data ? String(data.message) : '';
            throw new Error(`GitHub answered HTTP ${response.status} without a deployment${message ? ` (${message})` : ''}`);
        }
        return id;
    }
    async setStatus({ octokit, target, id }, state, siteUrl) {
        await this.timed(signal => octokit.rest.repos.createDeploymentStatus({
            owner: target.owner,
            repo: target.repo,
            deployment_id: id,
            state,
            description: truncate(DESCRIPTIONS[state], MAX_DESCRIPTION),
            ...(target.runUrl ? { log_url: target.runUrl } : {}),
            ...(siteUrl ? { environment_url: siteUrl } : {}),
            ...(state === 'success' ? { auto_inactive: true } : {}),
            request: { signal }
        }));
    }
    /** The one way a deployment problem is said: a warning with the cause and the fix. */
    couldNotRecord(what, cause, target, after = 'The publish goes on without a deployment record.') {
        const token = this.opts.token.trim();
        const why = typeof cause === 'string'
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
function resolveTarget(github) {
    const { context } = github;
    let owner = '';
    let repo = '';
    try {
        ({ owner, repo } = context.repo);
    }
    catch {
        // GITHUB_REPOSITORY unset: not a GitHub Actions run
    }
    const branch = process.env.GITHUB_HEAD_REF || context.ref || '';
    const sha = context.sha || branch;
    if (!owner || !repo || !sha)
        return undefined;
    return { owner, repo, sha, branch, apiUrl: context.apiUrl, runUrl: workflowRunUrl() };
}
/** The run's page: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`. */
function workflowRunUrl() {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = process.env;
    if (!server || !repository || !runId)
        return undefined;
    return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
}
class RequestTimeout extends Error {
    timeoutMs;
    constructor(timeoutMs, options) {
        super(`no answer within ${formatDuration(timeoutMs)}`, options);
        this.timeoutMs = timeoutMs;
    }
}
/** `HTTP 403: Resource not accessible by integration`, or what went wrong on the way. */
function describeRequestError(error, apiUrl) {
    const e = (error ?? {});
    const data = e.response?.data;
    if (e.response && typeof e.status === 'number') {
        const message = typeof data === 'object' &&
            data !== null &&
            'message' in data &&
            typeof data.message === 'string'
            ? data.message
            : typeof data === 'string' && data.trim()
                ? data.trim()
                : messageOf(error);
        return `HTTP ${e.status}: ${truncate(message, 300)}`;
    }
    if (error instanceof RequestTimeout) {
        return `no answer from ${apiUrl} within ${formatDuration(error.timeoutMs)}`;
    }
    return `no answer from ${apiUrl}: ${truncate(messageOf(error), 300)}`;
}
/** One or two sentences on what to change; empty when there is nothing to say. */
function howToFix(error, target) {
    const e = (error ?? {});
    const status = typeof e.status === 'number' ? e.status : undefined;
    const headers = e.response?.headers ?? {};
    const slug = target ? `${target.owner}/${target.repo}` : 'the repository';
    if ((status === 403 || status === 429) && String(headers['x-ratelimit-remaining']) === '0') {
        return 'The token has used up its GitHub API rate limit; the next run can record deployments again.';
    }
    switch (status) {
        case 401:
            return ('The github-token input is not a valid token: leave it at its default (${{ github.token }}) ' +
                'or pass a token that can write deployments.');
        case 403:
            return ('Give the workflow `permissions: deployments: write` (a workflow or job with a ' +
                '`permissions:` block gets only what it lists), or pass a github-token that can write ' +
                'deployments. On a pull request from a fork the GITHUB_TOKEN is read-only, so no ' +
                'deployment can be recorded there.');
        case 404:
            return (`The token cannot see ${slug} or write its deployments: give the workflow ` +
                '`permissions: deployments: write`, or pass a github-token with access to the repository.');
        case 409:
        case 422:
            return `GitHub did not accept a deployment of commit ${target?.sha ?? ''} (was it pushed to ${slug}?).`;
        default:
            return '';
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/siteleaf/basic-auth.ts
// Siteleaf authenticates every request with Basic auth of the API key and secret. One place
// makes the value, so the header sent and the value masked in logs are always the same.
function basicAuthValue(apiKey, apiSecret) {
    return Buffer.from(`${apiKey}:${apiSecret}`).toString('base64');
}

;// CONCATENATED MODULE: ./src/theme/patterns.ts
// The `files` input: newline-separated glob patterns relative to theme-dir, read the way
// `@actions/glob` reads them, so they behave like every other action's patterns:
// - patterns apply in order: a file is selected by a pattern, unselected by a later `!` one,
//   selected again by a later plain one (`**`, `!drafts/**`, `drafts/keep.html`);
// - a pattern that names a directory selects everything below it (`assets` = `assets/**`),
//   a trailing `/` makes a pattern match directories only (`assets/` = `assets/**`, never a
//   file named `assets`);
// - blank lines and lines starting with `#` are skipped, surrounding spaces trimmed, a leading
//   `./` dropped.
// Matching uses Node's `path.matchesGlob` (minimatch inside): `*`, `?`, `**`, `[abc]`, and also
// `{a,b}` braces (which `@actions/glob` leaves literal). A `\` is a path separator, not an
// escape: write `[*]` for a literal `*`.
//
// Patterns never reach outside theme-dir: a pattern starting with `/` or holding a `..`
// segment is refused with an error naming the `files` input, rather than silently matching
// nothing. (Symbolic links leading out are the file walk's business: see files.ts.)

/** Thrown for a pattern that cannot be used; the message names the `files` input. */
class ThemePatternError extends Error {
    name = 'ThemePatternError';
}
/**
 * The patterns of the `files` input's text (or of several texts: the command line's repeated
 * `--files`): one per line, trimmed, blank lines and `#` comments left out.
 */
function splitThemePatterns(texts) {
    return (typeof texts === 'string' ? [texts] : texts)
        .flatMap(text => text.split(/\r?\n/))
        .map(line => line.trim())
        .filter(line => line !== '' && !line.startsWith('#'));
}
/**
 * Compiles the `files` patterns (one per element; elements may also hold several lines).
 * Throws {@link ThemePatternError} for a pattern that would point outside theme-dir.
 */
function compileThemePatterns(patterns) {
    const compiled = splitThemePatterns(patterns).map(compilePattern);
    const positive = compiled.filter(pattern => !pattern.negate);
    return {
        matchesFile(filename) {
            let selected = false;
            for (const pattern of compiled) {
                if (selected === pattern.negate && matchesPattern(pattern, filename)) {
                    selected = !pattern.negate;
                }
            }
            return selected;
        },
        mayMatchBelow(dirname) {
            const dirSegments = dirname.split('/');
            return positive.some(pattern => mayMatchBelow(pattern, dirSegments));
        }
    };
}
function compilePattern(line) {
    let negate = false;
    let rest = line;
    while (rest.startsWith('!')) {
        negate = !negate;
        rest = rest.slice(1).trim();
    }
    const normalized = rest.replace(/\\/g, '/');
    if (normalized === '') {
        throw new ThemePatternError(`Invalid pattern '${line}' in the files input: it is empty.`);
    }
    if (normalized.startsWith('/')) {
        throw new ThemePatternError(`Invalid pattern '${line}' in the files input: patterns are relative to theme-dir, ` +
            `write it without the leading '/'.`);
    }
    const directoriesOnly = normalized.endsWith('/');
    const segments = normalized.split('/').filter(segment => segment !== '' && segment !== '.');
    if (segments.includes('..')) {
        throw new ThemePatternError(`Invalid pattern '${line}' in the files input: '..' is not allowed, ` +
            `patterns cannot reach outside theme-dir.`);
    }
    // `.` alone (or `./`) means the whole theme-dir, as it does for @actions/glob.
    if (segments.length === 0) {
        return { negate, glob: '**', directoriesOnly: false, segments: ['**'] };
    }
    const glob = segments.join('/');
    return {
        negate,
        glob,
        directoriesOnly,
        // Braces and extglob groups may hide a `/` inside one segment, so a segment-by-segment
        // comparison cannot be trusted for them: such patterns never prune a directory.
        segments: /[{}()]/.test(glob) ? undefined : segments
    };
}
function matchesPattern(pattern, filename) {
    // `**` (the default) matches every file: skip compiling a matcher for each one.
    if (pattern.glob === '**')
        return true;
    if (!pattern.directoriesOnly) {
        if ((0,external_node_path_.matchesGlob)(filename, pattern.glob))
            return true;
        // `x/**` already matches everything below `x`.
        if (pattern.glob.endsWith('/**'))
            return false;
    }
    // Implicit descendants: a pattern matching a directory selects every file below it.
    return (0,external_node_path_.matchesGlob)(filename, `${pattern.glob}/**`);
}
function mayMatchBelow(pattern, dirSegments) {
    const { segments } = pattern;
    if (segments === undefined)
        return true;
    for (const [index, dirSegment] of dirSegments.entries()) {
        const patternSegment = segments[index];
        // The pattern matched an ancestor of this directory: implicit descendants select it all.
        if (patternSegment === undefined)
            return true;
        if (patternSegment.includes('**'))
            return true;
        if (!(0,external_node_path_.matchesGlob)(dirSegment, patternSegment))
            return false;
    }
    return true;
}

;// CONCATENATED MODULE: ./src/inputs.ts
// Raw action inputs → one validated, readonly Settings object. Every error names its input.






/** A bad input: the step fails before any request, with this message alone. */
class InputError extends Error {
    name = 'InputError';
}
const readActionInput = name => core/* getInput */.V4(name, { trimWhitespace: true });
const LIMITS = {
    timeoutSeconds: { min: 1, max: 21600 },
    concurrency: { min: 1, max: 32 }
};
/**
 * Reads and checks every input. The key, the secret and the Basic auth value made of them are
 * masked before anything is checked, so no later message can print them.
 */
function readSettings(input = readActionInput, workspace = process.env.GITHUB_WORKSPACE || process.cwd()) {
    const apiKey = input('api-key');
    const apiSecret = input('api-secret');
    maskCredentials(apiKey, apiSecret);
    try {
        return checkSettings(input, workspace, apiKey, apiSecret);
    }
    catch (error) {
        // An input may echo its value (a secret pasted into the wrong input, a key in api-url's
        // query): the message must not carry the key or the secret.
        if (!(error instanceof InputError))
            throw error;
        throw new InputError((0,secrets.redact)(error.message));
    }
}
function checkSettings(input, workspace, apiKey, apiSecret) {
    const required = (name, value, example) => {
        if (!value) {
            throw new InputError(`Input '${name}' is required but was empty. Set it, e.g. ${example}.`);
        }
        return value;
    };
    required('api-key', apiKey, '`api-key: ${{ secrets.SITELEAF_API_KEY }}`');
    required('api-secret', apiSecret, '`api-secret: ${{ secrets.SITELEAF_API_SECRET }}`');
    if (apiKey.includes(':')) {
        throw new InputError("Input 'api-key' must not contain ':' (it is the Basic auth user name).");
    }
    const siteId = required('site-id', input('site-id'), '`site-id: 5f1e2d3c4b5a69788796a5b4`');
    if (!/^[A-Za-z0-9_-]+$/.test(siteId)) {
        throw new InputError(`Input 'site-id' must be a Siteleaf site id (letters, digits, '-' or '_'), got '${siteId}'.`);
    }
    const uploadTheme = readBoolean(input, 'upload-theme', true);
    const prune = readBoolean(input, 'prune', false);
    const publish = readBoolean(input, 'publish', true);
    const wait = readBoolean(input, 'wait', true);
    const dryRun = readBoolean(input, 'dry-run', false);
    const overwriteContent = readBoolean(input, 'overwrite-content', false);
    const apiVersion = readChoice(input, 'api-version', API_CHOICES);
    const timeoutSeconds = readInteger(input, 'timeout', 900, LIMITS.timeoutSeconds);
    const concurrency = readInteger(input, 'concurrency', 6, LIMITS.concurrency);
    const { themeDir, themeDirFromRepo } = readThemeDir(input('theme-dir') || '.', workspace);
    const filePatterns = splitThemePatterns(input('files') || '**');
    if (filePatterns.length === 0 || filePatterns.every(p => p.startsWith('!'))) {
        throw new InputError("Input 'files' has no pattern that includes files: give at least one, e.g. '**'.");
    }
    try {
        compileThemePatterns(filePatterns);
    }
    catch (error) {
        throw new InputError(error.message);
    }
    return {
        apiKey,
        apiSecret,
        siteId,
        themeDir,
        themeDirFromRepo,
        filePatterns,
        uploadTheme,
        prune,
        publish,
        wait,
        timeoutSeconds,
        concurrency,
        dryRun,
        apiUrl: readApiUrl(input('api-url') || 'https://api.siteleaf.com'),
        apiVersion,
        overwriteContent,
        githubToken: input('github-token'),
        deploymentEnvironment: input('deployment-environment')
    };
}
function maskCredentials(apiKey, apiSecret) {
    (0,secrets/* registerSecret */.cl)(apiKey);
    (0,secrets/* registerSecret */.cl)(apiSecret);
    if (apiKey || apiSecret)
        (0,secrets/* registerSecret */.cl)(basicAuthValue(apiKey, apiSecret));
}
// YAML 1.2 core schema spellings, as @actions/core's getBooleanInput accepts.
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
function readBoolean(input, name, fallback) {
    const raw = input(name);
    if (raw === '')
        return fallback;
    if (TRUE.includes(raw))
        return true;
    if (FALSE.includes(raw))
        return false;
    throw new InputError(`Input '${name}' must be true or false, got '${raw}'.`);
}
const API_CHOICES = ['auto', 'v1', 'v2'];
function readChoice(input, name, choices) {
    const raw = input(name);
    if (raw === '')
        return choices[0];
    const value = raw.toLowerCase();
    if (!choices.includes(value)) {
        throw new InputError(`Input '${name}' must be one of ${choices.join(', ')}, got '${raw}'.`);
    }
    return value;
}
function readInteger(input, name, fallback, range) {
    const raw = input(name);
    if (raw === '')
        return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
        throw new InputError(`Input '${name}' must be a whole number from ${range.min} to ${range.max}, got '${raw}'.`);
    }
    return value;
}
function readThemeDir(raw, workspace) {
    const themeDir = external_node_path_.resolve(workspace, raw);
    let isDirectory = false;
    try {
        isDirectory = (0,external_node_fs_.statSync)(themeDir).isDirectory();
    }
    catch {
        // missing: reported below
    }
    if (!isDirectory) {
        throw new InputError(`Input 'theme-dir' must be a folder in the repository, but '${raw}' ` +
            `(${themeDir}) does not exist or is not a folder. Did the workflow run actions/checkout first?`);
    }
    const relative = external_node_path_.relative(workspace, themeDir).split(external_node_path_.sep).join('/');
    // Outside the workspace ('..', '../x', another drive): no path from the repository root.
    // A folder merely named '..x' is inside it.
    const outside = relative === '..' || relative.startsWith('../') || external_node_path_.isAbsolute(relative);
    return { themeDir, themeDirFromRepo: outside ? '' : relative };
}
function readApiUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new InputError(`Input 'api-url' must be an http(s) URL such as https://api.siteleaf.com, got '${raw}'.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new InputError(`Input 'api-url' must use https:// (or http://), got '${raw}'.`);
    }
    if (url.username || url.password) {
        throw new InputError("Input 'api-url' must not carry credentials: use the api-key and api-secret inputs.");
    }
    if (url.search || url.hash) {
        // Not echoed: a query is where a misplaced token would be.
        throw new InputError(`Input 'api-url' must not have a query or fragment, got '${url.origin}${url.pathname}' followed by one.`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

;// CONCATENATED MODULE: ./src/log.ts
// The one way every module writes to the run's log. The flow hands a `Log` to each module that
// speaks; what a line becomes (a workflow command on a runner, a coloured line in a terminal,
// nothing in a unit test) is the sink's business, never the module's.
/** A Log that drops everything (for unit tests of modules that speak). */
const silentLog = {
    info: () => { },
    debug: () => { },
    notice: () => { },
    warning: () => { },
    error: () => { },
    group: (_name, body) => body(),
    progress: () => { }
};
/** An error about one place in the repository (a line of `_config.yml`): annotated there. */
class PlacedError extends Error {
    place;
    name = 'PlacedError';
    constructor(message, place, options) {
        super(message, options);
        this.place = place;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/siteleaf/job-events.ts
// What one event of the publish job stream means. Pure: no I/O, tested without servers.


// Statuses that say the job is still going.
const PROGRESS_STATUSES = new Set(['working', 'queued', 'pending', 'running', 'started']);
// Statuses that say the job failed (`error` is Siteleaf's own).
const FAILED_STATUSES = new Set(['error', 'failed', 'failure', 'cancelled', 'canceled', 'aborted']);
/** Reads one `data:` payload; anything that is not the documented JSON is a `problem`. */
function parseJobEventData(data) {
    let parsed;
    try {
        parsed = JSON.parse(data);
    }
    catch {
        return { problem: `The job stream sent data that is not JSON: ${shorten(data)}` };
    }
    const { status, message, updated_at } = (parsed ?? {});
    if (typeof status !== 'string' || !status) {
        return { problem: `The job stream sent an event without a status: ${shorten(data)}` };
    }
    return {
        event: {
            status,
            message: typeof message === 'string' ? message : '',
            updatedAt: typeof updated_at === 'string' || typeof updated_at === 'number' ? String(updated_at) : ''
        }
    };
}
function classifyJobEvent(event) {
    // Siteleaf has reported failures as a message while the status still read `working`.
    if (/^Publish error/i.test(event.message))
        return 'failed';
    const status = event.status.toLowerCase();
    if (PROGRESS_STATUSES.has(status))
        return 'progress';
    if (status === 'complete')
        return 'complete';
    return FAILED_STATUSES.has(status) ? 'failed' : 'unknown';
}
/** `updated_at` in epoch seconds, when it is a number. */
function eventEpochSeconds(event) {
    return /^\d+(\.\d+)?$/.test(event.updatedAt) ? Math.floor(Number(event.updatedAt)) : undefined;
}
/** One log line per event: `12:01:03  working   Checking... /home`. */
function formatJobEvent(event) {
    const seconds = eventEpochSeconds(event);
    // A time past what Date can hold (server garbage) must not crash the stream: show dashes.
    const date = seconds === undefined ? undefined : new Date(seconds * 1000);
    const time = date && Number.isFinite(date.getTime()) ? date.toISOString().slice(11, 19) : '--:--:--';
    return `${time}  ${event.status.padEnd(8)}  ${event.message}`.trimEnd();
}
/**
 * Tells events not printed yet from the ones a reopened stream replays (all of them, or only
 * the latest). An event is its `status`, `message` and `updated_at`: nothing is assumed of the
 * order of times, so events whose `updated_at` goes backwards are each printed once.
 *
 * Memory stays flat however long the job runs: the events seen are kept in a Bloom filter of
 * fixed size (1 MiB), whose false positives, about one in 200 million events at 100,000
 * events, could only drop a progress line; events that end the job are kept exactly.
 */
class ReplayFilter {
    static BITS = 2 ** 23;
    static HASHES = 8;
    static EXACT_LIMIT = 256;
    bits;
    // The events that end a job (or fail it) are few and must never be lost to a false positive.
    finals = new Set();
    isNew(event) {
        const key = `${event.status}\u0000${event.message}\u0000${event.updatedAt}`;
        const kind = classifyJobEvent(event);
        if ((kind === 'complete' || kind === 'failed') && this.finals.size < ReplayFilter.EXACT_LIMIT) {
            if (this.finals.has(key))
                return false;
            this.finals.add(key);
            this.remember(key);
            return true;
        }
        return this.remember(key);
    }
    /** Adds `key` to the filter; true when it was not there before. */
    remember(key) {
        this.bits ??= new Uint8Array(ReplayFilter.BITS / 8);
        const digest = (0,external_node_crypto_.createHash)('sha256').update(key).digest();
        let seen = true;
        for (let i = 0; i < ReplayFilter.HASHES; i++) {
            const bit = digest.readUInt32LE(i * 4) & (ReplayFilter.BITS - 1);
            const byte = bit >>> 3;
            const mask = 1 << (bit & 7);
            if ((this.bits[byte] & mask) === 0) {
                seen = false;
                this.bits[byte] = this.bits[byte] | mask;
            }
        }
        return !seen;
    }
}
function shorten(text) {
    // Secrets out before the cut: a cut must never leave half of one.
    const oneLine = (0,secrets.redact)(text).replace(/\s+/g, ' ').trim();
    return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

// EXTERNAL MODULE: ./node_modules/eventsource-parser/dist/parse.js + 1 modules
var parse = __webpack_require__(6085);
;// CONCATENATED MODULE: ./src/siteleaf/errors.ts
// Errors the Siteleaf client raises, each carrying what a user needs to fix the cause.

/** An HTTP answer outside 2xx, after any retries. */
class SiteleafApiError extends Error {
    step;
    status;
    serverMessage;
    attempts;
    name = 'SiteleafApiError';
    /**
     * An earlier attempt of this request may have been carried out although its answer was lost
     * (a dropped connection, a 5xx): a "filename taken" may then be this request's own doing.
     */
    afterUncertainAttempt = false;
    /**
     * This attempt (a 5xx, which a gateway may send after the work was done) or an earlier one
     * may have been carried out: for an upload, "did it land?" is for a listing to say.
     */
    mayHaveLanded = false;
    constructor(step, status, 
    /** The server's own words (`error` of a JSON body, or trimmed text), possibly empty. */
    serverMessage, attempts = 1) {
        super(formatApiError(step, status, serverMessage, attempts));
        this.step = step;
        this.status = status;
        this.serverMessage = serverMessage;
        this.attempts = attempts;
    }
}
/**
 * No whole HTTP answer: refused, reset, timed out, DNS, TLS, proxy, or an answer whose body broke
 * off half-way (`brokeOff`), which is a dropped connection like any other.
 */
class SiteleafNetworkError extends Error {
    step;
    reason;
    attempts;
    brokeOff;
    name = 'SiteleafNetworkError';
    /** The request may have been carried out (it was sent; no whole answer came back). */
    mayHaveLanded = false;
    constructor(step, reason, attempts = 1, 
    /** The answer's headers came, then its body broke off. */
    brokeOff = false) {
        const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
        super(brokeOff
            ? `${step} failed: the answer broke off half-way (${reason})${tries}. Siteleaf, or a ` +
                'proxy on the way, cut the connection mid-answer; re-run the workflow, and on ' +
                'self-hosted runners check the HTTPS_PROXY/NO_PROXY settings.'
            : `${step} failed: ${reason}${tries}. ` +
                'Could not reach the Siteleaf API: check api-url, and on self-hosted runners the ' +
                'network, firewall and HTTPS_PROXY/NO_PROXY settings.');
        this.step = step;
        this.reason = reason;
        this.attempts = attempts;
        this.brokeOff = brokeOff;
    }
}
/** The run was cancelled (SIGINT/SIGTERM) while a request was in flight. */
class CancelledError extends Error {
    name = 'CancelledError';
    /** A request had been sent when the cancel stopped it: it may have been carried out. */
    mayHaveLanded = false;
    constructor(step) {
        super(`${step} was cancelled`);
    }
}
/** Whether a failed request may have been carried out all the same (its answer lost or a 5xx). */
function mayHaveLanded(error) {
    return ((error instanceof SiteleafApiError ||
        error instanceof SiteleafNetworkError ||
        error instanceof CancelledError) &&
        error.mayHaveLanded);
}
/** What to check for a given HTTP status; empty when the status speaks for itself. */
function hintForStatus(status, serverMessage = '') {
    if (status === 401 || (status === 403 && !mentionsRateLimit(serverMessage))) {
        return 'Check the api-key and api-secret inputs (and the secrets they come from): Siteleaf did not accept them for this site.';
    }
    if (status === 403)
        return 'Siteleaf allows 500 requests per 5 minutes; wait a few minutes and re-run.';
    if (status === 404)
        return 'Check the site-id input: Siteleaf has no such site for this key (or the api-url is wrong).';
    if (status === 410)
        return 'The publish job expired or is unknown to Siteleaf; publish again.';
    if (status === 413)
        return 'The file is larger than Siteleaf accepts.';
    if (status === 422)
        return 'Siteleaf refused the request as invalid.';
    if (status === 429)
        return 'Siteleaf is rate limiting this key; wait a few minutes and re-run.';
    if (status >= 500)
        return 'Siteleaf is unavailable or failing right now; re-run the workflow later.';
    return '';
}
/** Siteleaf answers 403 (not 429) past its rate limit; the body is what tells them apart. */
function mentionsRateLimit(text) {
    return /rate.?limit|too many requests/i.test(text);
}
function formatApiError(step, status, serverMessage, attempts = 1) {
    const said = serverMessage ? `: ${serverMessage}` : '';
    const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    const hint = hintForStatus(status, serverMessage);
    const head = `${step} failed with HTTP ${status}${said}${tries}`;
    // `{"error":"Unauthorized!"}` reads "...: Unauthorized!", not "...: Unauthorized!."
    const end = /[.!?]$/.test(head) ? '' : '.';
    return `${head}${end}${hint ? ` ${hint}` : ''}`;
}
/**
 * The server's message from an error body: `error` (or `message`) of JSON, else the text with
 * any HTML stripped, shortened so a whole error page never floods the log. Secrets are taken
 * out before the text is cut, so a cut can never leave half a secret behind.
 */
function serverMessageFromBody(body) {
    return messageFromBody((0,secrets.redact)(body));
}
function messageFromBody(body) {
    const trimmed = body.trim();
    if (!trimmed)
        return '';
    try {
        const parsed = JSON.parse(trimmed);
        if (parsed && typeof parsed === 'object') {
            const { error, message } = parsed;
            if (typeof error === 'string')
                return error;
            if (typeof message === 'string')
                return message;
        }
    }
    catch {
        // not JSON: fall through to text
    }
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
    const text = (title ?? trimmed.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
    return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./src/sleep.ts
// A timer that a cancelled run can cut short.
/** Resolves after `ms`; rejects with the abort reason as soon as `signal` aborts. */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}

;// CONCATENATED MODULE: ./src/siteleaf/retry-policy.ts
// When and how long to wait before trying a request again. Pure: the client does the waiting.
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 5,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    rateLimitMaxWaitMs: 5 * 60_000,
    rateLimitStepMs: 60_000
};
/**
 * 429 and every 5xx (the contract: "429 and 5xx answers ... are retried"; proxies and CDNs
 * in front of the API answer 520-524 for passing trouble); other 4xx would fail the same way.
 */
function isRetryableStatus(status) {
    return status === 429 || (status >= 500 && status <= 599);
}
/** undici and Node error codes for a connection that never answered or broke off. */
const RETRYABLE_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT'
]);
function isRetryableNetworkError(error) {
    const code = errorCode(error) ?? errorCode(error?.cause);
    return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}
function errorCode(error) {
    const code = error?.code;
    return typeof code === 'string' ? code : undefined;
}
/**
 * Exponential backoff with "equal jitter" (half fixed, half random): spreads retries of many runners
 * instead of having them hit the API in step. A `Retry-After` the server sent wins.
 */
function backoffDelayMs(attempt, policy, retryAfterMs, random = Math.random) {
    if (retryAfterMs !== undefined)
        return Math.min(retryAfterMs, policy.rateLimitMaxWaitMs);
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    // An HTTP date has a weekday and a month name; without letters, Date.parse would read
    // garbage such as '1.5' or '-5' as a date in 2001 (a wait of 0).
    if (!/[a-z]/i.test(trimmed))
        return undefined;
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

;// CONCATENATED MODULE: ./src/siteleaf/http.ts
// Every request to Siteleaf, whichever API version it is for, goes through one `SiteleafHttp`:
// one undici dispatcher (proxies from HTTP(S)_PROXY/NO_PROXY), Basic auth, the User-Agent,
// pacing under the rate limit, retries with backoff, redirects inside the api-url origin, and
// errors that name the request they were. The adapters (v1/, v2/) only say which paths to ask.
//
// An answer is read whole (headers and body) inside the retry loop: a body cut off half-way is
// a dropped connection like any other, retried the same way, never a bare "other side closed"
// escaping to the caller. The job stream is the one exception: it is handed over open.







const DEFAULT_HTTP_TIMEOUTS = {
    connectMs: 30_000,
    headersMs: 60_000,
    bodyMs: 120_000
};
/** One dispatcher for every request, the job stream included, honouring HTTP(S)_PROXY/NO_PROXY. */
function createDispatcher(timeouts = DEFAULT_HTTP_TIMEOUTS) {
    try {
        return new undici/* EnvHttpProxyAgent */.J2({
            connect: { timeout: timeouts.connectMs },
            headersTimeout: timeouts.headersMs,
            bodyTimeout: timeouts.bodyMs,
            keepAliveTimeout: 10_000
        });
    }
    catch (error) {
        throw new Error(`The proxy settings cannot be used (${error.message}): HTTPS_PROXY and ` +
            'HTTP_PROXY must be URLs such as http://proxy.example:3128.');
    }
}
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Failures that say something about the local side (an unreadable file): never retried. */
class LocalFileError extends Error {
    name = 'LocalFileError';
}
class SiteleafHttp {
    options;
    stats = { retried: 0, rateLimitWaits: 0 };
    authorization;
    origin;
    constructor(options) {
        this.options = options;
        // The same value inputs.ts masks, so the header can never differ from what is masked.
        this.authorization = `Basic ${basicAuthValue(options.apiKey, options.apiSecret)}`;
        this.origin = new URL(options.apiUrl).origin;
    }
    /** `path` is relative to api-url (`/v1/sites/…`), or a whole URL inside its origin. */
    async request(step, method, path, options = {}) {
        const answer = await this.withRetries(step, method, path, options, async (url, response) => {
            // Inside the retry: a body cut off mid-way throws here, like a reset before the headers.
            const text = await response.body.text();
            return { statusCode: response.statusCode, headers: response.headers, text, url };
        });
        return answer;
    }
    /** Reads a JSON answer; an answer that is not JSON fails, naming the request. */
    async json(step, method, path, options = {}) {
        const answer = await this.request(step, method, path, options);
        return { value: parseJson(answer, step), answer };
    }
    /**
     * Opens the job stream: retried like any request until its headers arrive, then handed over
     * with no body timeout (the follower keeps its own idle timer). The job is followed until it
     * ends or the timeout: 5xx, 429 and dropped connections here are tried again for as long as
     * `signal` allows (the follower aborts it at the deadline), not for a number of attempts.
     */
    async openStream(step, path, signal, passStatuses) {
        return this.withRetries(step, 'GET', path, { signal, passStatuses, stream: true, untilAborted: true }, async (_url, response) => ({
            statusCode: response.statusCode,
            headers: response.headers,
            body: response.body
        }));
    }
    /** A URL the API handed over (a `Link: rel="next"`), refused when it leads off api-url's origin. */
    resolve(path) {
        const url = new URL(/^https?:\/\//i.test(path) ? path : `${this.options.apiUrl}${path}`, this.options.apiUrl);
        if (url.origin !== this.origin) {
            throw new Error(`Siteleaf pointed to ${url.origin}${url.pathname}, outside api-url (${this.origin}); ` +
                'it was not followed, and the credentials were not sent there.');
        }
        return url;
    }
    async withRetries(step, method, path, options, read) {
        const { retry, log } = this.options;
        const signal = options.ignoreCancel
            ? options.signal
            : combineSignals(this.options.signal, options.signal);
        let rateLimitWaitedMs = 0;
        let rateLimitWaits = 0;
        // Whether an attempt so far may have been carried out although its answer was lost.
        let mayHaveLanded = false;
        let counted = false;
        const lastAttempt = (attempt) => !options.untilAborted && attempt >= retry.maxAttempts;
        for (let attempt = 1;; attempt++) {
            if (signal?.aborted)
                throw cancelled(step, mayHaveLanded);
            let problem;
            let retryAfterMs;
            const sent = { started: false, response: undefined, url: '' };
            try {
                const response = await this.follow(step, method, path, options, signal, sent);
                const { statusCode } = response;
                if (statusCode < 300 || options.passStatuses?.includes(statusCode)) {
                    // Inside the retry: a body cut off half-way throws here, like a reset.
                    return await read(sent.url, response);
                }
                const body = await response.body.text();
                const serverMessage = serverMessageFromBody(body);
                retryAfterMs = parseRetryAfter(headerValue(response.headers['retry-after']));
                if (statusCode === 403 && mentionsRateLimit(serverMessage)) {
                    // Siteleaf's rate limit: wait it out rather than fail a large sync.
                    const waitMs = retryAfterMs ?? retry.rateLimitStepMs;
                    // Counted in steps too: a `Retry-After: 0` must not make this loop for ever.
                    rateLimitWaits++;
                    const maxWaits = Math.ceil(retry.rateLimitMaxWaitMs / retry.rateLimitStepMs) + 1;
                    if (rateLimitWaitedMs + waitMs > retry.rateLimitMaxWaitMs || rateLimitWaits > maxWaits) {
                        throw apiError(step, statusCode, serverMessage, attempt, mayHaveLanded, false);
                    }
                    rateLimitWaitedMs += waitMs;
                    this.stats.rateLimitWaits++;
                    log.info(`${step}: Siteleaf's rate limit was reached (HTTP 403: ${serverMessage}); ` +
                        `waiting ${formatDuration(waitMs)} before trying again.`);
                    await sleepOrCancel(waitMs, signal, step, mayHaveLanded);
                    attempt--; // waiting out the limit is not a failed attempt
                    continue;
                }
                // A 5xx may come from a gateway after the work was done; a 429 or a 4xx means not.
                const thisMayHaveLanded = statusCode >= 500;
                if (!isRetryableStatus(statusCode) || lastAttempt(attempt)) {
                    throw apiError(step, statusCode, serverMessage, attempt, mayHaveLanded, thisMayHaveLanded);
                }
                mayHaveLanded ||= thisMayHaveLanded;
                problem = `HTTP ${statusCode}${serverMessage ? ` (${serverMessage})` : ''}`;
            }
            catch (error) {
                if (error instanceof SiteleafApiError ||
                    error instanceof LocalFileError ||
                    error instanceof RedirectError) {
                    throw error;
                }
                // Once a request is on its way, a cancel or a lost answer leaves it unknown whether the
                // site carried it out; a connection never made sends nothing.
                const sentThis = sent.started && (sent.response !== undefined || !neverSent(error));
                if (error instanceof CancelledError || signal?.aborted) {
                    throw cancelled(step, mayHaveLanded || sentThis);
                }
                const brokeOff = sent.response !== undefined;
                if (sent.response)
                    discard(sent.response.body);
                const reason = describeNetworkError(error);
                mayHaveLanded ||= sentThis;
                if (!isRetryableNetworkError(error) || lastAttempt(attempt)) {
                    const failed = new SiteleafNetworkError(step, reason, attempt, brokeOff);
                    failed.mayHaveLanded = mayHaveLanded;
                    throw failed;
                }
                problem = brokeOff ? `the answer broke off half-way (${reason})` : reason;
            }
            if (mayHaveLanded)
                options.onUncertainRetry?.();
            if (!counted) {
                counted = true;
                this.stats.retried++;
            }
            const delayMs = backoffDelayMs(attempt, retry, retryAfterMs);
            const of = options.untilAborted ? '' : ` of ${retry.maxAttempts}`;
            // A log line, not a warning: a retry that works is no news for the run's result.
            log.info(`${step}: attempt ${attempt}${of} failed: ${problem}; ` +
                `retrying in ${formatDuration(delayMs)}.`);
            await sleepOrCancel(delayMs, signal, step, mayHaveLanded);
        }
    }
    /**
     * One attempt, following redirects inside the api-url origin: 303 (and 301/302 after a
     * POST) turn into a GET without a body, as browsers do; 307 and 308 keep method and body.
     * A redirect elsewhere is refused before anything is sent there. Every hop is a request the
     * rate limit counts, so each one waits for its own slot under it.
     */
    async follow(step, method, path, options, signal, sent) {
        let url = this.resolve(path);
        let currentMethod = method;
        let withBody = options.body !== undefined;
        for (let hop = 0;; hop++) {
            const release = await this.options.pacer.acquire(signal).catch(() => {
                throw new CancelledError(step);
            });
            // The slot is held until the answer's headers: see RequestPacer.
            const response = await this.send(url, currentMethod, options, withBody, signal, sent).finally(release);
            sent.response = response;
            sent.url = url.href;
            if (!REDIRECTS.has(response.statusCode))
                return response;
            const location = headerValue(response.headers.location);
            if (!location)
                return response;
            discard(response.body);
            sent.response = undefined; // a redirect answered in full: nothing was carried out
            const target = new URL(location, url);
            if (target.origin !== this.origin) {
                throw new RedirectError(`${step} failed: Siteleaf redirected to ${target.origin}${target.pathname}, outside ` +
                    `api-url (${this.origin}). The redirect was not followed and the credentials were ` +
                    'not sent there; check api-url.');
            }
            if (hop >= MAX_REDIRECTS) {
                throw new RedirectError(`${step} failed: more than ${MAX_REDIRECTS} redirects.`);
            }
            const status = response.statusCode;
            if (status === 303 || ((status === 301 || status === 302) && currentMethod === 'POST')) {
                currentMethod = 'GET';
                withBody = false;
            }
            this.options.log.debug(`${status} redirect to ${target.href}`);
            url = target;
        }
    }
    async send(url, method, options, withBody, signal, sent) {
        const body = withBody && options.body ? await options.body() : undefined;
        const { log } = this.options;
        log.debug(`${method} ${url.href}`);
        sent.started = true;
        const response = await (0,undici/* request */.Em)(url, {
            method,
            dispatcher: this.options.dispatcher,
            signal,
            headers: {
                authorization: this.authorization,
                'user-agent': USER_AGENT,
                accept: options.stream ? 'text/event-stream' : 'application/json',
                ...(typeof body === 'string'
                    ? { 'content-type': options.contentType ?? 'application/json' }
                    : {})
            },
            body,
            ...(options.stream ? { bodyTimeout: 0 } : {})
        });
        log.debug(`${method} ${url.href} → ${response.statusCode}`);
        return response;
    }
}
function apiError(step, status, serverMessage, attempts, earlierMayHaveLanded, thisMayHaveLanded) {
    const error = new SiteleafApiError(step, status, serverMessage, attempts);
    error.afterUncertainAttempt = earlierMayHaveLanded;
    error.mayHaveLanded = earlierMayHaveLanded || thisMayHaveLanded;
    return error;
}
function cancelled(step, mayHaveLanded) {
    const error = new CancelledError(step);
    error.mayHaveLanded = mayHaveLanded;
    return error;
}
/** Failures to connect at all: the request never left this machine. */
const NEVER_SENT = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_CONNECT_TIMEOUT'
]);
function neverSent(error) {
    const err = error;
    const code = err?.code ?? err?.cause?.code;
    return typeof code === 'string' && NEVER_SENT.has(code);
}
/** A redirect that cannot be followed: not retried, said plainly. */
class RedirectError extends Error {
    name = 'RedirectError';
}
/** The JSON of an answer; an answer that is not JSON fails, naming the request. */
function parseJson(answer, step) {
    try {
        return JSON.parse(answer.text);
    }
    catch {
        const said = serverMessageFromBody(answer.text);
        throw new Error(`${step} failed: Siteleaf answered HTTP ${answer.statusCode} with something that is not ` +
            `JSON: ${said.length > 200 ? `${said.slice(0, 197)}...` : said}`);
    }
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
/**
 * An id from the server, made one path segment: letters, digits, `-` and `_` only, so no id can
 * turn a request into one for another endpoint (`../`, `?`, `#`, an encoded slash).
 */
function idSegment(id, what) {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
        const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 80)) : String(id);
        throw new Error(`Siteleaf answered with a ${what} that is not a plain id (${shown}); ` +
            'it was not used in a request.');
    }
    return encodeURIComponent(id);
}
/** Drops a body we are done with; undici reports a destroyed unread body as an error. */
function discard(body) {
    body.on('error', () => { });
    body.destroy();
}
function describeNetworkError(error) {
    const err = error;
    const code = err?.code ?? err?.cause?.code;
    const message = err?.message || err?.cause?.message || String(error);
    return code && !message.includes(code) ? `${message} (${code})` : message;
}
function combineSignals(...signals) {
    const present = signals.filter((s) => s !== undefined);
    if (present.length <= 1)
        return present[0];
    return AbortSignal.any(present);
}
async function sleepOrCancel(ms, signal, step, mayHaveLanded) {
    try {
        await sleep(ms, signal);
    }
    catch {
        throw cancelled(step, mayHaveLanded);
    }
}

;// CONCATENATED MODULE: ./src/siteleaf/job-follower.ts
// Follows a job's Server-Sent Events stream (a publish, or a GitHub Sync on v2) to a final
// status: reopens a stream that closes or stalls, never reports an event twice, and gives up
// at the deadline, whatever the stream answers in between (errors are retried by the client
// until the deadline; a 200 that is not an event stream is said, and read if it can be).
// Which paths to read and what a gone job's end was are the API's to say.
//
// What is final: `complete` passes, `error` (and its kin) fails, and a status this action does
// not know is progress while more events follow it, and final when the job ends on it: the
// server closes the stream after it, and a reopened stream ends on it again.





/** A 200 that is not an event stream is read up to this much. */
const NOT_A_STREAM_LIMIT = 64 * 1024;
async function followJob(options) {
    const { api, jobId, kind, deadline, signal } = options;
    const paths = api.jobStreamPaths(jobId);
    const cancelled = () => new CancelledError(`Following the ${kind} job`);
    const filter = new ReplayFilter();
    let pathIndex = 0;
    let first;
    let last;
    let final;
    let quietReopens = 0;
    // The last event of the current connection, replayed or not: what a stream closed on.
    const connection = {};
    // An unknown status a stream closed on: final if a reopened stream closes on it again.
    let closedOnUnknown;
    let saidNotAStream = false;
    const accept = (data) => {
        const parsed = parseJobEventData(data);
        if ('problem' in parsed)
            return options.log.warning(parsed.problem);
        const { event } = parsed;
        connection.last = event;
        if (!filter.isNew(event))
            return;
        first ??= event;
        last = event;
        quietReopens = 0;
        closedOnUnknown = undefined; // news after it: it was progress
        const kind = classifyJobEvent(event);
        options.onEvent(event, kind);
        if (kind === 'complete' || kind === 'failed')
            final = { kind, event };
    };
    for (;;) {
        if (signal?.aborted)
            throw cancelled();
        if (Date.now() >= deadline)
            return { result: 'timeout', first, last };
        const attempt = new AbortController();
        const stop = (why) => attempt.abort(why);
        const onCancel = () => stop('cancelled');
        signal?.addEventListener('abort', onCancel, { once: true });
        const deadlineTimer = setTimeout(() => stop('deadline'), Math.max(0, deadline - Date.now()));
        let idleTimer;
        const touch = () => {
            clearTimeout(idleTimer);
            idleTimer = setTimeout(() => stop('idle'), options.idleTimeoutMs);
        };
        let stream;
        let reason;
        let quiet = false; // a reason already said: not worth a line each time
        connection.last = undefined;
        try {
            const jobPath = paths[pathIndex];
            stream = await api.openJobStream(jobPath, attempt.signal);
            if (stream.statusCode === 404 && pathIndex + 1 < paths.length) {
                discard(stream.body);
                pathIndex++;
                options.log.info(`${jobPath} answered 404; trying ${paths[pathIndex]}.`);
                continue;
            }
            if (stream.statusCode === 404 || stream.statusCode === 410) {
                const message = await readRefusal(stream);
                // A job this run saw working, gone before its end reached us: the site may remember.
                const onSite = first ? await api.jobOutcomeOnSite(jobId, kind) : undefined;
                if (onSite)
                    return outcomeFromSite(onSite, first);
                // Gone right after a stream closed on an unknown status: the job ended on it.
                if (closedOnUnknown)
                    return endedOnUnknown(closedOnUnknown, first);
                return { result: 'not-found', message: `HTTP ${stream.statusCode}: ${message}`, first };
            }
            touch();
            const parser = (0,parse/* createParser */.C)({ onEvent: message => accept(message.data) });
            const type = headerValue(stream.headers['content-type']) ?? '';
            if (!/^text\/event-stream\b/i.test(type)) {
                // A proxy's page, a cache, an API answering JSON: say so, and read it if it can be.
                const text = await readUpTo(stream, NOT_A_STREAM_LIMIT, touch);
                const what = `answered HTTP ${stream.statusCode} with ${type || 'no content type'}, not an event stream`;
                quiet = saidNotAStream;
                if (!saidNotAStream) {
                    saidNotAStream = true;
                    const said = serverMessageFromBody(text);
                    options.log.warning(`The ${kind} job's stream ${what}${said ? `: ${said}` : ''}.`);
                }
                readNotAStream(text, accept, parser);
                if (final)
                    return finish(final, first);
                reason = what;
            }
            else {
                const decoder = new TextDecoder();
                for await (const chunk of stream.body) {
                    touch();
                    parser.feed(decoder.decode(chunk, { stream: true }));
                    if (final)
                        break;
                }
                if (final)
                    return finish(final, first);
                reason = 'closed before the job finished';
            }
            // Closed on a status this action does not know: if it does so again, the job ended on it.
            const closedOn = connection.last; // set by accept()
            if (closedOn && classifyJobEvent(closedOn) === 'unknown') {
                if (closedOnUnknown && sameEvent(closedOnUnknown, closedOn)) {
                    return endedOnUnknown(closedOn, first);
                }
                closedOnUnknown = closedOn;
                reason = `closed after status '${closedOn.status}', which may be the job's end`;
                quiet = false;
            }
        }
        catch (error) {
            const why = attempt.signal.reason;
            if (why === 'cancelled' || signal?.aborted)
                throw cancelled();
            if (why === 'deadline')
                return { result: 'timeout', first, last };
            if (final)
                return finish(final, first);
            if (why === 'idle') {
                reason = `stalled (no data for ${Math.round(options.idleTimeoutMs / 1000)} s)`;
            }
            else if (stream) {
                reason = `broke off (${error.message})`;
            }
            else {
                throw error; // opening failed even after the client's retries
            }
        }
        finally {
            clearTimeout(deadlineTimer);
            clearTimeout(idleTimer);
            signal?.removeEventListener('abort', onCancel);
            if (stream)
                discard(stream.body);
        }
        quietReopens++;
        if (!quiet)
            options.log.info(`The job stream ${reason}; reopening it.`);
        const pause = Math.min(options.reopenDelayMs * 2 ** Math.min(quietReopens - 1, 3), Math.max(0, deadline - Date.now()));
        await sleep(pause, signal).catch(() => {
            throw cancelled();
        });
    }
}
/** The job ended on a status this action does not know: a failure that names it. */
function endedOnUnknown(event, first) {
    const said = event.message ? `: ${event.message}` : '';
    const last = { ...event, message: `the job ended with status '${event.status}'${said}` };
    return { result: 'failed', last, first };
}
function sameEvent(a, b) {
    return a.status === b.status && a.message === b.message && a.updatedAt === b.updatedAt;
}
/**
 * A 200 that is not an event stream: JSON with a `status` is one event (or a list of them),
 * text that reads as SSE is parsed as such; anything else carries no event.
 */
function readNotAStream(text, accept, parser) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        if (/^(event|data):/m.test(text))
            parser.feed(`${text}\n\n`);
        return;
    }
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
        if (item && typeof item === 'object' && 'status' in item)
            accept(JSON.stringify(item));
    }
}
/** The body as text, up to `limit` characters. */
async function readUpTo(stream, limit, onChunk) {
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of stream.body) {
        onChunk();
        text += decoder.decode(chunk, { stream: true });
        if (text.length > limit)
            break;
    }
    return text;
}
function finish(final, first) {
    return final.kind === 'complete'
        ? { result: 'complete', last: final.event, first }
        : { result: 'failed', last: final.event, first };
}
function outcomeFromSite(onSite, first) {
    const last = onSite.status === 'complete'
        ? { status: 'complete', message: 'The site reports the job complete', updatedAt: '' }
        : { status: 'error', message: onSite.message, updatedAt: '' };
    return { result: onSite.status === 'complete' ? 'complete' : 'failed', last, first };
}
/** A 404/410 answer: Siteleaf sends errors on this endpoint as SSE too, sometimes as JSON. */
async function readRefusal(stream) {
    const text = await readUpTo(stream, 10_000, () => { });
    let message = '';
    (0,parse/* createParser */.C)({
        onEvent: event => {
            const parsed = parseJobEventData(event.data);
            if ('event' in parsed && parsed.event.message)
                message ||= parsed.event.message;
        }
    }).feed(`${text}\n\n`);
    return message || serverMessageFromBody(text) || 'Job not found';
}

;// CONCATENATED MODULE: ./src/publish.ts


// Each round waits for a job to end; more than this many stale ones means someone else keeps
// publishing this site, and the timeout would end it anyway.
const MAX_ROUNDS = 5;
async function publishAndFollow(options) {
    const { api, log } = options;
    for (let round = 1;; round++) {
        const jobId = await api.publish();
        options.onJobStarted(jobId, round);
        if (!options.wait)
            return { result: 'queued', jobId };
        const outcome = await followJob({
            api,
            jobId,
            kind: 'publish',
            deadline: options.deadline,
            idleTimeoutMs: options.idleTimeoutMs,
            reopenDelayMs: options.reopenDelayMs,
            signal: options.signal,
            onEvent: options.onEvent,
            log
        });
        if (outcome.result === 'timeout' || outcome.result === 'not-found')
            return { ...outcome, jobId };
        if (!startedBeforeUploads(outcome.first, options.lastUploadEpoch))
            return { ...outcome, jobId };
        if (round >= MAX_ROUNDS)
            return { result: 'stale', jobId, rounds: round };
        log.info(`Job ${jobId} was already under way before this run's uploads finished, so it may not ` +
            'include them; publishing again.');
    }
}
/** The API gives no start time: the job's first event against the last upload's `Date`. */
function startedBeforeUploads(first, lastUploadEpoch) {
    if (lastUploadEpoch === undefined)
        return false;
    const began = eventEpochSeconds(first);
    return began !== undefined && began < lastUploadEpoch;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/report/actions-log.ts
// The Log on a GitHub runner: lines and workflow commands on stdout, as @actions/core writes
// them. Two promises hold for every line, whatever it carries (a job message, a server's error
// body, a filename):
// - it is one line of text that starts no workflow command: the runner reads a line as ending
//   at a CR as well as at an LF, a `::command::` at its start (after blanks) and the old
//   `##[command]` form anywhere in it (see `oneLine` and `commandLine`);
// - secrets are taken out last, from the very text written, after every escape (secrets.ts).
// GitHub shows at most 10 error, 10 warning and 10 notice annotations per step; past that they
// are plain log lines, and the job summary lists them all (`raised`).



const ANNOTATION_LIMIT = 10;
// What the summary lists; bounded, so a stream of bad events cannot grow memory without end.
const RECORD_LIMIT = 200;
const toStdout = text => void process.stdout.write(text);
class ActionsLog {
    write;
    /** Every error, warning and notice this run raised (up to a bound). */
    raised = [];
    /** How many more were raised than `raised` holds. */
    raisedLeftOut = 0;
    counts = { error: 0, warning: 0, notice: 0 };
    constructor(write = toStdout) {
        this.write = write;
    }
    info(message) {
        this.write(`${oneLine(message)}${external_node_os_.EOL}`);
    }
    /** Shown by the runner only with debug logging on (ACTIONS_STEP_DEBUG). */
    debug(message) {
        this.write(`${commandLine('debug', undefined, message)}${external_node_os_.EOL}`);
    }
    notice(message, place) {
        this.annotate('notice', message, place);
    }
    warning(message, place) {
        this.annotate('warning', message, place);
    }
    error(message, place) {
        this.annotate('error', message, place);
    }
    async group(name, body) {
        this.write(`${commandLine('group', undefined, name)}${external_node_os_.EOL}`);
        try {
            return await body();
        }
        finally {
            this.write(`::endgroup::${external_node_os_.EOL}`);
        }
    }
    /** The Actions log cannot redraw a line: each step that has one is printed. */
    progress(update) {
        if (update.line !== undefined)
            this.info(update.line);
    }
    /** Fails the step; the message is the summary's headline, so it is not listed again there. */
    fail(message, place) {
        process.exitCode = core/* ExitCode */.yU.Failure;
        this.annotate('error', message, place, false);
    }
    setOutput(name, value) {
        core/* setOutput */.uH(name, (0,secrets.redact)(value));
    }
    annotate(kind, message, place, record = true) {
        const text = (0,secrets.redact)(message);
        if (record) {
            if (this.raised.length < RECORD_LIMIT)
                this.raised.push({ kind, message: text, ...place });
            else
                this.raisedLeftOut++;
        }
        // The last error slot is kept for the step's failure message, which comes last.
        const limit = kind === 'error' && record ? ANNOTATION_LIMIT - 1 : ANNOTATION_LIMIT;
        if (this.counts[kind] < limit) {
            this.counts[kind]++;
            this.write(`${commandLine(kind, place, text)}${external_node_os_.EOL}`);
        }
        else {
            const where = place?.file ? ` (${place.file}${place.line ? `:${place.line}` : ''})` : '';
            const label = kind === 'error' ? 'Error' : kind === 'warning' ? 'Warning' : 'Notice';
            this.info(`${label}${where}: ${text}`);
        }
    }
}
/**
 * One log line that stays text: line breaks are shown as `\n` and `\r`, the old `##[` command
 * form is broken by a zero-width space wherever it appears, and a line that would begin with a
 * workflow command (`::`, after any leading blanks, as the runner reads it) is led by a
 * zero-width space, which the runner does not trim. Redacted before (a secret as it came) and
 * after (the text as written).
 */
function oneLine(text) {
    const flat = (0,secrets.redact)(text).replace(/\r\n|\r|\n/g, match => (match === '\r' ? '\\r' : '\\n'));
    const legacySafe = breakLegacyCommands(flat);
    return (0,secrets.redact)(/^\s*::/.test(legacySafe) ? `\u200B${legacySafe}` : legacySafe);
}
/**
 * A workflow command line, escaped as @actions/core escapes it (`%`, CR and LF in the data;
 * also `:` and `,` in properties), with the old `##[` form broken, redacted last.
 */
function commandLine(command, place, message) {
    const properties = place
        ? [
            ['title', place.title],
            ['file', place.file],
            ['line', place.line === undefined ? undefined : String(place.line)]
        ]
            .filter((pair) => Boolean(pair[1]))
            .map(([key, value]) => `${key}=${escapeProperty((0,secrets.redact)(value))}`)
            .join(',')
        : '';
    const line = `::${command}${properties ? ` ${properties}` : ''}::${escapeData((0,secrets.redact)(message))}`;
    return (0,secrets.redact)(breakLegacyCommands(line));
}
/** The runner reads `##[command]` anywhere in a line: a zero-width space makes it text. */
function breakLegacyCommands(text) {
    return text.replace(/##\[/g, '##\u200B[');
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

;// CONCATENATED MODULE: ./src/report/file-annotation.ts
// Where a publish error points in the repository, and where a message names a file (so the job
// summary can link that mention). Pure: the caller supplies the theme's files.
/**
 * Finds the theme file a job message names (as a whole word) and the line after it:
 * `Liquid syntax error in _layouts/default.html (line 6): ...` → `_layouts/default.html`, 6.
 * The longest name wins, so `a/b.html` is not taken for `b.html`.
 */
function locateFileInMessage(message, themeFilenames, themeDirFromRepo) {
    let best;
    for (const filename of themeFilenames) {
        if (best && filename.length <= best.filename.length)
            continue;
        const end = findWholeWord(message, filename);
        if (end !== undefined)
            best = { filename, end };
    }
    if (!best)
        return undefined;
    const file = themeDirFromRepo ? `${themeDirFromRepo}/${best.filename}` : best.filename;
    const line = lineAfter(message.slice(best.end));
    return line === undefined ? { file } : { file, line };
}
/**
 * Where `text` names `file` (a path from the repository root) as a whole word: the path itself,
 * or the longest tail of it (`theme/_layouts/a.html`, `_layouts/a.html`, `a.html`), since
 * messages name files as the server or the theme knows them.
 */
function findFileMention(text, file) {
    const segments = file.split('/');
    for (let from = 0; from < segments.length; from++) {
        const tail = segments.slice(from).join('/');
        if (!tail)
            continue;
        const end = findWholeWord(text, tail);
        if (end !== undefined)
            return { start: end - tail.length, end };
    }
    return undefined;
}
/** Index just past `word` in `text`, where it is not part of a longer path or name. */
function findWholeWord(text, word) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
        const end = at + word.length;
        if (!isPathChar(text[at - 1]) && !extendsName(text, end))
            return end;
    }
    return undefined;
}
/** Whether the text at `end` continues the name (`default.html.bak`, `default.html-old`). */
function extendsName(text, end) {
    const char = text[end];
    // A '.' that ends a sentence ("in foo.html." or "foo.html. Next") does not extend the name;
    // one followed by more of a name ("foo.html.bak") does.
    if (char === '.')
        return isPathChar(text[end + 1]);
    return isPathChar(char);
}
function isPathChar(char) {
    if (char === undefined)
        return false;
    return /[\p{L}\p{N}_./\\-]/u.test(char);
}
function lineAfter(rest) {
    // A quoted name ('foo.html' line 3, "foo.html":3) has its line after the closing quote.
    const match = /^['"`\u2019]?(?::(\d+)|\s*\(?\s*(?:at\s+)?line\s+(\d+)\)?)/i.exec(rest);
    const digits = match?.[1] ?? match?.[2];
    const line = digits === undefined ? NaN : Number(digits);
    return Number.isSafeInteger(line) && line > 0 ? line : undefined;
}

;// CONCATENATED MODULE: ./src/report/counts.ts
function countFiles(report, dryRun) {
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
function formatCounts(counts) {
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
    if (parts.length > 0)
        return parts.join(' · ');
    return counts.dryRun ? 'nothing would change' : 'nothing changed';
}
function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
}

;// CONCATENATED MODULE: ./src/report/outputs.ts
// The step's outputs, derived from the run report alone; the counts are the ones the log line
// after the upload and the job summary say (see counts.ts).

function outputsOf(report) {
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

;// CONCATENATED MODULE: ./src/report/run-report.ts
const JOB_LOG_LIMIT = 400;
/**
 * A job line longer than this is cut where it is kept (the log printed it whole): a job may say
 * anything, and 400 lines of a megabyte each must not stay in memory.
 */
const JOB_LINE_LIMIT = 2000;
function createRunReport(now = Date.now()) {
    return {
        startedAt: now,
        siteTitle: '',
        siteUrl: '',
        jobId: '',
        jobIds: [],
        jobLog: [],
        jobLogDropped: 0,
        retriedRequests: 0,
        cancelled: false,
        problems: [],
        problemsLeftOut: 0
    };
}
/**
 * One event of the job the run follows (`report.jobId`): its line kept for the summary, and the
 * time it came, so the summary can say how long the job itself took.
 */
function addJobEvent(report, line, now = Date.now()) {
    if (report.jobEvents?.jobId === report.jobId)
        report.jobEvents.lastAt = now;
    else
        report.jobEvents = { jobId: report.jobId, firstAt: now, lastAt: now };
    addJobLine(report, line);
}
/** Keeps the first and the latest lines of a long job, so memory stays flat. */
function addJobLine(report, line) {
    const kept = line.length > JOB_LINE_LIMIT ? cutText(line, JOB_LINE_LIMIT) : line;
    if (report.jobLog.length < JOB_LOG_LIMIT) {
        report.jobLog.push(kept);
        return;
    }
    report.jobLogDropped++;
    // Keep the first half fixed, slide the second half.
    report.jobLog.splice(JOB_LOG_LIMIT / 2, 1);
    report.jobLog.push(kept);
}
/**
 * `text` cut to about `max` characters, with a note that says how much was left out and where
 * the whole of it is. Never cuts a surrogate pair in two.
 */
function cutText(text, max) {
    if (text.length <= max)
        return text;
    let end = max;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff)
        end--;
    const left = text.length - end;
    return `${text.slice(0, end)}… (${left.toLocaleString('en-US')} more characters cut here; the step's log has the whole text)`;
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// The job summary, read at a glance: a heading that names the result, the site and the commit;
// why it failed, with the file it is about linked at this commit; what the site now holds that
// is not live; the counts in one line (the same numbers as the log and the outputs); then the
// files, the errors and warnings, and the publish log, long lists folded.
//
// It always fits: GitHub drops a step summary over 1 MiB, so every part has a budget, and
// whatever is cut says that the step's log has the whole of it.




/** GitHub drops a step summary larger than this. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024;
// Budgets, in UTF-8 bytes of Markdown, that add up to well under the limit (redaction may
// lengthen a text by a few characters; the margin covers it).
const BUDGET = {
    failure: 4_000,
    problem: 1_000,
    problems: 150_000,
    files: 400_000,
    fileName: 300,
    publishLog: 200_000,
    logLine: 1_000,
    title: 120
};
/** Lists longer than this are folded in a <details> block. */
const FOLD_AFTER = 10;
const HEADINGS = {
    complete: '✅ Siteleaf publish complete',
    failed: '❌ Siteleaf publish failed',
    queued: '🕒 Siteleaf publish queued',
    skipped: '✅ Siteleaf upload complete, publish skipped',
    'dry-run': '📝 Siteleaf publish dry run'
};
/** The commit from GitHub's variables; undefined outside a runner or when one looks wrong. */
function commitFromEnv(env) {
    const repository = env.GITHUB_REPOSITORY ?? '';
    const sha = env.GITHUB_SHA ?? '';
    const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    // Each goes into a URL in Markdown: anything odd, and there is no link rather than a broken one.
    if (!/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
        return undefined;
    }
    if (!/^https?:\/\/[^\s()<>]+$/.test(serverUrl))
        return undefined;
    const ref = env.GITHUB_REF_NAME || env.GITHUB_REF?.replace(/^refs\/(heads|tags)\//, '');
    return { serverUrl, repository, sha, ...(ref ? { ref } : {}) };
}
function renderSummary(report, options = {}) {
    const status = report.verdict?.status ?? 'failed';
    const dryRun = status === 'dry-run';
    const counts = countFiles(report, dryRun);
    const links = new Links(options.commit);
    const blocks = [
        renderHeading(report, status, links),
        renderFailure(report, links),
        renderNotLive(report, status, counts),
        report.plan ? `**${formatCounts(counts)}**` : '',
        renderFacts(report, options.now ?? Date.now()),
        dryRun ? renderDryRunNote(report) : '',
        renderFiles(report, dryRun),
        renderProblems(report, links),
        renderPublishLog(report)
    ].filter(Boolean);
    const markdown = `${blocks.join('\n\n')}\n`;
    if (byteLength(markdown) <= SUMMARY_LIMIT_BYTES - 64 * 1024)
        return markdown;
    // The budgets make this unreachable; if they ever do not, the result still reaches GitHub.
    const essentials = blocks.slice(0, 5).map(block => cutText(block, 20_000));
    return `${[...essentials, "_The rest of this summary was too large for GitHub; the step's log has all of it._"].join('\n\n')}\n`;
}
// --- heading, failure, facts --------------------------------------------------------------
function renderHeading(report, status, links) {
    const title = report.cancelled ? '🛑 Siteleaf publish cancelled' : HEADINGS[status];
    const url = webOrigin(report.siteUrl);
    const name = cutText(report.siteTitle.trim() || (url ? new URL(url).host : ''), BUDGET.title);
    const site = name ? (url ? `[${escapeMarkdown(name)}](${url})` : escapeMarkdown(name)) : '';
    const commit = links.commit();
    return `## ${title}${site ? `: ${site}` : ''}${commit ? ` · ${commit}` : ''}`;
}
/** The verdict's failure, quoted, with the file it is about linked on its line. */
function renderFailure(report, links) {
    const failure = report.verdict?.failure;
    if (!failure)
        return '';
    const place = report.verdict?.failurePlace ?? report.jobErrorPlace;
    return `> ${links.textWithFile(cutText(failure, BUDGET.failure), place)}`;
}
/**
 * After a failed publish or sync that changed files on Siteleaf: those changes are not live,
 * and the next publish, whoever starts it, makes them so.
 */
function renderNotLive(report, status, counts) {
    if (counts.dryRun || (counts.uploaded === 0 && counts.pruned === 0))
        return '';
    const changes = [
        counts.uploaded ? `${counts.uploaded} uploaded` : '',
        counts.pruned ? `${counts.pruned} pruned` : ''
    ]
        .filter(Boolean)
        .join(', ');
    const changed = `This run changed files on Siteleaf (${changes})`;
    if (status === 'skipped') {
        return `ℹ️ ${changed} without publishing them (publish: false): the next publish, by anyone, makes the changes live.`;
    }
    if (status !== 'failed')
        return '';
    const jobId = report.jobIds[report.jobIds.length - 1];
    const result = report.publish?.result;
    // A job started after the uploads whose end is not known may still publish them.
    const jobMayFinish = jobId !== undefined &&
        (result === 'timeout' || result === 'not-found' || (report.cancelled && !report.publish));
    if (jobMayFinish) {
        return (`⚠️ ${changed}; they go live when publish job \`${jobId}\` finishes, if it does, ` +
            'or else with the next publish, by anyone.');
    }
    return `⚠️ ${changed}, but the site was not published: the changes are not live. The next publish, by anyone, makes them live.`;
}
function renderFacts(report, now) {
    const facts = [];
    if (report.apiVersion)
        facts.push(`Siteleaf API ${report.apiVersion}`);
    if (report.jobIds.length) {
        const ids = report.jobIds.map(id => `\`${id.replace(/`/g, '')}\``).join(' → ');
        facts.push(`${report.jobIds.length > 1 ? 'publish jobs' : 'publish job'} ${ids}`);
    }
    const took = formatDuration((report.finishedAt ?? now) - report.startedAt);
    const job = report.jobEvents;
    const jobTime = job && job.jobId === report.jobId
        ? ` (the publish job ${formatDuration(job.lastAt - job.firstAt)})`
        : '';
    facts.push(`took ${took}${jobTime}`);
    if (report.retriedRequests > 0) {
        facts.push(`${plural(report.retriedRequests, 'request', 'requests')} retried (see the log)`);
    }
    return facts.join(' · ');
}
function renderDryRunNote(report) {
    const then = report.publishAsked === false
        ? 'would not publish (publish: false)'
        : report.publishAsked
            ? 'would then publish the site'
            : '';
    return `Nothing on Siteleaf was changed${then ? `; a run without dry-run ${then}` : ''}.`;
}
// --- files --------------------------------------------------------------------------------
function renderFiles(report, dryRun) {
    const plan = report.plan;
    if (!plan)
        return '';
    const sync = report.sync;
    const replaced = new Set(sync?.replaced);
    const done = new Set([...(sync?.uploaded ?? []), ...(sync?.failed ?? []).map(f => f.filename)]);
    const planned = [...plan.upload, ...plan.replace.map(r => r.file)].map(f => f.filename);
    // Failed files are not listed here: each has its error, with a link, below.
    const lists = dryRun
        ? [
            ['Would upload (new)', plan.upload.map(f => f.filename)],
            ['Would replace', plan.replace.map(r => r.file.filename)],
            ['Would prune', plan.prune.map(f => f.filename)],
            ['Would remove (duplicate copies)', plan.duplicates.map(f => f.filename)],
            ['Content kept', plan.kept.map(k => k.file.filename)],
            ['Unchanged', plan.unchanged.map(u => u.file.filename)]
        ]
        : [
            ['New', (sync?.uploaded ?? []).filter(f => !replaced.has(f))],
            ['Replaced', sync?.replaced ?? []],
            ['Pruned', sync?.pruned ?? []],
            ['Duplicate copies removed', [...new Set(sync?.duplicatesRemoved)]],
            ['Not uploaded (the run stopped first)', planned.filter(f => !done.has(f))],
            ['Content kept', plan.kept.map(k => k.file.filename)],
            ['Unchanged', plan.unchanged.map(u => u.file.filename)]
        ];
    const budget = new Budget(BUDGET.files);
    const open = [];
    const folded = [];
    for (const [label, files] of lists) {
        if (files.length === 0)
            continue;
        const names = files.map(f => codeSpan(cutText(f, BUDGET.fileName)));
        if (files.length > FOLD_AFTER || label === 'Unchanged') {
            const items = budget.takeLines(names.map(n => `- ${n}`));
            const more = files.length - items.length;
            if (more)
                items.push(`- … and ${more} more (the step's log lists every file)`);
            folded.push(details(`${label} (${files.length})`, items.join('\n')));
        }
        else {
            const line = budget.takeLines([`- **${label}:** ${names.join(', ')}`]);
            open.push(line[0] ?? `- **${label}:** ${files.length} (the step's log lists them)`);
        }
    }
    return [open.join('\n'), ...folded].filter(Boolean).join('\n\n');
}
// --- errors and warnings ------------------------------------------------------------------
function renderProblems(report, links) {
    const jobError = report.verdict?.jobError;
    // The job's error is the failure quoted at the top: not said again here.
    const problems = report.problems.filter(p => !(jobError !== undefined && p.kind === 'error' && p.message === jobError));
    if (problems.length === 0)
        return '';
    const order = { error: 0, warning: 1, notice: 2 };
    const sorted = [...problems].sort((a, b) => order[a.kind] - order[b.kind]);
    const icon = { error: '❌', warning: '⚠️', notice: 'ℹ️' };
    const budget = new Budget(BUDGET.problems);
    const items = budget.takeLines(sorted.map(p => `- ${icon[p.kind]} ${links.textWithFile(cutText(p.message, BUDGET.problem), p)}`));
    const more = problems.length - items.length + report.problemsLeftOut;
    if (more > 0)
        items.push(`- … and ${more} more (see the step's log)`);
    const count = problems.length + report.problemsLeftOut;
    // Named for what is there: "Warnings", "Errors and warnings", "Errors, warnings and notices".
    const kinds = ['error', 'warning', 'notice']
        .filter(kind => problems.some(p => p.kind === kind))
        .map(kind => `${kind}s`);
    const named = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}` : kinds[0];
    const title = `${named?.[0]?.toUpperCase() ?? ''}${named?.slice(1) ?? ''}`;
    return count > FOLD_AFTER
        ? details(`${title} (${count})`, items.join('\n'))
        : `### ${title}\n\n${items.join('\n')}`;
}
// --- publish log --------------------------------------------------------------------------
function renderPublishLog(report) {
    if (report.jobLog.length === 0)
        return '';
    const lines = report.jobLog.map(line => fence(cutText(line, BUDGET.logLine)));
    // The job's final error is quoted at the top: its line here says so rather than repeat it.
    const jobError = report.verdict?.jobError;
    const last = report.jobLog[report.jobLog.length - 1] ?? '';
    const at = jobError ? last.indexOf(jobError.slice(0, 200)) : -1;
    if (jobError && at > 0)
        lines[lines.length - 1] = `${last.slice(0, at)}(quoted at the top)`;
    // The first lines and the latest, each up to half the budget; what is between is left out
    // (where the report already left lines out, between its two halves).
    const gapAt = report.jobLogDropped ? Math.floor(lines.length / 2) : lines.length;
    const head = new Budget(BUDGET.publishLog / 2).takeLines(lines.slice(0, gapAt));
    const tail = new Budget(BUDGET.publishLog / 2)
        .takeLines(lines.slice(head.length).reverse())
        .reverse();
    const left = lines.length - head.length - tail.length + report.jobLogDropped;
    const gap = left
        ? [`… ${left.toLocaleString('en-US')} lines left out here (the step's log has them all) …`]
        : [];
    const body = ['```text', ...head, ...gap, ...tail, '```'].join('\n');
    const count = lines.length + report.jobLogDropped;
    return count > FOLD_AFTER
        ? details(`Publish log (${count.toLocaleString('en-US')} lines)`, body)
        : `### Publish log\n\n${body}`;
}
// --- Markdown -----------------------------------------------------------------------------
/** Links to this commit and to files at it; plain text where the commit is not known. */
class Links {
    context;
    constructor(context) {
        this.context = context;
    }
    /** `` [`1a2b3c4`](…/commit/sha) on `main` `` */
    commit() {
        const c = this.context;
        if (!c)
            return '';
        const link = `[\`${c.sha.slice(0, 7)}\`](${c.serverUrl}/${c.repository}/commit/${c.sha})`;
        return c.ref ? `${link} on ${codeSpan(cutText(c.ref, BUDGET.title))}` : link;
    }
    fileUrl(place) {
        const c = this.context;
        if (!c)
            return undefined;
        const path = place.file.split('/').map(encodeUrlSegment).join('/');
        return `${c.serverUrl}/${c.repository}/blob/${c.sha}/${path}${place.line ? `#L${place.line}` : ''}`;
    }
    /**
     * `text`, escaped, its mention of the place's file made a link to it at this commit (on its
     * line); a text that does not name the file is led by the linked path instead.
     */
    textWithFile(text, place) {
        if (!place?.file)
            return escapeMarkdown(text);
        const file = place.file;
        const where = `${file}${place.line ? `:${place.line}` : ''}`;
        const url = this.fileUrl({ ...place, file });
        const mention = findFileMention(text, file);
        if (!mention) {
            const lead = url ? `[${escapeMarkdown(where)}](${url})` : codeSpan(where);
            return `${lead}: ${escapeMarkdown(text)}`;
        }
        // The mention itself points at the file: a link at this commit, or (with no commit to
        // link to) the path from the repository root.
        const pointer = url
            ? `[${escapeMarkdown(text.slice(mention.start, mention.end))}](${url})`
            : codeSpan(file);
        return (escapeMarkdown(text.slice(0, mention.start)) +
            pointer +
            escapeMarkdown(text.slice(mention.end)));
    }
}
/** Takes lines while they fit in a number of bytes. */
class Budget {
    left;
    constructor(left) {
        this.left = left;
    }
    takeLines(lines) {
        const taken = [];
        for (const line of lines) {
            const size = byteLength(line) + 1;
            if (size > this.left)
                break;
            this.left -= size;
            taken.push(line);
        }
        return taken;
    }
}
function details(summary, body) {
    return `<details><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}
/** Inline code that holds any text: a fence longer than any run of backticks inside it. */
function codeSpan(text) {
    const flat = text.replace(/\r\n|\r|\n/g, match => (match === '\r' ? '\\r' : '\\n'));
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map(run => run.length));
    const ticks = '`'.repeat(longest + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${flat}${pad}${ticks}`;
}
/** Plain text that stays plain in Markdown, on one line. */
function escapeMarkdown(text) {
    return text.replace(/([\\`*_[\]<>|&~])/g, '\\$1').replace(/\r\n|\r|\n/g, ' ');
}
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** A code block line that cannot close the block. */
function fence(line) {
    return line.replace(/```/g, "'''");
}
/** Everything but unreserved characters percent-encoded, so no `(`, `)` or space ends a link. */
function encodeUrlSegment(segment) {
    return encodeURIComponent(segment).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** The site's address as a link can hold it, or '' when it is not an http(s) address. */
function webOrigin(url) {
    try {
        const parsed = new URL(url);
        return /^https?:$/.test(parsed.protocol) ? parsed.origin : '';
    }
    catch {
        return '';
    }
}
function byteLength(text) {
    return Buffer.byteLength(text, 'utf8');
}

;// CONCATENATED MODULE: ./src/siteleaf/file-part.ts
// The multipart body both APIs upload a file with: the part `file` holds the bytes, streamed
// from disk (a Blob backed by the file, so it is never read whole), named by its basename.




/** Made again for each attempt: a retried upload sends the whole file again. */
async function formWithFile(file, fields = {}) {
    let blob;
    try {
        blob = await (0,external_node_fs_.openAsBlob)(file.absolutePath);
    }
    catch (error) {
        throw new LocalFileError(`Could not read theme file ${file.filename}: ${error.message}`);
    }
    const form = new undici.FormData();
    form.append('file', blob, external_node_path_.posix.basename(file.filename));
    for (const [name, value] of Object.entries(fields))
        form.append(name, value);
    return form;
}

;// CONCATENATED MODULE: ./src/siteleaf/api.ts
/** A put that failed for good; `left` says what the site holds of the file now. */
class PutFileError extends Error {
    filename;
    left;
    name = 'PutFileError';
    constructor(filename, message, left, options) {
        super(message, options);
        this.filename = filename;
        this.left = left;
    }
}

;// CONCATENATED MODULE: ./src/siteleaf/v1/asset-writer.ts
// How one theme file replaces its previous copy on a v1 site, under the rule "replacing a file
// never leaves the site without it". v1 has no "replace": a new asset is uploaded beside the
// old, and Siteleaf then does one of three things, which this module tells apart by the answer:
// (a) a new asset id, both kept: delete the old ids; (b) the old id, overwritten in place:
//     delete nothing; (c) a refusal ("Filename has already been taken"): delete the old copy,
//     upload again, and if that upload fails for good (or the run is cancelled), restore the
//     old copy (`PUT /v1/assets/:id/restore`) and say so.
//
// What the site holds is never guessed from a request that may have been carried out without
// its answer arriving (a lost or cut-off answer, a 5xx from a gateway, a cancel in flight):
// - an upload whose answer never came may have landed, twice even; "taken" may be this run's
//   own earlier attempt, or another run's copy of the same commit;
// - two runs of one commit at once may each add a copy of a file.
// So after the uploads, one listing settles every file this run put: the oldest copy with the
// new checksum stays (every run settling the same file picks the same one), the other copies
// with that checksum and the copies this run replaced are deleted, and a file whose answer was
// lost is failed only when the listing lacks it. A copy with another checksum that this run
// did not replace is someone else's: it is left alone.




const REUPLOAD_ATTEMPTS = 3;
const REUPLOAD_PAUSE_MS = 500;
/**
 * How long recovering a file may take, after a cancel: a listing, the restores, a listing, in
 * 7 s at most, within the 10 s a runner gives between its SIGINT and its SIGKILL. Otherwise a
 * retry's worth each.
 */
const AFTER_CANCEL = { listMs: 1_500, restoreMs: 4_000 };
const AFTER_FAILURE = { listMs: 30_000, restoreMs: 60_000 };
class AssetWriter {
    endpoints;
    log;
    reuploadPauseMs;
    /** The first "filename already taken" answer of this run, if any. */
    refusal;
    puts = new Map();
    constructor(endpoints, log, reuploadPauseMs = REUPLOAD_PAUSE_MS) {
        this.endpoints = endpoints;
        this.log = log;
        this.reuploadPauseMs = reuploadPauseMs;
    }
    async put(file, previous, signal) {
        return previous.length === 0
            ? this.uploadNew(file, signal)
            : this.replace(file, previous, signal);
    }
    async uploadNew(file, signal) {
        try {
            return await this.upload(file, [], signal);
        }
        catch (error) {
            // "Taken" for a file the plan thought new (this run's own lost attempt, or another run's
            // upload), or an answer that never came: the listing after the uploads says.
            if (refusesSecondCopy(error) || uncertain(error))
                return this.toConfirm(file, [], error);
            throw error;
        }
    }
    async replace(file, previous, signal) {
        // Once Siteleaf has refused a second copy in this run it will refuse every one: skip the
        // upload that is bound to fail (the site lacks the file for the same moment either way).
        if (this.refusal)
            return this.deleteThenUpload(file, previous, this.refusal, signal);
        let answer;
        try {
            answer = await this.upload(file, previous, signal);
        }
        catch (error) {
            if (refusesSecondCopy(error)) {
                this.refusal ??= error;
                return this.deleteThenUpload(file, previous, error, signal);
            }
            // It may have landed: the listing decides, and deletes the old copies if it did.
            if (uncertain(error))
                return this.toConfirm(file, previous, error);
            throw new PutFileError(file.filename, `Could not upload ${file.filename} (the site keeps its previous version): ${messageOf(error)}`, 'kept', { cause: error });
        }
        // (a) a new asset beside the old ones: delete them all; (b) the answer is one of the old
        // ids, overwritten in place: delete only the others.
        try {
            for (const old of previous)
                if (old.id !== answer.id)
                    await this.deleteIfPresent(old, signal);
        }
        catch (error) {
            throw new PutFileError(file.filename, `Uploaded ${file.filename}, but deleting its previous copy failed (Siteleaf may serve ` +
                `either version until the next run removes the old one): ${messageOf(error)}`, 'kept', { cause: error });
        }
        return answer;
    }
    /**
     * (c) Siteleaf will not hold two assets of one filename: make room, then upload again. From
     * the first DELETE sent until a new copy is confirmed the site may lack this file; if that
     * never comes (a failed upload, a cancel), the old copy is restored.
     */
    async deleteThenUpload(file, previous, refusal, signal) {
        // Copies whose DELETE was sent and may have been carried out: a definite refusal, or a
        // cancel before the request went out, means the copy is still there.
        const deleted = [];
        let uploading = false;
        try {
            for (const old of previous) {
                deleted.push(old);
                try {
                    await this.deleteIfPresent(old, signal);
                }
                catch (error) {
                    if (isDefiniteRefusal(error) || !mayHaveLanded(error))
                        deleted.pop();
                    throw error;
                }
            }
            uploading = true;
            return await this.uploadAfterDelete(file, deleted, signal);
        }
        catch (error) {
            return this.recover(file, deleted, uploading, refusal, error, signal);
        }
    }
    /**
     * The re-upload of case (c). "Taken" again means the name holds a copy: this run's own attempt
     * whose answer was lost, another run's, or the one just deleted (a delete may take a moment
     * to show). One listing tells them apart before anything is called failed.
     */
    async uploadAfterDelete(file, deleted, signal) {
        for (let attempt = 1;; attempt++) {
            try {
                return await this.upload(file, deleted, signal);
            }
            catch (error) {
                if (!refusesSecondCopy(error))
                    throw error;
                const remote = await this.endpoints.list(signal);
                const copy = currentCopies(remote, file)[0];
                if (copy)
                    return this.confirmedByListing(file, deleted, copy);
                const deleting = remote.some(asset => deleted.some(old => old.id === asset.id));
                // Another version holds the name (another run's): uploading again will not help.
                if (!deleting || attempt >= REUPLOAD_ATTEMPTS)
                    throw error;
                await sleep(this.reuploadPauseMs * attempt, signal);
            }
        }
    }
    /**
     * The replace of case (c) failed after the old copy's DELETE went out (or was cancelled):
     * the new copy may have landed all the same, else the old one is restored; only a site that
     * holds neither is said to miss the file. Bounded in time, and done even after a cancel.
     */
    async recover(file, deleted, uploading, refusal, error, signal) {
        const refused = refusal.serverMessage || refusal.message;
        const step = uploading ? 'uploading after deleting the old one' : 'deleting the old one';
        const why = error instanceof CancelledError
            ? `Replacing ${file.filename} was cancelled after its old copy was deleted`
            : `Could not replace ${file.filename}: Siteleaf refused a second copy (${refused}), ` +
                `and ${step} failed: ${messageOf(error)}`;
        if (deleted.length === 0) {
            throw new PutFileError(file.filename, `${why} (the site keeps the old version)`, 'kept', {
                cause: error
            });
        }
        const budget = signal?.aborted ? AFTER_CANCEL : AFTER_FAILURE;
        const listing = () => this.listEvenIfCancelled(AbortSignal.timeout(budget.listMs));
        // 1. A re-upload whose answer never came may have landed.
        if (uploading && mayHaveLanded(error)) {
            const copy = currentCopies((await listing()) ?? [], file)[0];
            if (copy)
                return this.confirmedByListing(file, deleted, copy);
        }
        // 2. Bring the old copy back.
        const restored = await this.restore(deleted, AbortSignal.timeout(budget.restoreMs));
        if (restored) {
            this.log.info(`Restored the previous version of ${file.filename} (asset ${restored.id}).`);
            throw new PutFileError(file.filename, `${why}. Its previous version was restored.`, 'restored', { cause: error });
        }
        // 3. The restore failed: whatever the site holds under this name now, it is not missing.
        const remote = await listing();
        const copy = remote && currentCopies(remote, file)[0];
        if (copy)
            return this.confirmedByListing(file, deleted, copy);
        if (remote?.some(asset => asset.filename === file.filename)) {
            throw new PutFileError(file.filename, `${why}; restoring the previous version failed, but the site holds another version ` +
                `of ${file.filename} (another run's, say).`, 'kept', { cause: error });
        }
        throw new PutFileError(file.filename, `${file.filename} may now be MISSING from the site: ${why}; restoring the previous ` +
            'version failed too.', 'missing', { cause: error });
    }
    /** A listing showed `copy` with the new checksum: the put is done, the listing's copy kept. */
    confirmedByListing(file, previous, copy) {
        this.puts.set(file.filename, { checksum: file.checksum, previous, confirmed: true });
        this.log.debug(`${file.filename}: the site holds the new version (asset ${copy.id}).`);
        return { filename: file.filename };
    }
    /** An upload that may or may not have landed: the listing after the uploads says. */
    toConfirm(file, previous, error) {
        this.puts.set(file.filename, {
            checksum: file.checksum,
            previous,
            confirmed: false,
            unconfirmedBecause: error
        });
        return { filename: file.filename, toConfirm: true };
    }
    /** Brings back the deleted copies; the first one restored, if any (one is enough). */
    async restore(deleted, signal) {
        for (const old of deleted) {
            try {
                await this.endpoints.restore(old.id, signal);
                return old;
            }
            catch (error) {
                this.log.debug(`Restoring asset ${old.id} failed: ${messageOf(error)}`);
            }
        }
        return undefined;
    }
    /** The listing, even after a cancel; undefined when it cannot be had in time. */
    async listEvenIfCancelled(signal) {
        try {
            return await this.endpoints.list(signal, true);
        }
        catch (error) {
            this.log.debug(`Listing the theme assets failed: ${messageOf(error)}`);
            return undefined;
        }
    }
    async upload(file, previous, signal) {
        const answer = await this.endpoints.upload(file, signal);
        // Even with an answer, the listing after the uploads checks for extra copies: an earlier
        // attempt whose answer was lost, or another run of this commit.
        this.puts.set(file.filename, { checksum: file.checksum, previous, confirmed: true });
        return {
            filename: file.filename,
            date: answer.date,
            id: answer.asset.id,
            ...(answer.uncertain ? { toConfirm: true } : {})
        };
    }
    async deleteIfPresent(old, signal) {
        try {
            await this.endpoints.delete(old.id, signal);
        }
        catch (error) {
            // Already gone (another run, or a person) is what a delete wants.
            if (error instanceof SiteleafApiError && error.status === 404)
                return;
            throw error;
        }
    }
    /**
     * After every put, one listing: each file this run put keeps one copy with the new checksum
     * (the oldest, so that every run settling it keeps the same one), and loses its other copies
     * with that checksum and the copies this run replaced. A put whose answer never came fails
     * here only when the site lacks the new version.
     */
    async settle(signal) {
        if (this.puts.size === 0)
            return { failed: [], extraCopiesRemoved: [] };
        const remote = await this.endpoints.list(signal);
        const failed = [];
        const extraCopiesRemoved = [];
        for (const [filename, put] of this.puts) {
            const copies = remote.filter(asset => asset.filename === filename);
            const keep = currentCopies(copies, { filename, checksum: put.checksum })[0];
            if (!keep) {
                // Replaced since by someone else: nothing of this run's to settle.
                if (put.confirmed)
                    continue;
                failed.push(notLanded(filename, put, copies.length === 0));
                continue;
            }
            const replaced = new Set(put.previous.map(old => old.id));
            const extras = copies.filter(asset => asset.id !== keep.id &&
                (sameChecksum(asset.checksum, put.checksum) || replaced.has(asset.id)));
            try {
                for (const extra of extras) {
                    await this.deleteIfPresent(toRemote(extra), signal);
                    extraCopiesRemoved.push(filename);
                }
            }
            catch (error) {
                failed.push(new PutFileError(filename, `Could not delete an extra copy of ${filename}: ${messageOf(error)}`, 'kept', { cause: error }));
                continue;
            }
            if (extras.length)
                this.log.info(`Removed ${extras.length} extra copy of ${filename}`);
        }
        this.puts.clear();
        return { failed, extraCopiesRemoved };
    }
}
/** The failure of a put the listing found no new copy of. */
function notLanded(filename, put, noCopyLeft) {
    const cause = put.unconfirmedBecause;
    const said = refusesSecondCopy(cause)
        ? `Siteleaf refused it as a second copy (${cause.serverMessage || cause.message}), and no copy with its new content is on the site`
        : `${messageOf(cause)}; the site does not hold the new version`;
    const left = put.previous.length > 0 && noCopyLeft ? 'missing' : 'kept';
    return new PutFileError(filename, `Could not upload ${filename}: ${said}`, left, { cause });
}
/** A v1 asset as the flow sees every remote file. */
function toRemote(asset) {
    return {
        filename: asset.filename,
        checksum: typeof asset.checksum === 'string' ? asset.checksum.toLowerCase() : null,
        role: 'file',
        type: 'asset',
        id: asset.id
    };
}
/**
 * Siteleaf refusing a second asset of one filename: a 409, or a 4xx that says so (422
 * `Filename has already been taken`). Any other refusal (a file it finds invalid, too large...)
 * would refuse the re-upload too: deleting the old copy for it would only lose the file.
 */
function refusesSecondCopy(error) {
    if (!(error instanceof SiteleafApiError) || error.status < 400 || error.status > 499) {
        return false;
    }
    return error.status === 409 || /taken|already exists|duplicate/i.test(error.serverMessage);
}
/** A failure after which the request may have been carried out (not a cancel: it stops). */
function uncertain(error) {
    return mayHaveLanded(error) && !(error instanceof CancelledError);
}
/** An answer that says the request was not carried out (not a lost or 5xx one). */
function isDefiniteRefusal(error) {
    return (error instanceof SiteleafApiError &&
        error.status >= 400 &&
        error.status < 500 &&
        !error.afterUncertainAttempt);
}
/** The copies of `file` with its checksum, oldest first (ties: by id), as every run sees them. */
function currentCopies(remote, file) {
    return remote
        .filter(asset => asset.filename === file.filename && sameChecksum(asset.checksum, file.checksum))
        .sort((a, b) => String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')) ||
        String(a.id).localeCompare(String(b.id)));
}
function sameChecksum(remote, local) {
    return typeof remote === 'string' && remote.toLowerCase() === local.toLowerCase();
}

;// CONCATENATED MODULE: ./src/siteleaf/v1/api.ts



class V1Api {
    http;
    version = 'v1';
    checksumKind = 'md5';
    namesIgnoreCase = false;
    uploadsFirst = [];
    filesNoun = 'theme assets';
    jobEventName = 'publish';
    site;
    writer;
    constructor(http, siteId, log) {
        this.http = http;
        this.site = idSegment(siteId, 'site id');
        this.writer = new AssetWriter(new V1AssetEndpoints(http, this.site), log);
    }
    async readSite() {
        const { value } = await this.http.json('Reading the site', 'GET', `/v1/sites/${this.site}.json`);
        return { title: stringOr(value?.title), domain: stringOr(value?.domain) };
    }
    async listFiles(signal) {
        return (await listAssets(this.http, this.site, signal)).map(toRemote);
    }
    putFile(file, previous, signal) {
        return this.writer.put(file, previous, signal);
    }
    async deleteFile(file, signal) {
        await deleteAsset(this.http, file.id, signal);
    }
    settlePuts(signal) {
        return this.writer.settle(signal);
    }
    async publish() {
        const { value } = await this.http.json('Starting the publish', 'POST', `/v1/sites/${this.site}/publish.json`);
        if (!value || typeof value.job_id !== 'string' || !value.job_id) {
            throw new Error('Starting the publish failed: Siteleaf answered without a job_id.');
        }
        // Refused here, before it is printed, set as an output or put in a URL.
        idSegment(value.job_id, 'job id');
        return value.job_id;
    }
    jobStreamPaths(jobId) {
        const id = idSegment(jobId, 'job id');
        return [`/v1/jobs/${id}`, `/api/v1/jobs/${id}`];
    }
    openJobStream(jobPath, signal) {
        return this.http.openStream('Following the publish job', jobPath, signal, [404, 410]);
    }
    /** v1 sites say nothing of past jobs: a 410 stays "job not found". */
    async jobOutcomeOnSite() {
        return undefined;
    }
}
async function listAssets(http, site, signal, ignoreCancel = false) {
    const step = 'Listing the theme assets';
    const { value } = await http.json(step, 'GET', `/v1/sites/${site}/theme/assets.json`, { signal, ignoreCancel });
    if (!Array.isArray(value)) {
        throw new Error(`${step} failed: Siteleaf did not answer with a list.`);
    }
    return value;
}
async function deleteAsset(http, id, signal) {
    await http.request(`Deleting asset ${id}`, 'DELETE', `/v1/assets/${idSegment(id, 'asset id')}.json`, {
        signal
    });
}
/** The requests AssetWriter makes, over HTTP. */
class V1AssetEndpoints {
    http;
    site;
    constructor(http, site) {
        this.http = http;
        this.site = site;
    }
    /** Multipart `file` + `filename`, streamed from disk. Never sends `replace` (it swaps the whole theme). */
    async upload(file, signal) {
        // A POST retried after a lost answer may have created the asset twice: the writer checks.
        let uncertain = false;
        const step = `Uploading ${file.filename}`;
        const answer = await this.http.request(step, 'POST', `/v1/sites/${this.site}/theme/assets.json`, {
            signal,
            onUncertainRetry: () => (uncertain = true),
            body: () => formWithFile(file, { filename: file.filename })
        });
        let asset;
        try {
            asset = JSON.parse(answer.text);
        }
        catch {
            asset = undefined;
        }
        // Which old copies get deleted depends on this id: never guess it.
        if (!asset || typeof asset.id !== 'string' || !asset.id) {
            throw new Error(`${step}: Siteleaf answered without an asset id, so whether the upload replaced the ` +
                'previous copy is unknown (the previous copy was kept).');
        }
        return { asset, date: headerValue(answer.headers.date), uncertain };
    }
    delete(id, signal) {
        return deleteAsset(this.http, id, signal);
    }
    async restore(id, signal) {
        await this.http.request(`Restoring asset ${id}`, 'PUT', `/v1/assets/${idSegment(id, 'asset id')}/restore.json`, { signal, ignoreCancel: true });
    }
    list(signal, evenIfCancelled = false) {
        return listAssets(this.http, this.site, signal, evenIfCancelled);
    }
}
function stringOr(value) {
    return typeof value === 'string' ? value : '';
}

// EXTERNAL MODULE: ./node_modules/http-link-header/lib/link.js
var lib_link = __webpack_require__(495);
var link_default = /*#__PURE__*/__webpack_require__.n(lib_link);
;// CONCATENATED MODULE: ./src/siteleaf/v2/source-listing.ts
// The whole source tree of a v2 site, however Siteleaf pages it. The listing asks for every
// file at once (`recursive=true`, a large `per_page`) and follows `Link: rel="next"` pages; a
// server that ignores `recursive` answers with `directory` entries and nothing below them, and
// each such directory is then listed the same way, so the plan always sees every remote file.


/** As many entries per page as the API will give: one page for any theme in practice. */
const PER_PAGE = 9999;
/** `source/<dir>` with each segment percent-encoded (`#`, `?`, `%`, `+`, spaces, Unicode). */
function sourcePath(site, name) {
    const encoded = name
        .split('/')
        .map(segment => encodeURIComponent(segment))
        .join('/');
    return `/v2/sites/${site}/source${encoded ? `/${encoded}` : ''}`;
}
/** The `rel="next"` URL of a Link header, if any. */
function nextPageUrl(link) {
    if (!link)
        return undefined;
    try {
        return link_default().parse(link).rel('next')[0]?.uri;
    }
    catch {
        return undefined;
    }
}
/**
 * Directories the listing named but did not list the inside of: no other entry lies below
 * them. (An empty directory is listed once more and found empty: no harm.)
 */
function unlistedDirectories(entries, alreadyListed) {
    const directories = entries.filter(entry => entry.type === 'directory').map(e => e.name);
    const prefixes = new Set();
    for (const entry of entries) {
        const parts = entry.name.split('/');
        for (let depth = 1; depth < parts.length; depth++) {
            prefixes.add(parts.slice(0, depth).join('/').toLowerCase());
        }
    }
    return directories.filter(name => !prefixes.has(name.toLowerCase()) && !alreadyListed.has(name.toLowerCase()));
}
async function listSourceTree(http, site, signal) {
    const listed = new Set();
    const byName = new Map();
    const add = (entries) => {
        // Pages that overlap while the tree changes must not list one file twice.
        for (const entry of entries)
            byName.set(entry.name, entry);
    };
    add(await listPages(http, sourcePath(site, ''), 'Listing the source files', signal));
    listed.add('');
    for (;;) {
        const pending = unlistedDirectories([...byName.values()], listed);
        if (pending.length === 0)
            break;
        for (const dir of pending) {
            listed.add(dir.toLowerCase());
            add(await listPages(http, sourcePath(site, dir), `Listing the source files in ${dir}`, signal));
        }
    }
    return [...byName.values()];
}
async function listPages(http, path, step, signal) {
    const entries = [];
    const seen = new Set();
    let url = `${path}?recursive=true&per_page=${PER_PAGE}`;
    while (url) {
        const answer = await http.request(step, 'GET', url, { signal });
        const page = parseJson(answer, step);
        if (!Array.isArray(page)) {
            throw new Error(`${step} failed: Siteleaf did not answer with a list.`);
        }
        for (const entry of page) {
            if (isEntry(entry))
                entries.push(entry);
        }
        seen.add(answer.url);
        const next = nextPageUrl(headerValue(answer.headers.link));
        // Resolved against the page that named it; a page naming one already read ends the walk.
        url = next === undefined ? undefined : new URL(next, answer.url).href;
        if (url !== undefined && seen.has(url))
            url = undefined;
    }
    return entries;
}
function isEntry(value) {
    return (typeof value === 'object' &&
        value !== null &&
        typeof value.name === 'string' &&
        value.name !== '');
}

;// CONCATENATED MODULE: ./src/siteleaf/v2/api.ts




class V2Api {
    http;
    log;
    version = 'v2';
    checksumKind = 'git-blob-sha1';
    namesIgnoreCase = true;
    /** Siteleaf reads `_config.yml` to tell pages, documents and files apart. */
    uploadsFirst = ['_config.yml'];
    filesNoun = 'source files';
    jobEventName = 'status';
    site;
    /** The site as API detection read it, so the flow's first read costs no request. */
    known;
    constructor(http, siteId, log, known) {
        this.http = http;
        this.log = log;
        this.site = idSegment(siteId, 'site id');
        this.known = known;
    }
    async readSite() {
        const site = this.known ?? (await this.fetchSite('Reading the site'));
        this.known = undefined;
        if (site?.version === 'v1') {
            // The v2 API describes v1 sites but does not serve them.
            throw new SiteleafApiError('Reading the site', 404, "the site runs on Siteleaf's v1 API");
        }
        return {
            title: typeof site.title === 'string' ? site.title : '',
            domain: typeof site.domain === 'string' ? site.domain : '',
            ...(typeof site.jobs?.sync?.id === 'string' && site.jobs.sync.id
                ? { runningSyncJob: site.jobs.sync.id }
                : {})
        };
    }
    async listFiles(signal) {
        const entries = await listSourceTree(this.http, this.site, signal);
        return entries.filter(entry => entry.type !== 'directory').map(api_toRemote);
    }
    /** PUT replaces in place: there is never a moment without the file, and nothing to delete. */
    async putFile(file, _previous, signal) {
        const step = `Uploading ${file.filename}`;
        const answer = await this.http.request(step, 'PUT', sourcePath(this.site, file.filename), {
            signal,
            body: () => formWithFile(file)
        });
        const entry = parseJson(answer, step);
        const stored = typeof entry?.name === 'string' && entry.name ? entry.name : file.filename;
        if (stored !== file.filename) {
            this.log.warning(`Siteleaf stored ${file.filename} as ${stored}. Rename the local file to ${stored} ` +
                'so that the next run finds it unchanged.', { title: 'Renamed by Siteleaf' });
        }
        return { filename: stored, date: headerValue(answer.headers.date) };
    }
    async deleteFile(file, signal) {
        await this.http.request(`Deleting ${file.filename}`, 'DELETE', sourcePath(this.site, file.filename), { signal });
    }
    /** A PUT retried after a lost answer only puts the same bytes again: nothing to settle. */
    async settlePuts() {
        return { failed: [], extraCopiesRemoved: [] };
    }
    async publish() {
        const { value } = await this.http.json('Starting the publish', 'POST', `/v2/sites/${this.site}/publish`, { body: () => '{}' });
        if (!value || typeof value.job_id !== 'string' || !value.job_id) {
            throw new Error('Starting the publish failed: Siteleaf answered without a job_id.');
        }
        return value.job_id;
    }
    jobStreamPaths(jobId) {
        return [`/v2/jobs/${idSegment(jobId, 'job id')}`];
    }
    openJobStream(jobPath, signal) {
        return this.http.openStream('Following the job', jobPath, signal, [404, 410]);
    }
    /**
     * A gone job's end, as the site remembers it: `jobs.<kind>.last_id` is this job, and
     * `last_error` says whether it failed. Anything else cannot be told.
     */
    async jobOutcomeOnSite(jobId, kind) {
        const site = await this.fetchSite(`Asking the site how ${kind} job ${jobId} ended`);
        const state = site.jobs?.[kind];
        if (!state || state.last_id !== jobId || state.id === jobId)
            return undefined;
        if (state.last_error === null || state.last_error === undefined)
            return { status: 'complete' };
        return { status: 'failed', message: String(state.last_error) };
    }
    async fetchSite(step) {
        const { value } = await this.http.json(step, 'GET', `/v2/sites/${this.site}`);
        return value;
    }
}
/** What a source entry is to the flow: theme files are the repository's, content is editors'. */
function api_toRemote(entry) {
    return {
        filename: entry.name,
        checksum: typeof entry.sha === 'string' && entry.sha ? entry.sha.toLowerCase() : null,
        role: roleOf(entry.type),
        type: entry.type
    };
}
function roleOf(type) {
    if (type === 'file')
        return 'file';
    if (type === 'site')
        return 'config';
    // `page`, `document`, and any type this action does not know: someone edits it in Siteleaf.
    return 'content';
}

;// CONCATENATED MODULE: ./src/siteleaf/choose-api.ts




async function chooseApi(http, choice, siteId, log) {
    if (choice !== 'auto') {
        const api = choice === 'v1' ? new V1Api(http, siteId, log) : new V2Api(http, siteId, log);
        const site = await readSiteOf(api, siteId, choice);
        return { api, site, detected: false };
    }
    const step = 'Reading the site';
    const answer = await http.request(step, 'GET', `/v2/sites/${idSegment(siteId, 'site id')}`, {
        passStatuses: [404]
    });
    if (answer.statusCode !== 404) {
        const site = parseJson(answer, step);
        if (site?.version !== 'v1') {
            const api = new V2Api(http, siteId, log, site);
            return { api, site: await api.readSite(), detected: true };
        }
    }
    log.debug(`The v2 API does not serve site ${siteId}; asking the v1 API.`);
    const api = new V1Api(http, siteId, log);
    try {
        return { api, site: await api.readSite(), detected: true };
    }
    catch (error) {
        if (error instanceof SiteleafApiError && error.status === 404) {
            throw new SiteleafApiError('Reading the site', 404, `neither Siteleaf's v2 nor its v1 API knows site ${siteId}`, error.attempts);
        }
        throw error;
    }
}
/** A 404 under a version the input chose: the site may run on the other API. */
async function readSiteOf(api, siteId, version) {
    try {
        return await api.readSite();
    }
    catch (error) {
        if (error instanceof SiteleafApiError && error.status === 404) {
            const other = version === 'v1' ? 'v2' : 'v1';
            throw new SiteleafApiError('Reading the site', 404, `Siteleaf's ${version} API does not know site ${siteId}; check site-id, or the site ` +
                `may run on the ${other} API (api-version: ${other}, or auto to let the action ask)`, error.attempts);
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/siteleaf/request-pacer.ts
// Keeps this run under Siteleaf's request budget (500 requests per 5 minutes per client),
// so a large first sync slows down instead of being refused with 403s.

const SITELEAF_RATE_LIMIT = { limit: 480, windowMs: 5 * 60_000 };
/**
 * A request holds one of `limit` slots from its start until its answer, and the slot is free
 * again `windowMs` after that answer. The server counts a request somewhere between the two,
 * so counting from the answer means two requests in one slot never share the server's window,
 * whatever the latency, jitter or upload time. (Counting from the start let a burst of
 * `concurrency` requests arrive inside the window the previous burst was still in.)
 */
class RequestPacer {
    options;
    hooks;
    now;
    pause;
    // When the request in each slot was answered (pending while it is in flight), a ring buffer
    // oldest first: memory stays flat however many requests a run makes.
    slots = [];
    next = 0;
    queue = Promise.resolve();
    constructor(options, hooks = {}, now = Date.now, pause = sleep) {
        this.options = options;
        this.hooks = hooks;
        this.now = now;
        this.pause = pause;
    }
    /** Resolves when one more request may start, with the function to call once it is answered. */
    acquire(signal) {
        const asked = this.now();
        const turn = this.queue
            .then(() => this.take(signal))
            .then(release => {
            this.hooks.onWaited?.(this.now() - asked);
            return release;
        });
        // Callers are served in order; a cancelled waiter must not block the ones behind it.
        this.queue = turn.catch(() => { });
        return turn;
    }
    async take(signal) {
        if (this.slots.length === this.options.limit) {
            const answeredAt = await untilAborted(this.slots[this.next], signal);
            const waitMs = answeredAt + this.options.windowMs - this.now();
            if (waitMs > 0) {
                this.hooks.onPause?.(waitMs);
                await this.pause(waitMs, signal);
            }
        }
        let release = () => { };
        const answered = new Promise(resolve => (release = () => resolve(this.now())));
        if (this.slots.length < this.options.limit)
            this.slots.push(answered);
        else
            this.slots[this.next] = answered;
        this.next = (this.next + 1) % this.options.limit;
        return release;
    }
}
function untilAborted(promise, signal) {
    if (!signal)
        return promise;
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then(value => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
        }, error => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
        });
    });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/theme/checksum.ts
// Checksums of theme files, lowercase hex, in the kind the site's API compares (ChecksumKind):
// - `md5`: v1's asset `checksum`, what `md5sum` prints;
// - `git-blob-sha1`: v2's source `sha`, git's blob id, what `git hash-object FILE` prints: SHA-1
//   over `blob <size>\0` then the bytes. The header needs the size before the first byte, so it
//   comes from `fstat` on the descriptor being read (not the listing's stat, which may be stale),
//   and the bytes read must add up to it: a file that changed size while it was read fails with
//   an error naming it, rather than give an id that matches neither its old bytes nor its new.
//
// Files are read in chunks into reused buffers, never whole. Speed is what coreutils sets (the
// benchmark asks for at least 80% of the throughput of `md5sum` for MD5, of `sha1sum` for
// SHA-1), and three costs stand in the way of matching it from Node, each measured on a
// 1,500-file theme:
// - every asynchronous fs call is a round trip through libuv's thread pool: open + read + read
//   + close per file dominates for the small files themes are made of. Synchronous reads cost
//   one system call each, like md5sum's, and hash small files at md5sum's speed;
// - a message to a worker thread and back costs about 0.1 ms, as much as hashing a 50 kB file,
//   so workers get files in batches of several MiB, never one by one;
// - starting a worker takes about 35 ms, longer than a small theme takes to hash.
// So this thread starts hashing at once (synchronous reads, yielding to the event loop between
// batches so the asset list request and a cancel still get through), and when the job is large
// enough, worker threads join it, taking batches from the same queue: never slower than one
// thread, faster wherever the runner has a spare core. A large file is read asynchronously
// when this thread gets it, so the event loop never stalls on it.





/** Synchronous reads: one buffer per thread. */
const SYNC_CHUNK_BYTES = 1024 * 1024;
/** checksumOfFile's two buffers: larger chunks mean fewer thread-pool round trips. */
const ASYNC_CHUNK_BYTES = 2 * 1024 * 1024;
/** A batch closes at this many bytes or files: long enough to dwarf a message's cost. */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_FILES = 64;
/** Larger files are read asynchronously in this thread, each batch of its own. */
const LARGE_FILE_BYTES = 8 * 1024 * 1024;
/**
 * Below both, the whole job takes less time than starting a worker. SHA-1 hashes about twice as
 * fast as MD5 (1.4-1.5 GB/s against 0.65-0.7 GB/s on one core of the bench machine, whose CPU
 * has SHA extensions; OpenSSL's SHA-1 is not slower than its MD5 without them), so its job must
 * hold about twice the bytes before a worker pays for its start: with MD5's threshold, a 30 MB
 * SHA-1 job took 1.9 to 2.5 times longer with a worker than without. Files cost the same system
 * calls whatever the hash.
 */
const WORKER_MIN_BYTES = {
    md5: 16 * 1024 * 1024,
    'git-blob-sha1': 32 * 1024 * 1024
};
const WORKER_MIN_FILES = 400;
/**
 * Batches handed to each worker ahead: the answer to one may wait while this thread hashes,
 * and the worker goes on with the next meanwhile.
 */
const BATCHES_AHEAD_PER_WORKER = 2;
/**
 * A file's checksum of the given kind, lowercase hex, read in chunks with asynchronous reads
 * (the event loop stays free however large the file). Two buffers take turns: the next chunk is
 * read in the thread pool while this one is hashed, so a large file goes at the speed of the hash
 * alone. Rejects when the file cannot be read, when its size changed while it was read
 * (`git-blob-sha1`), or with the abort reason once `signal` aborts.
 */
async function checksumOfFile(path, kind, signal) {
    assertChecksumKind(kind);
    signal?.throwIfAborted();
    const hash = (0,external_node_crypto_.createHash)(ALGORITHM[kind]);
    let current = Buffer.allocUnsafe(ASYNC_CHUNK_BYTES);
    let spare = Buffer.allocUnsafe(ASYNC_CHUNK_BYTES);
    const handle = await (0,promises_.open)(path, 'r');
    let position = 0;
    let pending = handle.read(current, 0, current.length, position);
    try {
        // git's header: the size of the file as opened (its stat runs beside the first read).
        const expectedSize = kind === 'git-blob-sha1' ? (await handle.stat()).size : undefined;
        if (expectedSize !== undefined)
            hash.update(gitBlobHeader(expectedSize));
        for (;;) {
            const { bytesRead } = await pending;
            if (bytesRead === 0)
                break;
            position += bytesRead;
            signal?.throwIfAborted();
            const filled = current;
            pending = handle.read(spare, 0, spare.length, position);
            hash.update(filled.subarray(0, bytesRead));
            current = spare;
            spare = filled;
        }
        if (expectedSize !== undefined && position !== expectedSize) {
            throw sizeChanged(path, expectedSize, position);
        }
    }
    finally {
        // Never close the file under a read still in flight (after an abort or a failed read).
        await pending.catch(() => undefined);
        await handle.close();
    }
    return hash.digest('hex');
}
/**
 * Adds each file's checksum of the given kind, results in input order. Up to `concurrency`
 * threads hash at once (capped by the CPU count: hashing is CPU-bound). Rejects on the first
 * file it cannot read (or, for `git-blob-sha1`, that changed size while it was read) with an
 * error naming it, or with the abort reason once `signal` aborts.
 */
async function checksumThemeFiles(files, kind, concurrency, signal, 
/** Told how many files are hashed so far, as each batch lands. */
onProgress) {
    assertChecksumKind(kind);
    signal?.throwIfAborted();
    const batches = batchesOf(files);
    const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
    const threads = Math.min(Math.max(1, Math.floor(concurrency)), (0,external_node_os_.availableParallelism)());
    const worthWorkers = totalBytes >= WORKER_MIN_BYTES[kind] || files.length >= WORKER_MIN_FILES;
    const workerCount = worthWorkers ? Math.min(threads - 1, batches.length - 1) : 0;
    const checksums = await new HashingJob(files, kind, batches, signal, onProgress).run(workerCount);
    return files.map((file, index) => ({ ...file, checksum: checksums[index] }));
}
function batchesOf(files) {
    const batches = [];
    let batch = [];
    let bytes = 0;
    const close = () => {
        if (batch.length > 0)
            batches.push(batch);
        batch = [];
        bytes = 0;
    };
    files.forEach((file, index) => {
        if (file.size >= LARGE_FILE_BYTES) {
            close();
            batches.push([index]);
            return;
        }
        batch.push(index);
        bytes += file.size;
        if (bytes >= BATCH_BYTES || batch.length >= BATCH_FILES)
            close();
    });
    close();
    return batches;
}
/**
 * The worker's source, inline so the bundle (ncc) needs no second file. It runs as a CommonJS
 * script (`eval: true`) and so cannot call this module's functions: its two loops are
 * md5OfFileSync's and gitBlobSha1OfFileSync's, written twice on purpose (as is the size-change
 * message), and the tests hold both copies to the same answers. Each message names the kind.
 * Exported for its tests.
 */
const CHECKSUM_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${SYNC_CHUNK_BYTES});
function md5Of(path) {
  const hash = createHash('md5');
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
function gitBlobSha1Of(path) {
  const fd = openSync(path, 'r');
  try {
    const expectedSize = fstatSync(fd).size;
    const hash = createHash('sha1').update('blob ' + expectedSize + '\\0');
    let size = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      hash.update(buffer.subarray(0, bytesRead));
    }
    if (size !== expectedSize) {
      throw new Error(
        path + ' changed size while it was read (' + expectedSize + ' bytes when opened, ' +
          size + ' read)'
      );
    }
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}
parentPort.on('message', ({ batch, paths, kind }) => {
  const checksumOf =
    kind === 'md5' ? md5Of : kind === 'git-blob-sha1' ? gitBlobSha1Of : undefined;
  if (checksumOf === undefined) throw new Error('Unknown checksum kind: ' + String(kind));
  const checksums = [];
  for (const [position, path] of paths.entries()) {
    try {
      checksums.push(checksumOf(path));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      parentPort.postMessage({ batch, failedAt: position, error: message });
      return;
    }
  }
  parentPort.postMessage({ batch, checksums });
});
`;
/** One run of checksumThemeFiles: a queue of batches, this thread and workers taking from it. */
class HashingJob {
    files;
    kind;
    batches;
    signal;
    onProgress;
    checksums;
    next = 0;
    batchesDone = 0;
    filesDone = 0;
    workers = [];
    failure;
    /** Stops this thread's asynchronous reads once the job has failed or was cancelled. */
    stop = new AbortController();
    settle;
    buffer = Buffer.allocUnsafe(SYNC_CHUNK_BYTES);
    constructor(files, kind, batches, signal, onProgress) {
        this.files = files;
        this.kind = kind;
        this.batches = batches;
        this.signal = signal;
        this.onProgress = onProgress;
        this.checksums = new Array(files.length);
    }
    async run(workerCount) {
        const allDone = new Promise((resolve, reject) => {
            this.settle = { resolve, reject };
        });
        const onAbort = () => this.fail(this.signal?.reason);
        this.signal?.addEventListener('abort', onAbort, { once: true });
        try {
            for (let w = 0; w < workerCount; w++)
                this.startWorker();
            this.checkDone();
            await Promise.all([this.hashHere(), allDone]);
        }
        finally {
            this.signal?.removeEventListener('abort', onAbort);
            for (const worker of this.workers)
                void worker.terminate();
        }
        return this.checksums;
    }
    /** This thread's share: batches from the queue until it is empty. */
    async hashHere() {
        while (!this.failure && this.next < this.batches.length) {
            const batchIndex = this.next++;
            const batch = this.batches[batchIndex];
            for (const index of batch) {
                const file = this.files[index];
                try {
                    this.checksums[index] =
                        file.size >= LARGE_FILE_BYTES
                            ? await checksumOfFile(file.absolutePath, this.kind, this.stop.signal)
                            : this.kind === 'md5'
                                ? md5OfFileSync(file.absolutePath, this.buffer)
                                : gitBlobSha1OfFileSync(file.absolutePath, this.buffer);
                }
                catch (error) {
                    if (this.failure)
                        return;
                    return this.fail(unreadable(file, error instanceof Error ? error.message : String(error)));
                }
            }
            this.batchDone(batch);
            // Let the event loop run (the asset list request, a cancel, workers' answers).
            await new Promise(resolve => setImmediate(resolve));
        }
    }
    startWorker() {
        const worker = new external_node_worker_threads_.Worker(CHECKSUM_WORKER_SOURCE, { eval: true });
        this.workers.push(worker);
        worker.on('message', (answer) => {
            if (this.failure)
                return;
            const batch = this.batches[answer.batch];
            if ('error' in answer) {
                const file = this.files[batch[answer.failedAt]];
                return this.fail(unreadable(file, answer.error));
            }
            answer.checksums.forEach((checksum, position) => {
                this.checksums[batch[position]] = checksum;
            });
            this.batchDone(batch);
            this.feed(worker);
        });
        worker.on('error', error => this.fail(error));
        worker.on('exit', code => {
            if (!this.failure && this.batchesDone < this.batches.length) {
                this.fail(new Error(`A checksum worker stopped unexpectedly (exit code ${code})`));
            }
        });
        for (let ahead = 0; ahead < BATCHES_AHEAD_PER_WORKER; ahead++)
            this.feed(worker);
    }
    feed(worker) {
        if (this.failure || this.next >= this.batches.length)
            return;
        const batchIndex = this.next++;
        const batch = this.batches[batchIndex];
        const paths = batch.map(index => this.files[index].absolutePath);
        worker.postMessage({ batch: batchIndex, paths, kind: this.kind });
    }
    batchDone(batch) {
        this.batchesDone++;
        this.filesDone += batch.length;
        this.onProgress?.(this.filesDone, this.files.length);
        this.checkDone();
    }
    checkDone() {
        if (this.batchesDone === this.batches.length)
            this.settle?.resolve();
    }
    fail(error) {
        if (this.failure)
            return;
        this.failure = { error };
        this.stop.abort(error);
        this.settle?.reject(error);
    }
}
/** The workers' MD5 loop, for one file in this thread. */
function md5OfFileSync(path, buffer) {
    const hash = (0,external_node_crypto_.createHash)('md5');
    const fd = (0,external_node_fs_.openSync)(path, 'r');
    try {
        for (;;) {
            const bytesRead = (0,external_node_fs_.readSync)(fd, buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            hash.update(buffer.subarray(0, bytesRead));
        }
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    return hash.digest('hex');
}
/** The workers' git blob loop, for one file in this thread: one `fstat` more than MD5's. */
function gitBlobSha1OfFileSync(path, buffer) {
    const fd = (0,external_node_fs_.openSync)(path, 'r');
    try {
        const expectedSize = (0,external_node_fs_.fstatSync)(fd).size;
        const hash = (0,external_node_crypto_.createHash)('sha1').update(gitBlobHeader(expectedSize));
        let size = 0;
        for (;;) {
            const bytesRead = (0,external_node_fs_.readSync)(fd, buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            size += bytesRead;
            hash.update(buffer.subarray(0, bytesRead));
        }
        if (size !== expectedSize)
            throw sizeChanged(path, expectedSize, size);
        return hash.digest('hex');
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
const ALGORITHM = {
    md5: 'md5',
    'git-blob-sha1': 'sha1'
};
/**
 * Callers are typed, but a JavaScript caller of the old signature (concurrency second) would
 * otherwise get git blob ids where it wanted MD5s.
 */
function assertChecksumKind(kind) {
    if (!Object.hasOwn(ALGORITHM, kind)) {
        throw new TypeError(`Unknown checksum kind: ${String(kind)}`);
    }
}
/** What git hashes before a blob's bytes: `blob`, the size in decimal, a NUL. */
function gitBlobHeader(size) {
    return `blob ${size}\0`;
}
/** The same words as the worker's. */
function sizeChanged(path, expectedSize, size) {
    return new Error(`${path} changed size while it was read (${expectedSize} bytes when opened, ${size} read)`);
}
function unreadable(file, reason) {
    return new Error(`Could not read theme file ${file.filename}: ${reason}`);
}

;// CONCATENATED MODULE: ./src/theme/filenames.ts
// Theme filenames are POSIX paths relative to theme-dir (`assets/css/site.css`), the same
// strings Siteleaf stores as an asset's `filename`.
/**
 * Orders filenames by UTF-16 code units: the same order on every machine and locale, so plans,
 * logs and outputs are reproducible (`localeCompare` would depend on the runner's ICU data).
 */
function compareFilenames(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Sorts a copy of `items` by the filename `key` gives. */
function sortByFilename(items, key) {
    return [...items].sort((a, b) => compareFilenames(key(a), key(b)));
}

// EXTERNAL MODULE: ./node_modules/ignore/index.js
var ignore = __webpack_require__(298);
var ignore_default = /*#__PURE__*/__webpack_require__.n(ignore);
;// CONCATENATED MODULE: ./src/theme/ignore-rules.ts
// Which files of theme-dir belong to the theme, whatever the `files` patterns say.
//
// Always excluded (no `.siteleafignore` rule can bring them back):
// - any path with a segment starting with `.`: dotfiles and dot-folders at any depth
//   (`.git/`, `.DS_Store`, `assets/.sass-cache/`, `.siteleafignore` itself);
// - any `node_modules` segment at any depth;
// - `config.ru` at any depth. The official gem matches every ignore rule against the basename
//   too, so it skips `config.ru` wherever it is; doing the same means switching from the gem to
//   this action never starts uploading files the gem never did.
//
// Then `.siteleafignore` with full `.gitignore` semantics (the `ignore` package): bare names
// match at any depth (`node_modules`, `bower_components`, `Gemfile`), `/build` only at the
// root, `docs/` only directories, `*.scss`, negations (`!keep.scss`), comments, escaped and
// trailing spaces, CRLF line ends. Matching ignores case, as the gem's `FNM_CASEFOLD` did.
//
// The gem's own matcher (`File.fnmatch?` on the path and on the basename, without
// FNM_PATHNAME) has traps this file does not copy: a bare directory name such as
// `node_modules` or `bower_components` never matched the files inside it, `.*` never matched
// a dot-folder below the root (`assets/.sass-cache/x.css` was uploaded), and `!` or `#` lines
// were literal patterns.

function createThemeRules(siteleafignore) {
    const userRules = ignore_default()().add(stripByteOrderMark(siteleafignore ?? ''));
    return {
        includesFile(filename) {
            const segments = segmentsOf(filename);
            if (segments === undefined || segments.some(isAlwaysExcludedSegment))
                return false;
            if (segments[segments.length - 1] === 'config.ru')
                return false;
            return !userRules.ignores(segments.join('/'));
        },
        includesDirectory(dirname) {
            const segments = segmentsOf(dirname);
            if (segments === undefined || segments.some(isAlwaysExcludedSegment))
                return false;
            // The trailing slash tells `ignore` this is a directory, so `docs/` rules apply.
            return !userRules.ignores(`${segments.join('/')}/`);
        }
    };
}
function isAlwaysExcludedSegment(segment) {
    return segment.startsWith('.') || segment === 'node_modules';
}
/**
 * The segments of a relative POSIX path, or undefined for a path that is not one
 * (empty, absolute, or with empty segments): such a path can never name a theme file.
 */
function segmentsOf(path) {
    const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
    const segments = trimmed.split('/');
    return segments.every(segment => segment !== '') ? segments : undefined;
}
function stripByteOrderMark(text) {
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

;// CONCATENATED MODULE: ./src/theme/files.ts
// Lists the files of theme-dir that make up the theme: the `files` patterns (patterns.ts) minus
// what is always excluded and what `.siteleafignore` lists (ignore-rules.ts), and minus what any
// rules the caller adds leave out (v2: Jekyll's exclusions, jekyll.ts).
//
// The walk is our own rather than `@actions/glob`'s, for three reasons that matter here:
// - it never enters an excluded folder: with `theme-dir: .` (the default) the repository's
//   `.git/` and `node_modules/` are skipped whole instead of being walked and stat'ed file by
//   file (@actions/glob's `!` patterns filter results but never prune the walk);
// - it never follows a symbolic link out of theme-dir, not even to list a folder: a link to a
//   large or looping tree outside cannot stall the step;
// - a link it skips (leading outside, broken, looping) gets one warning naming the link, where
//   @actions/glob drops broken links silently and reports every file below a followed one.
//
// The walk uses synchronous fs calls, yielding to the event loop every few folders: nothing
// else runs while the theme is listed, and one system call per entry instead of a thread-pool
// round trip makes listing a 1,500-file theme several times faster (about 8 ms against 35).
//
// Symbolic links that stay inside theme-dir are followed: the theme filename is the link's
// path, the bytes are the target's. Every `absolutePath` returned is a real path (no symbolic
// link left in it) inside the real theme-dir, so nothing outside can be read through it later.
//
// A name that holds a line break (CR or LF) is skipped with a warning that shows it escaped:
// multipart cannot carry it exactly (a form field's line breaks are sent as CRLF), so the site
// would store another name and every run would upload the file again.






/**
 * The theme files the patterns select, sorted by filename. Returns [] when nothing matches
 * (telling the user so is the caller's job). Throws `ThemePatternError` for a pattern that
 * points outside theme-dir, and on any error reading theme-dir itself: a folder silently left
 * out could make `prune` delete its files from the site.
 */
async function listThemeFiles(opts) {
    return (await selectThemeFiles(opts)).files;
}
/** {@link listThemeFiles}, with the rules it used, so pruning judges by the same ones. */
async function selectThemeFiles(opts) {
    const patterns = compileThemePatterns(opts.patterns);
    const ignoreRules = createThemeRules(await readSiteleafIgnore(opts.themeDir));
    const rules = opts.extraRules ? allOf(ignoreRules, opts.extraRules) : ignoreRules;
    const root = await (0,promises_.realpath)(opts.themeDir);
    const label = opts.themeDirLabel ?? defaultThemeDirLabel(opts.themeDir);
    const skipped = [];
    const walk = new ThemeWalk(root, rules, patterns, (filename, reason) => {
        skipped.push(filename);
        const shown = escapeControls(label === '.' ? filename : `${label}/${filename}`);
        opts.onWarning(`Skipping ${shown}: ${reason}`, filename);
    });
    await walk.run({ realPath: root, filename: '', ancestors: [root] });
    return {
        files: sortByFilename(walk.found, file => file.filename),
        manages: filename => rules.includesFile(filename) &&
            patterns.matchesFile(filename) &&
            !skipped.some(s => filename === s || filename.startsWith(`${s}/`))
    };
}
/**
 * A selection narrowed by more rules after the walk (v2's Jekyll rules, once `auto` has found
 * the site runs on v2): the files they leave out are dropped, and they are not managed.
 */
function narrowSelection(selection, rules) {
    return {
        files: selection.files.filter(file => rules.includesFile(file.filename)),
        manages: filename => selection.manages(filename) && rules.includesFile(filename)
    };
}
/** Rules that keep only what every one of them keeps. */
function allOf(...rules) {
    return {
        includesFile: filename => rules.every(rule => rule.includesFile(filename)),
        includesDirectory: dirname => rules.every(rule => rule.includesDirectory(dirname))
    };
}
/** The text of `themeDir/.siteleafignore`, or undefined when there is none. */
async function readSiteleafIgnore(themeDir) {
    try {
        return await (0,promises_.readFile)(external_node_path_default().join(themeDir, '.siteleafignore'), 'utf8');
    }
    catch (error) {
        if (files_errorCode(error) === 'ENOENT')
            return undefined;
        throw new Error(`Could not read ${external_node_path_default().join(themeDir, '.siteleafignore')}: ${errorText(error)}`);
    }
}
/** Folders listed between two turns of the event loop, so timers and signals still run. */
const FOLDERS_PER_TURN = 64;
class ThemeWalk {
    root;
    rules;
    patterns;
    skip;
    found = [];
    pending = [];
    constructor(root, rules, patterns, skip) {
        this.root = root;
        this.rules = rules;
        this.patterns = patterns;
        this.skip = skip;
    }
    async run(start) {
        this.pending.push(start);
        let listed = 0;
        for (let folder = this.pending.pop(); folder; folder = this.pending.pop()) {
            this.folder(folder);
            if (++listed % FOLDERS_PER_TURN === 0)
                await new Promise(resolve => setImmediate(resolve));
        }
    }
    folder(folder) {
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(folder.realPath, { withFileTypes: true });
        }
        catch (error) {
            throw new Error(`Could not list ${folder.realPath}: ${errorText(error)}`);
        }
        for (const entry of entries)
            this.entry(folder, entry);
    }
    entry(folder, entry) {
        const filename = folder.filename ? `${folder.filename}/${entry.name}` : entry.name;
        const realPath = external_node_path_default().join(folder.realPath, entry.name);
        if (/[\r\n]/.test(entry.name)) {
            if (!this.wantsFile(filename) && !this.wantsFolder(filename))
                return;
            return this.skip(filename, 'its name holds a line break, which an upload cannot carry exactly; rename it');
        }
        if (entry.isSymbolicLink())
            return this.link(folder, filename, realPath);
        if (entry.isDirectory()) {
            if (!this.wantsFolder(filename))
                return;
            this.pending.push({ realPath, filename, ancestors: [...folder.ancestors, realPath] });
            return;
        }
        if (!this.wantsFile(filename))
            return;
        if (!entry.isFile())
            return this.skip(filename, 'it is not a regular file');
        this.found.push({ filename, absolutePath: realPath, size: statOf(realPath).size });
    }
    link(folder, filename, linkPath) {
        let target;
        try {
            target = (0,external_node_fs_.realpathSync)(linkPath);
        }
        catch (error) {
            if (!this.wantsFile(filename) && !this.wantsFolder(filename))
                return;
            const code = files_errorCode(error);
            return this.skip(filename, code === 'ENOENT'
                ? 'it is a broken symbolic link (its target does not exist)'
                : code === 'ELOOP'
                    ? 'it is a symbolic link that loops back on itself'
                    : `its symbolic link cannot be resolved (${errorText(error)})`);
        }
        // Only stat the target, never open it, until it is known to be inside theme-dir.
        let targetStats;
        try {
            targetStats = (0,external_node_fs_.statSync)(target);
        }
        catch {
            targetStats = undefined;
        }
        const isFolder = targetStats?.isDirectory() ?? false;
        if (!(isFolder ? this.wantsFolder(filename) : this.wantsFile(filename)))
            return;
        if (!isInside(this.root, target)) {
            return this.skip(filename, 'it is a symbolic link to a path outside theme-dir');
        }
        if (targetStats === undefined) {
            // Vanished between realpath and stat: the walk cannot vouch for it either way.
            throw new Error(`Could not read ${linkPath}: its target disappeared while listing theme-dir`);
        }
        if (isFolder) {
            if (folder.ancestors.includes(target)) {
                return this.skip(filename, 'it is a symbolic link to a folder that contains it (a loop)');
            }
            this.pending.push({ realPath: target, filename, ancestors: [...folder.ancestors, target] });
            return;
        }
        if (!targetStats.isFile())
            return this.skip(filename, 'it is not a regular file');
        this.found.push({ filename, absolutePath: target, size: targetStats.size });
    }
    wantsFile(filename) {
        return this.rules.includesFile(filename) && this.patterns.matchesFile(filename);
    }
    wantsFolder(filename) {
        return this.rules.includesDirectory(filename) && this.patterns.mayMatchBelow(filename);
    }
}
/** A name as a log line can show it: control characters as `\n`, `\r`, `\t` or `\xNN`. */
function escapeControls(name) {
    // eslint-disable-next-line no-control-regex -- control characters are what it is about
    return name.replace(/[\u0000-\u001f\u007f]/g, char => {
        if (char === '\n')
            return '\\n';
        if (char === '\r')
            return '\\r';
        if (char === '\t')
            return '\\t';
        return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    });
}
function statOf(file) {
    try {
        return (0,external_node_fs_.statSync)(file);
    }
    catch (error) {
        throw new Error(`Could not read ${file}: ${errorText(error)}`);
    }
}
function isInside(root, candidate) {
    if (candidate === root)
        return true;
    const prefix = root.endsWith((external_node_path_default()).sep) ? root : root + (external_node_path_default()).sep;
    return candidate.startsWith(prefix);
}
function defaultThemeDirLabel(themeDir) {
    const relative = external_node_path_default().relative(process.cwd(), themeDir);
    if (relative === '')
        return '.';
    if (relative === '..' || relative.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(relative)) {
        return themeDir;
    }
    return relative.split((external_node_path_default()).sep).join('/');
}
function files_errorCode(error) {
    return error?.code;
}
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/theme/jekyll.ts
// Siteleaf v2: theme-dir is a Jekyll site's root, so the theme leaves out what Jekyll and the
// official v2 gem (`siteleaf push`) leave out: a fixed list, plus the `exclude:` entries of
// theme-dir/_config.yml. These rules come on top of those of ignore-rules.ts (dotfiles,
// `config.ru`, `node_modules`, `.siteleafignore`), which apply to v1 and v2 alike.
//
// How an entry matches is Jekyll's (`EntryFilter#glob_include?`, lib/jekyll/entry_filter.rb),
// which the gem calls too. For a path P relative to the site's root and an entry E:
// - `File.fnmatch?(E, P)` with no flags: `*` is any run of characters and `?` any one
//   character, `/` included (there is no FNM_PATHNAME: `*.sh` leaves out `scripts/build.sh`
//   too, and `**` is just two `*`); `[abc]`, `[a-z]`, `[!a]` and `[^a]` are character
//   classes; `\` makes the next character literal; `{a,b}` is literal text (no FNM_EXTGLOB);
//   case matters;
// - or P starts with E, as a string: `vendor/bundle/` leaves out everything below that folder,
//   and `README` leaves out `README.md` as well (a prefix, not a path segment: Jekyll's rule);
// - or P is a folder and E is P followed by `/`.
// Jekyll's reader never enters a folder it leaves out, so a path is left out when it or any
// folder above it matches. A leading `/` in an entry means the site's root (Jekyll joins the
// entry to the source folder); a leading `./` is dropped too (to Jekyll `./x` matches nothing,
// but the user plainly meant `x`). A trailing `/` is kept: as in Jekyll, `notes/` is the
// folder `notes` and what is below it, never a file `notes` nor `notes.md`.
//
// Not followed: Jekyll's `include:` (the gem ignores it; dotfiles stay left out by
// ignore-rules.ts whatever it says), and regular expressions (only Ruby code can make one).




/** The Jekyll configuration file, relative to theme-dir (Siteleaf's `site` entry). */
const JEKYLL_CONFIG_FILE = '_config.yml';
/**
 * What every v2 site leaves out besides its `exclude:` entries, written as Jekyll entries.
 * Entries below a dot-folder or `node_modules` are listed for completeness: ignore-rules.ts
 * already leaves those out at any depth.
 */
const JEKYLL_DEFAULT_EXCLUDES = [
    // The official v2 gem's `read_dir` (bin/siteleaf): `_site/*`, the build output.
    // (Its `Gemfile`, `Gemfile.lock`, `config.ru` and `.*` are covered here or by ignore-rules.ts.)
    '_site/',
    // Jekyll's Configuration::DEFAULT_EXCLUDES (lib/jekyll/configuration.rb, Jekyll 4), which
    // Jekyll adds to every site's `exclude:` list, so the gem's `jekyll_site.exclude` has them.
    'gemfiles',
    'Gemfile',
    'Gemfile.lock',
    'node_modules',
    'vendor/bundle/',
    'vendor/cache/',
    'vendor/gems/',
    'vendor/ruby/',
    '.sass-cache',
    '.jekyll-cache',
    '.ruby-lsp'
];
/**
 * `_config.yml` cannot be used: it is not valid YAML, or `exclude:` is not a list of paths.
 * The step fails with an error annotation at `file` (relative to theme-dir) and `line`.
 */
class JekyllConfigError extends Error {
    file;
    line;
    column;
    reason;
    name = 'JekyllConfigError';
    constructor(
    /** The file, relative to theme-dir: `_config.yml`. */
    file, 
    /** 1-based line the problem is on. */
    line, 
    /** 1-based column, when known. */
    column, 
    /** What is wrong, in plain words, without the place. */
    reason) {
        super(`${file}, line ${line}${column === undefined ? '' : `, column ${column}`}: ${reason}`);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }
}
/**
 * Reads `themeDir/_config.yml`. No file is fine (no `exclude:` entries). Throws
 * {@link JekyllConfigError} for a file Jekyll could not use, and a plain Error when it
 * cannot be read at all.
 */
async function readJekyllConfig(themeDir) {
    const file = external_node_path_default().join(themeDir, JEKYLL_CONFIG_FILE);
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { found: false, exclude: [] };
        throw new Error(`Could not read ${file}: ${error.message}`);
    }
    return parseJekyllConfig(text);
}
/**
 * Parses the text of `_config.yml` the way Jekyll's YAML reader (Ruby's Psych, YAML 1.1)
 * would, and returns its `exclude:` list. Every other key is ignored.
 *
 * Parse options, chosen to agree with Psych:
 * - YAML 1.1: unquoted `yes`, `no`, `on`, `off`, `0777`, `1:20` are not text there, so
 *   `exclude: [yes]` names no path (an error below), as it names none for Jekyll;
 * - duplicate keys are allowed, the last one winning (a Ruby Hash);
 * - `strict: false`: Psych reads a comment glued to a value (`"x"#c`, `|#c`), so must we;
 * - only the first document counts (Psych's `load` stops there, errors after it unseen);
 * - a byte order mark and CRLF line ends are fine.
 */
function parseJekyllConfig(source) {
    // Dropping the BOM here keeps columns on line 1 as an editor shows them.
    const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
    const lines = new dist/* LineCounter */.HN();
    const documents = (0,dist/* parseAllDocuments */.hR)(text, {
        version: '1.1',
        strict: false,
        uniqueKeys: false,
        prettyErrors: false,
        lineCounter: lines
    });
    const at = (offset, reason, withColumn = true) => {
        const { line, col } = lines.linePos(offset);
        return new JekyllConfigError(JEKYLL_CONFIG_FILE, line, withColumn ? col : undefined, reason);
    };
    const document = documents[0];
    const errors = document ? document.errors : 'errors' in documents ? documents.errors : [];
    const first = errors[0];
    if (first)
        throw at(first.pos[0], `not valid YAML: ${sentence(first.message)}`);
    if (!document)
        return { found: true, exclude: [] };
    const unresolved = findUnresolvedAlias(document);
    if (unresolved) {
        throw at(unresolved.range?.[0] ?? 0, `not valid YAML: the alias *${unresolved.source} has no anchor &${unresolved.source} before it.`);
    }
    let settings;
    try {
        settings = document.toJS({ mapAsMap: true, maxAliasCount: -1 });
    }
    catch (error) {
        throw at(0, `not valid YAML: ${sentence(error.message)}`, false);
    }
    if (settings === null || settings === undefined)
        return { found: true, exclude: [] };
    if (!(settings instanceof Map)) {
        throw at(document.contents?.range?.[0] ?? 0, `Jekyll needs settings (key: value lines) here, but this file holds ${describe(settings)}.`, false);
    }
    if (!settings.has('exclude'))
        return { found: true, exclude: [] };
    const exclude = settings.get('exclude');
    const pair = lastPairNamed(document, 'exclude');
    const valueNode = resolved(document, pair?.value);
    const offsetOf = (node) => node?.range?.[0] ?? pair?.key?.range?.[0] ?? 0;
    if (!Array.isArray(exclude)) {
        throw at(offsetOf(pair?.value), `'exclude' must be a list of paths, but it is ${describe(exclude)}. ` +
            'Write one path per line, each after "- ", or [path, other/path].', false);
    }
    const items = (0,dist/* isSeq */.oP)(valueNode) ? valueNode.items : [];
    for (const [index, entry] of exclude.entries()) {
        const item = items[index];
        if (typeof entry !== 'string') {
            const written = sourceOf(text, item);
            throw at(offsetOf(item), `'exclude' must be a list of paths, but item ${index + 1} is ${describe(entry)}` +
                (entry === null || written === undefined
                    ? '. Remove it.'
                    : `. If it is a path, put it in quotes: '${written}'.`), false);
        }
        if (normalizeEntry(entry) === '') {
            throw at(offsetOf(item), `'exclude' item ${index + 1} (${JSON.stringify(entry)}) names the site's root, ` +
                'which would leave every file out. Remove it.', false);
        }
    }
    return { found: true, exclude: exclude };
}
/**
 * The rules of a v2 theme: {@link JEKYLL_DEFAULT_EXCLUDES} and the `exclude:` entries, matched
 * as Jekyll matches them (see the top of this file). Compose with the rules of ignore-rules.ts:
 * pass as `extraRules` to `selectThemeFiles`/`listThemeFiles`.
 */
function createJekyllRules(exclude) {
    const entries = [...JEKYLL_DEFAULT_EXCLUDES, ...exclude].map(compileEntry);
    const globs = entries.flatMap(entry => (entry.glob ? [entry.glob] : []));
    const isExcluded = (relative, isFolder) => {
        const name = stripSlashes(relative);
        if (name === '')
            return false;
        // What starts a folder above the path starts the path too: this one test covers those
        // folders, their `folder/` entries included.
        if (entries.some(entry => name.startsWith(entry.text)))
            return true;
        if (isFolder && entries.some(entry => entry.text === `${name}/`))
            return true;
        if (globs.length === 0)
            return false;
        const chars = Array.from(name);
        // The path itself and every folder above it (a folder Jekyll leaves out, it never enters).
        for (let end = 1; end <= chars.length; end++) {
            if (end < chars.length && chars[end] !== '/')
                continue;
            const prefix = end === chars.length ? chars : chars.slice(0, end);
            if (globs.some(glob => fnmatch(glob, prefix)))
                return true;
        }
        return false;
    };
    return {
        includesFile: filename => !isExcluded(filename, false),
        includesDirectory: dirname => !isExcluded(dirname, true)
    };
}
/**
 * Every group of two or more filenames that are equal ignoring case (Unicode lowercasing):
 * on Siteleaf they would be one file. Each group and the list are sorted; [] when none.
 */
function findCaseCollisions(filenames) {
    const groups = new Map();
    for (const filename of filenames) {
        const key = filename.toLowerCase();
        let group = groups.get(key);
        if (!group)
            groups.set(key, (group = new Set()));
        group.add(filename);
    }
    const collisions = [...groups.values()]
        .filter(group => group.size > 1)
        .map(group => [...group].sort(compareFilenames));
    return sortByFilename(collisions, group => group[0]);
}
function compileEntry(entry) {
    const text = normalizeEntry(entry);
    if (text === '')
        throw new Error(`Jekyll exclude entry '${entry}' names the whole site.`);
    // A literal entry that fnmatch-matches a path equals it, and so is a prefix of it.
    return { text, glob: /[*?[\\]/.test(text) ? Array.from(text) : undefined };
}
/** Drops the leading `/` and `./` that name the site's root; keeps a trailing `/`. */
function normalizeEntry(entry) {
    let text = entry;
    for (;;) {
        if (text.startsWith('/'))
            text = text.slice(1);
        else if (text.startsWith('./'))
            text = text.slice(2);
        else
            return text;
    }
}
function stripSlashes(relative) {
    return relative.replace(/^\/+|\/+$/g, '');
}
/**
 * Ruby's `File.fnmatch?(pattern, path)` with no flags, over code points: `*` any run (`/`
 * included), `?` any one, `[...]` a class, `\` escapes. No special leading period: Jekyll
 * always matches paths that start with the source folder.
 */
function fnmatch(pattern, text) {
    let p = 0;
    let s = 0;
    // Where to resume after the last `*`: its pattern index, and how far it has eaten.
    let starP = -1;
    let starS = -1;
    for (;;) {
        const char = pattern[p];
        if (char === '*') {
            while (pattern[p] === '*')
                p++;
            if (unescapedAt(pattern, p) >= pattern.length)
                return true;
            if (s >= text.length)
                return false;
            starP = p;
            starS = s;
            continue;
        }
        if (char === '?') {
            if (s >= text.length)
                return false;
            p++;
            s++;
            continue;
        }
        if (char === '[') {
            if (s >= text.length)
                return false;
            const next = matchClass(pattern, p + 1, text[s]);
            if (next !== undefined) {
                p = next;
                s++;
                continue;
            }
        }
        else {
            const q = unescapedAt(pattern, p);
            if (s >= text.length)
                return q >= pattern.length;
            if (q < pattern.length && pattern[q] === text[s]) {
                p = q + 1;
                s++;
                continue;
            }
        }
        // No match here: let the last `*` eat one more character, if there was one.
        if (starP < 0)
            return false;
        p = starP;
        s = ++starS;
    }
}
function unescapedAt(pattern, p) {
    return pattern[p] === '\\' ? p + 1 : p;
}
/**
 * Matches `char` against the class that starts at `start` (just after its `[`). Returns the
 * index after its `]`, or undefined when it does not match or never closes (Ruby's rule: an
 * unclosed class matches nothing; `[]]` is not a class holding `]`).
 */
function matchClass(pattern, start, char) {
    let p = start;
    if (p >= pattern.length)
        return undefined;
    const negated = pattern[p] === '!' || pattern[p] === '^';
    if (negated)
        p++;
    let matched = false;
    while (pattern[p] !== ']') {
        const first = unescapedAt(pattern, p);
        if (first >= pattern.length)
            return undefined;
        const low = pattern[first];
        p = first + 1;
        if (p >= pattern.length)
            return undefined;
        if (pattern[p] === '-' && pattern[p + 1] !== ']') {
            const second = unescapedAt(pattern, p + 1);
            if (second >= pattern.length)
                return undefined;
            const high = pattern[second];
            p = second + 1;
            if (matched)
                continue;
            const code = char.codePointAt(0);
            matched =
                char === low ||
                    char === high ||
                    (code >= low.codePointAt(0) && code <= high.codePointAt(0));
        }
        else if (!matched) {
            matched = char === low;
        }
    }
    return matched === negated ? undefined : p + 1;
}
/** The first alias whose anchor is not defined before it, if any. */
function findUnresolvedAlias(document) {
    let found;
    (0,dist/* visit */.YR)(document, {
        Alias(_key, alias) {
            if (alias.resolve(document) !== undefined)
                return undefined;
            found = { source: alias.source, range: alias.range ?? undefined };
            return dist/* visit */.YR.BREAK;
        }
    });
    return found;
}
function lastPairNamed(document, key) {
    const contents = document.contents;
    if (!(0,dist/* isMap */.jh)(contents))
        return undefined;
    let found;
    for (const pair of contents.items) {
        if ((0,dist/* isScalar */.jn)(pair.key) && pair.key.value === key)
            found = pair;
    }
    return found;
}
function resolved(document, node) {
    return (0,dist/* isAlias */.Vj)(node) ? node.resolve(document) : node;
}
/** The text a node was written as, for a plain scalar on one line. */
function sourceOf(text, node) {
    if (!(0,dist/* isScalar */.jn)(node) || !node.range)
        return undefined;
    const written = text.slice(node.range[0], node.range[1]);
    return written !== '' && !/[\n'"]/.test(written) ? written : undefined;
}
function describe(value) {
    if (value === null || value === undefined)
        return 'empty';
    if (typeof value === 'string')
        return `text (${JSON.stringify(value)})`;
    if (typeof value === 'boolean') {
        return `the boolean ${value} (YAML 1.1 reads yes, no, on, off, true and false as booleans)`;
    }
    if (typeof value === 'number' || typeof value === 'bigint')
        return `the number ${value}`;
    if (value instanceof Date)
        return 'a date';
    if (Array.isArray(value))
        return 'a list';
    if (value instanceof Map)
        return 'a mapping';
    if (value instanceof Set)
        return 'a set';
    if (value instanceof Uint8Array)
        return 'binary data';
    return 'a value that is not text';
}
function sentence(message) {
    const trimmed = message.trim();
    return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

;// CONCATENATED MODULE: ./src/theme/plan.ts

function planThemeSync(local, remote, opts) {
    const key = nameKey(opts.namesIgnoreCase ?? false);
    // A file listed twice (pages overlapping while the list changed) is one file: counting it as
    // its own duplicate would delete the current copy.
    const remoteFiles = [
        ...new Map(remote.map(file => [file.id ?? key(file.filename), file])).values()
    ];
    const remoteByName = new Map();
    for (const file of remoteFiles) {
        const copies = remoteByName.get(key(file.filename));
        if (copies)
            copies.push(file);
        else
            remoteByName.set(key(file.filename), [file]);
    }
    const plan = {
        upload: [],
        replace: [],
        unchanged: [],
        kept: [],
        duplicates: [],
        prune: []
    };
    const localNames = new Set();
    for (const file of sortByFilename(local, f => f.filename)) {
        if (localNames.has(key(file.filename)))
            continue; // one local file per name
        localNames.add(key(file.filename));
        const copies = remoteByName.get(key(file.filename));
        if (!copies) {
            plan.upload.push(file);
            continue;
        }
        const current = copies.find(copy => plan_sameChecksum(copy.checksum, file.checksum));
        if (current) {
            plan.unchanged.push({ file, remote: current });
            plan.duplicates.push(...copies.filter(copy => copy !== current));
        }
        else if (!opts.overwriteContent && copies.some(copy => copy.role !== 'file')) {
            plan.kept.push({ file, remote: copies[0] });
        }
        else {
            plan.replace.push({ file, previous: [...copies] });
        }
    }
    if (opts.prune) {
        const isManaged = opts.isManaged ?? (() => true);
        plan.prune = remoteFiles.filter(file => !localNames.has(key(file.filename)) &&
            isManaged(file.filename) &&
            mayPrune(file, opts.overwriteContent ?? false));
    }
    plan.duplicates = sortByFilename(plan.duplicates, file => file.filename);
    plan.prune = sortByFilename(plan.prune, file => file.filename);
    return plan;
}
/** Theme files always; content only when it may be overwritten; `_config.yml` never. */
function mayPrune(file, overwriteContent) {
    if (file.role === 'file')
        return true;
    return file.role === 'content' && overwriteContent;
}
/** How names compare on the site: exactly, or ignoring case (Unicode-aware). */
function nameKey(ignoreCase) {
    return ignoreCase ? name => name.toLowerCase() : name => name;
}
/** Checksums compare as lowercase hex; an absent one never matches. */
function plan_sameChecksum(remote, local) {
    return typeof remote === 'string' && remote.toLowerCase() === local.toLowerCase();
}
/** Nothing to upload, replace, remove or prune. */
function isEmptyPlan(plan) {
    return [plan.upload, plan.replace, plan.duplicates, plan.prune].every(list => list.length === 0);
}
/**
 * The plan as log lines, one per change sorted by filename, then a count line:
 * `+ assets/new.css (upload)`, `~ _layouts/default.html (replace)`, `- old.html (prune)`,
 * `- page.html (duplicate copy)`, `= about.md (content kept)`,
 * `3 to upload, 1 to replace, 120 unchanged, 0 to prune`.
 */
function formatPlan(plan) {
    const changes = [
        ...plan.upload.map(f => [f.filename, `+ ${f.filename} (upload)`]),
        ...plan.replace.map(r => [r.file.filename, `~ ${r.file.filename} (replace)`]),
        ...plan.kept.map(k => [
            k.file.filename,
            `= ${k.file.filename} (content kept: the site's ${k.remote.type} differs)`
        ]),
        ...plan.duplicates.map(a => [a.filename, `- ${a.filename} (duplicate copy)`]),
        ...plan.prune.map(a => [a.filename, `- ${a.filename} (prune)`])
    ];
    changes.sort((a, b) => compareFilenames(a[0], b[0]));
    const counts = [
        `${plan.upload.length} to upload`,
        `${plan.replace.length} to replace`,
        `${plan.unchanged.length} unchanged`,
        `${plan.prune.length} to prune`
    ];
    if (plan.kept.length > 0)
        counts.push(`${plan.kept.length} content kept`);
    if (plan.duplicates.length > 0)
        counts.push(`${plan.duplicates.length} duplicate copies to remove`);
    return [...changes.map(([, line]) => line), counts.join(', ')];
}

;// CONCATENATED MODULE: ./src/concurrency.ts
// Bounded parallelism for uploads, deletes and hashing: a fixed number of workers pull the next
// item from a shared cursor, so at most `limit` calls of `fn` are in flight and results keep
// the input order whatever order the calls finish in.
/**
 * Maps `items` through `fn` with at most `limit` calls in flight, results in input order. A
 * failure does not stop the others: every item gets a `PromiseSettledResult` (uploads want
 * every failure, not just the first). When `signal` aborts,
 * no further call starts and the items never started are `rejected` with the abort reason.
 */
async function mapSettledWithConcurrency(items, limit, fn, signal) {
    checkLimit(limit);
    const results = new Array(items.length);
    let cursor = 0;
    const worker = async () => {
        while (cursor < items.length) {
            const index = cursor++;
            if (signal?.aborted) {
                results[index] = { status: 'rejected', reason: signal.reason };
                continue;
            }
            try {
                results[index] = { status: 'fulfilled', value: await fn(items[index], index) };
            }
            catch (reason) {
                results[index] = { status: 'rejected', reason };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
function checkLimit(limit) {
    if (!(limit >= 1) || (!Number.isInteger(limit) && limit !== Infinity)) {
        throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
    }
}

;// CONCATENATED MODULE: ./src/theme/sync.ts
// Carries out a ThemeSyncPlan against the site, whichever API it runs on: uploads
// `concurrency` at a time (the files the API wants first go first, alone), settles uploads
// whose answers were lost, removes duplicate copies, and prunes only when every upload worked,
// so a half-failed run deletes nothing. How one file replaces its previous copy without the
// site ever lacking it is the API adapter's business (see siteleaf/v1/asset-writer.ts).
//
// The sync never throws: it returns what it did, with `stoppedBy` set when an answer that
// would fail every other request the same way (401, 403, 404), or a cancel, stopped it early.






async function applyThemeSync(plan, api, opts) {
    return new ThemeSync(api, opts).run(plan);
}
class ThemeSync {
    api;
    opts;
    result = {
        uploaded: [],
        replaced: [],
        pruned: [],
        duplicatesRemoved: [],
        failed: [],
        restored: [],
        renamed: []
    };
    latestDate;
    putsPlanned = 0;
    putsDone = 0;
    /** Aborted by the caller's signal, or by a fatal answer. */
    signal;
    fatal = new AbortController();
    fatalError;
    constructor(api, opts) {
        this.api = api;
        this.opts = opts;
        this.signal = opts.signal
            ? AbortSignal.any([opts.signal, this.fatal.signal])
            : this.fatal.signal;
    }
    async run(plan) {
        try {
            await this.upload(plan);
            if (!this.stopped())
                await this.settle();
            if (!this.stopped())
                await this.removeDuplicates(plan.duplicates);
            if (!this.stopped())
                await this.prune(plan);
        }
        catch (error) {
            // Nothing above should throw; if it does, it still counts, never as a silent success.
            this.result.stoppedBy ??= error;
        }
        if (!this.result.stoppedBy && this.stopped()) {
            this.result.stoppedBy = this.fatalError?.error ?? this.opts.signal?.reason;
        }
        return this.finish();
    }
    /** 1. Uploads, new files and replacements alike; the ones the API wants first go first, alone. */
    async upload(plan) {
        const jobs = [
            ...plan.upload.map(file => ({ file, previous: [] })),
            ...plan.replace
        ];
        this.putsPlanned = jobs.length;
        const first = new Set(this.api.uploadsFirst);
        const early = jobs.filter(job => first.has(job.file.filename));
        const rest = jobs.filter(job => !first.has(job.file.filename));
        for (const batch of [early, rest]) {
            if (batch.length === 0 || this.stopped())
                continue;
            if (batch === rest && this.result.failed.length > 0) {
                // Siteleaf classifies every other file by what it reads first (`_config.yml`).
                this.opts.log.info(`Not uploading the other ${rest.length} file(s): ${early.map(j => j.file.filename).join(', ')} failed, ` +
                    'and Siteleaf reads it to tell pages, documents and files apart.');
                continue;
            }
            const settled = await mapSettledWithConcurrency(batch, batch === early ? 1 : this.opts.concurrency, job => this.put(job.file, job.previous), this.signal);
            settled.forEach((outcome, index) => {
                if (outcome.status === 'rejected' && !this.signal.aborted) {
                    const filename = batch[index].file.filename;
                    this.fail(filename, outcome.reason, `Could not sync ${filename}`);
                }
            });
        }
    }
    async put(file, previous) {
        let answer;
        try {
            answer = await this.api.putFile(file, previous, this.signal);
        }
        catch (error) {
            this.fail(file.filename, error, `Could not upload ${file.filename}`);
            return;
        }
        this.result.uploaded.push(file.filename);
        if (previous.length > 0)
            this.result.replaced.push(file.filename);
        if (answer.filename !== file.filename) {
            this.result.renamed.push({ from: file.filename, to: answer.filename });
        }
        this.noteDate(answer.date);
        const checked = answer.toConfirm ? '; to be checked' : '';
        this.opts.log.progress({
            phase: 'uploading',
            done: ++this.putsDone,
            total: this.putsPlanned,
            item: file.filename,
            line: previous.length > 0
                ? `Replaced ${file.filename}${checked ? ` (${checked.slice(2)})` : ''}`
                : `Uploaded ${file.filename} (${formatByteSize(file.size)}${checked})`
        });
    }
    /** 2. Uploads whose answers were lost: one listing says which landed. */
    async settle() {
        let settled;
        try {
            settled = await this.api.settlePuts(this.signal);
        }
        catch (error) {
            this.stopIfFatal(error);
            this.result.stoppedBy ??= error;
            return;
        }
        for (const failure of settled.failed) {
            this.forget(failure.filename);
            this.fail(failure.filename, failure, failure.message);
        }
        this.result.duplicatesRemoved.push(...settled.extraCopiesRemoved);
    }
    /** 3. Duplicate copies left by an earlier interrupted run. */
    removeDuplicates(duplicates) {
        return this.deleteAll(duplicates, file => {
            this.result.duplicatesRemoved.push(file.filename);
            this.opts.log.info(`Removed a duplicate copy of ${file.filename}`);
        });
    }
    /** 4. Prune, only when everything above worked; never a name an upload was stored under. */
    async prune(plan) {
        if (plan.prune.length > 0 && this.result.failed.length > 0) {
            this.opts.log.info(`Not pruning ${plan.prune.length} remote file(s): ` +
                `${this.result.failed.length} theme file(s) failed.`);
            return;
        }
        const key = nameKey(this.api.namesIgnoreCase);
        const stored = new Set(this.result.renamed.map(r => key(r.to)));
        await this.deleteAll(plan.prune.filter(file => !stored.has(key(file.filename))), file => {
            this.result.pruned.push(file.filename);
            this.opts.log.info(`Pruned ${file.filename}`);
        });
    }
    async deleteAll(files, onDeleted) {
        await mapSettledWithConcurrency(files, this.opts.concurrency, async (file) => {
            try {
                await this.api.deleteFile(file, this.signal);
            }
            catch (error) {
                // Already gone (another run, or a person) is what a delete wants.
                if (!(error instanceof SiteleafApiError && error.status === 404)) {
                    const what = `Could not delete ${file.filename}${file.id ? ` (asset ${file.id})` : ''}`;
                    this.fail(file.filename, error, what);
                    return;
                }
            }
            onDeleted(file);
        }, this.signal);
    }
    noteDate(date) {
        const time = date === undefined ? NaN : Date.parse(date);
        if (date === undefined || Number.isNaN(time))
            return;
        if (this.latestDate === undefined || time > this.latestDate.time) {
            this.latestDate = { text: date, time };
        }
    }
    forget(filename) {
        this.result.uploaded = this.result.uploaded.filter(name => name !== filename);
        this.result.replaced = this.result.replaced.filter(name => name !== filename);
    }
    /**
     * Records a failure. A file left missing or restored is always recorded, even while the
     * run stops; other failures that are only fallout of stopping (a fatal answer elsewhere, the
     * cancel) are not.
     */
    fail(filename, error, what) {
        if (error instanceof PutFileError) {
            if (error.left === 'restored')
                this.result.restored.push(filename);
            // The cause may be an answer every other request would get too: stop either way.
            const stopping = this.stopIfFatal(error.cause) || this.signal.aborted;
            if (error.left !== 'kept' || !stopping) {
                this.result.failed.push({
                    filename,
                    message: error.message,
                    missingNow: error.left === 'missing'
                });
            }
            return;
        }
        if (this.stopIfFatal(error) || this.signal.aborted || error instanceof CancelledError)
            return;
        this.result.failed.push({
            filename,
            message: `${what}: ${messageOf(error)}`,
            missingNow: false
        });
    }
    stopIfFatal(error) {
        if (!isFatal(error))
            return false;
        this.fatalError ??= { error };
        this.fatal.abort(error);
        return true;
    }
    /** Cancelled, stopped by a fatal answer, or unable to confirm the uploads. */
    stopped() {
        return this.signal.aborted || this.result.stoppedBy !== undefined;
    }
    finish() {
        const { result } = this;
        for (const list of [result.uploaded, result.replaced, result.pruned, result.duplicatesRemoved])
            list.sort(compareFilenames);
        result.restored.sort(compareFilenames);
        result.failed.sort((a, b) => compareFilenames(a.filename, b.filename));
        if (this.latestDate)
            result.lastUploadDate = this.latestDate.text;
        for (const failure of result.failed) {
            if (failure.missingNow && result.stoppedBy)
                this.opts.log.info(failure.message);
        }
        return result;
    }
}
/** Answers that every other request of this run would get too. */
function isFatal(error) {
    return error instanceof SiteleafApiError && [401, 403, 404].includes(error.status);
}

;// CONCATENATED MODULE: ./src/verdict.ts
// The verdict of a run, from values alone: its status, the one sentence that says why it
// failed, the files the site may now lack, and what a GitHub deployment should say. Pure:
// the flow gathers the facts, this decides, tested without servers.


function judgeRun(facts) {
    const missing = (facts.sync?.failed ?? []).filter(f => f.missingNow).map(f => f.filename);
    const missingNote = missing.length ? `; now missing on Siteleaf: ${missing.join(', ')}` : '';
    const failed = (failure, jobError) => ({
        status: 'failed',
        failure,
        missing,
        deployment: facts.cancelled ? 'error' : 'failure',
        ...(jobError !== undefined ? { jobError } : {})
    });
    if (facts.cancelled)
        return failed(cancelledText(facts) + parenthesised(missingNote));
    if (facts.error !== undefined) {
        const verdict = failed(messageOf(facts.error) + parenthesised(missingNote));
        return facts.error instanceof PlacedError
            ? { ...verdict, failurePlace: facts.error.place }
            : verdict;
    }
    const failures = facts.sync?.failed.length ?? 0;
    if (failures > 0) {
        return failed(`${failures} theme file(s) could not be synced, so the site was not published` +
            `${missingNote}. Re-run the workflow to try again.`);
    }
    if (facts.dryRun)
        return { status: 'dry-run', missing, deployment: 'success' };
    const publish = facts.publish;
    if (!publish)
        return { status: 'skipped', missing, deployment: 'success' };
    switch (publish.result) {
        case 'queued':
            // Its outcome is not known; accepted by Siteleaf is what `wait: false` asks for.
            return { status: 'queued', missing, deployment: 'success' };
        case 'complete':
            return { status: 'complete', missing, deployment: 'success' };
        case 'failed': {
            const message = publish.last.message || `the job ended with status '${publish.last.status}'`;
            return failed(`Siteleaf publish job ${publish.jobId} failed: ${message}`, message);
        }
        case 'not-found':
            return failed(`Siteleaf no longer knows publish job ${publish.jobId} (${publish.message}): it expired ` +
                'or never existed, so whether this publish succeeded is unknown. Re-run the workflow.');
        case 'timeout':
            return failed(`Publish job ${publish.jobId} did not finish within the timeout of ${facts.timeoutSeconds} s` +
                `${publish.last ? ` (last status: ${publish.last.status} ${publish.last.message})` : ''}. ` +
                'It may still finish on Siteleaf; raise the timeout input if publishes take longer.');
        case 'stale':
            return failed(`Siteleaf kept handing back publish jobs that began before this run's uploads finished ` +
                `(${publish.rounds} in a row), so the new theme may not be live. Re-run the workflow.`);
    }
}
/** Names enough to recognise, however many files a run touched. */
const NAMES_IN_A_SENTENCE = 10;
function listNames(names) {
    if (names.length <= NAMES_IN_A_SENTENCE)
        return names.join(', ');
    const more = names.length - NAMES_IN_A_SENTENCE;
    return `${names.slice(0, NAMES_IN_A_SENTENCE).join(', ')} and ${more} more`;
}
function cancelledText(facts) {
    const uploaded = facts.sync?.uploaded ?? [];
    const jobId = facts.jobIds[facts.jobIds.length - 1];
    return (`Cancelled. ${uploaded.length ? `Uploaded before stopping: ${listNames(uploaded)}.` : 'No file was uploaded.'} ` +
        (jobId
            ? `Publish job ${jobId} was started and goes on on Siteleaf.`
            : 'No publish was started.'));
}
function parenthesised(note) {
    return note ? ` (${note.slice(2)})` : '';
}

;// CONCATENATED MODULE: ./src/main.ts
// The whole run, top to bottom: settings → plan → upload → publish → follow → report.
// `publishSite` is the flow, the same for the GitHub Action (`run`, below) and the command
// line (cli.ts); it names no API version (siteleaf/choose-api.ts picks the adapter) and never
// throws: what happened, and the verdict on it, come back in the RunReport.



























const DEFAULT_TUNING = {
    retry: DEFAULT_RETRY_POLICY,
    pacing: SITELEAF_RATE_LIMIT,
    idleTimeoutMs: 60_000,
    reopenDelayMs: 1_000,
    http: DEFAULT_HTTP_TIMEOUTS
};
const PAUSE_WORTH_SAYING_MS = 1000;
/** The GitHub Action: inputs from the runner, the flow, then outputs, summary and deployment. */
async function run(overrides = {}) {
    const log = new ActionsLog();
    (0,secrets/* setSecretSink */.Wg)(value => core/* setSecret */.Pq(value));
    const report = createRunReport();
    const cancellation = watchForCancellation(name => {
        report.cancelled = true;
        log.info(`Received ${name}: the workflow was cancelled; stopping what is in flight.`);
    });
    let deployment;
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
    }
    catch (error) {
        // Only a bad input gets here: the flow records its own failures.
        report.error = error;
        report.verdict = judgeRun({ ...factsOf(report), dryRun: false, timeoutSeconds: 0 });
    }
    finally {
        cancellation.dispose();
    }
    const verdict = report.verdict;
    if (verdict?.failure) {
        log.fail(verdict.failure, verdict.failurePlace);
        if (report.error instanceof Error &&
            !(report.error instanceof InputError) &&
            report.error.stack) {
            log.debug(report.error.stack);
        }
    }
    // Outputs and summary first: a cancelled run has seconds before the runner kills it.
    report.problems = [...log.raised];
    report.problemsLeftOut = log.raisedLeftOut;
    for (const [name, value] of Object.entries(outputsOf(report)))
        log.setOutput(name, value);
    if (process.env.GITHUB_STEP_SUMMARY) {
        try {
            const summary = renderSummary(report, { commit: commitFromEnv(process.env) });
            await core/* summary */.z.addRaw((0,secrets.redact)(summary)).write();
        }
        catch (error) {
            log.warning(`Could not write the job summary: ${messageOf(error)}`);
        }
    }
    await deployment?.finish(verdict?.deployment ?? 'failure', report.siteUrl);
}
/**
 * The flow. Fills `report` as it goes (so a run stopped half-way still reports what it did)
 * and ends with the verdict; never throws.
 */
async function publishSite(ctx, report = createRunReport()) {
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
                if (waitMs < PAUSE_WORTH_SAYING_MS)
                    return;
                log.info(`Pausing ${formatDuration(waitMs)} to stay under Siteleaf's limit of ` +
                    `${tuning.pacing.limit} requests per ${formatDuration(tuning.pacing.windowMs)}.`);
            },
            onWaited: tuning.onRequestWaited
        }),
        dispatcher,
        log,
        signal
    });
    try {
        await syncAndPublish(ctx, http, report);
    }
    catch (error) {
        if (error instanceof CancelledError || signal.aborted)
            report.cancelled = true;
        else
            report.error = error;
    }
    finally {
        report.retriedRequests = http.stats.retried;
        await dispatcher.close().catch(() => { });
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
async function syncAndPublish(ctx, http, report) {
    const { settings, log, tuning, signal } = ctx;
    // 1. Which API, and the site. The local files are checked before any request; with `auto`
    // the site is asked next, and a v2 site then narrows them by Jekyll's rules.
    let selection = await selectFiles(settings, settings.apiVersion === 'v2', log);
    const chosen = await log.group('Settings', async () => {
        for (const line of describeSettings(settings))
            log.info(line);
        const found = await chooseApi(http, settings.apiVersion, settings.siteId, log);
        log.info(`Siteleaf API: ${found.api.version} (${found.detected ? 'detected: the site runs on it' : 'set by api-version'})`);
        return found;
    });
    const { api, site } = chosen;
    report.apiVersion = api.version;
    report.apiDetected = chosen.detected;
    report.siteTitle = site.title;
    report.siteUrl = site.domain ? `https://${site.domain}` : '';
    if (selection && settings.apiVersion === 'auto' && api.version === 'v2') {
        selection = narrowSelection(selection, await readJekyllRules(settings));
        if (selection.files.length === 0)
            throw noFilesMatched(settings, true);
    }
    if (selection && api.namesIgnoreCase)
        refuseCaseCollisions(selection.files);
    // 2. A GitHub Sync under way changes the site under us: let it finish first.
    let deadline;
    const startDeadline = () => (deadline ??= Date.now() + settings.timeoutSeconds * 1000);
    if (site.runningSyncJob)
        await waitForSync(api, site.runningSyncJob, startDeadline(), ctx);
    // 3. Plan: the local checksums beside the remote listing.
    if (selection) {
        const plan = await planSync(settings, api, selection, signal, log);
        report.plan = plan;
        await log.group(`Plan for ${selection.files.length} theme files`, async () => {
            for (const line of formatPlan(plan))
                log.info(line);
        });
        if (plan.kept.length > 0) {
            log.notice(`${plan.kept.length} content file(s) differ on Siteleaf and were kept, since editors ` +
                "change them there; set overwrite-content: true to push the repository's version.");
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
    let lastUploadEpoch;
    if (report.plan && isEmptyPlan(report.plan)) {
        const { unchanged, kept } = report.plan;
        log.info(`Theme is current: all ${unchanged.length + kept.length} files unchanged` +
            `${kept.length ? ` or kept` : ''}, nothing to upload.`);
    }
    else if (report.plan) {
        const plan = report.plan;
        const sync = await log.group('Upload', () => applyThemeSync(plan, api, { concurrency: settings.concurrency, signal, log }));
        report.sync = sync;
        if (sync.stoppedBy !== undefined)
            throw sync.stoppedBy;
        if (sync.failed.length > 0)
            return;
        lastUploadEpoch = uploadEpoch(sync, log);
        // The numbers the summary and the outputs give, in the same words.
        log.info(`Theme synced: ${formatCounts(countFiles(report, false))}.`);
    }
    if (!settings.publish) {
        log.info('publish: false, so the site was not published.');
        return;
    }
    // 5. Publish and follow the job to its end.
    report.publish = await log.group('Publish log', () => publishAndFollow({
        api,
        wait: settings.wait,
        deadline: startDeadline(),
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
    }));
    const { publish } = report;
    if (publish.result === 'queued') {
        log.info(`Publish job ${publish.jobId} queued; not waiting for it (wait: false).`);
    }
    else if (publish.result === 'complete') {
        log.info(`Published${report.siteUrl ? `: ${report.siteUrl}` : ''}`);
    }
}
/**
 * The local theme files (undefined when not uploading); with `jekyll`, by v2's rules too.
 * Every check here is local: a bad pattern or `_config.yml` fails before any request.
 */
async function selectFiles(settings, jekyll, log) {
    if (!settings.uploadTheme)
        return undefined;
    const selection = await selectThemeFiles({
        themeDir: settings.themeDir,
        themeDirLabel: settings.themeDirFromRepo || '.',
        patterns: settings.filePatterns,
        onWarning: message => log.warning(message),
        ...(jekyll ? { extraRules: await readJekyllRules(settings) } : {})
    });
    if (selection.files.length === 0)
        throw noFilesMatched(settings, jekyll);
    return selection;
}
function noFilesMatched(settings, jekyll) {
    return new InputError(`Input 'files' matched no file in theme-dir '${settings.themeDirFromRepo || '.'}' ` +
        `(patterns: ${settings.filePatterns.join(', ')}; dotfiles, config.ru, node_modules/ ` +
        `and .siteleafignore entries are always left out${jekyll ? ", and on v2 what Jekyll leaves out and _config.yml's exclude: lists" : ''}). Set upload-theme: false to publish only.`);
}
/** v2's rules: Jekyll's exclusions and `_config.yml`'s `exclude:`; a bad file is pinned on its line. */
async function readJekyllRules(settings) {
    try {
        return createJekyllRules((await readJekyllConfig(settings.themeDir)).exclude);
    }
    catch (error) {
        if (!(error instanceof JekyllConfigError))
            throw error;
        const file = [settings.themeDirFromRepo, error.file].filter(Boolean).join('/');
        throw new PlacedError(`${file}, line ${error.line}: ${error.reason}. Siteleaf reads this file to build the ` +
            'site, and this action reads its exclude: list; fix it and push again.', { file, line: error.line, title: 'Invalid _config.yml' }, { cause: error });
    }
}
/** Two names one file apart only in case would be one file on the site: say both, upload none. */
function refuseCaseCollisions(files) {
    const groups = findCaseCollisions(files.map(file => file.filename));
    if (groups.length === 0)
        return;
    const named = groups.map(group => group.join(' and ')).join('; ');
    throw new InputError(`Files whose names differ only in case would be one file on Siteleaf, which ignores case: ` +
        `${named}. Rename or remove all but one of each; nothing was uploaded.`);
}
async function planSync(settings, api, selection, signal, log) {
    // If either side fails, stop the other (hashing a large theme for a listing that failed
    // would only keep the step busy).
    const planning = new AbortController();
    const planSignal = AbortSignal.any([signal, planning.signal]);
    const [checksummed, remote] = await Promise.all([
        checksumThemeFiles(selection.files, api.checksumKind, Math.max(4, settings.concurrency), planSignal, (done, total) => log.progress({ phase: 'hashing', done, total })),
        api.listFiles(planSignal)
    ]).catch((error) => {
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
/** Follows a GitHub Sync job to its end; a failed (or unknown) sync stops the run. */
async function waitForSync(api, jobId, deadline, ctx) {
    const { log, tuning, signal } = ctx;
    const outcome = await log.group(`GitHub Sync under way: waiting for job ${jobId}`, () => followJob({
        api,
        jobId,
        kind: 'sync',
        deadline,
        idleTimeoutMs: tuning.idleTimeoutMs,
        reopenDelayMs: tuning.reopenDelayMs,
        signal,
        log,
        onEvent: event => log.info(`sync: ${formatJobEvent(event)}`)
    }));
    switch (outcome.result) {
        case 'complete':
            log.info(`GitHub Sync job ${jobId} finished; going on.`);
            return;
        case 'failed':
            throw new Error(`The site's GitHub Sync job ${jobId} failed (${outcome.last.message || outcome.last.status}), ` +
                'so nothing was uploaded or published. Fix the sync in Siteleaf, then re-run the workflow.');
        case 'not-found':
            throw new Error(`Siteleaf no longer knows the site's GitHub Sync job ${jobId} (${outcome.message}), so ` +
                'whether the sync finished is unknown; nothing was uploaded or published. Re-run the workflow.');
        case 'timeout':
            throw new Error(`The site's GitHub Sync job ${jobId} did not finish within the timeout of ` +
                `${ctx.settings.timeoutSeconds} s, so nothing was uploaded or published.`);
    }
}
/** Error annotations on the files a failure is about: synced ones, and the job's message. */
async function pinFailures(report, settings, log) {
    const fromRepo = (filename) => [settings.themeDirFromRepo, filename].filter(Boolean).join('/');
    for (const failure of report.sync?.failed ?? []) {
        log.error(failure.message, {
            file: fromRepo(failure.filename),
            title: failure.missingNow ? 'Theme file now missing on Siteleaf' : 'Theme sync failed'
        });
    }
    const jobError = report.verdict?.jobError;
    if (jobError === undefined)
        return;
    const names = report.plan
        ? [
            ...report.plan.upload,
            ...report.plan.replace.map(r => r.file),
            ...report.plan.unchanged.map(u => u.file),
            ...report.plan.kept.map(k => k.file)
        ].map(f => f.filename)
        : await main_listNames(settings);
    // On the file and line it names, so it shows in the commit and pull request diff; the
    // step's own failure message says it again for the log.
    const place = locateFileInMessage(jobError, names, settings.themeDirFromRepo);
    if (place) {
        report.jobErrorPlace = place;
        log.error(jobError, { ...place, title: 'Siteleaf publish failed' });
    }
}
/** Theme filenames to find in a job's error when the run did not list them (upload-theme: false). */
async function main_listNames(settings) {
    try {
        const files = await listThemeFiles({
            themeDir: settings.themeDir,
            patterns: settings.filePatterns,
            onWarning: () => { }
        });
        return files.map(f => f.filename);
    }
    catch {
        return [];
    }
}
/**
 * Whole seconds of the last upload's `Date`, for telling a job already under way from ours.
 * Without the header (a proxy may strip it) this machine's clock stands in: later than the
 * server's by the upload's latency at most, which errs towards publishing once more.
 */
function uploadEpoch(sync, log) {
    if (sync.uploaded.length === 0)
        return undefined;
    const date = sync.lastUploadDate ? Date.parse(sync.lastUploadDate) : NaN;
    if (Number.isNaN(date)) {
        log.debug("No Date header on the upload answers: using this machine's clock instead.");
        return Math.floor(Date.now() / 1000);
    }
    return Math.floor(date / 1000);
}
function factsOf(report) {
    return {
        cancelled: report.cancelled,
        error: report.error,
        sync: report.sync,
        publish: report.publish,
        jobIds: report.jobIds
    };
}
/** The effective settings, for the log; the key and secret are never among them. */
function describeSettings(settings) {
    const yesNo = (value) => (value ? 'true' : 'false');
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


/***/ }),

/***/ 7194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wg: () => (/* binding */ setSecretSink),
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   redact: () => (/* binding */ redact)
/* harmony export */ });
/* unused harmony export forgetSecrets */
// The run's secrets, and the one function that takes them out of any text. Every sink (the
// log, annotations, the summary, outputs, errors, the terminal) passes its final text through
// `redact` last, after any escaping or quoting, so nothing a server echoes back or a library
// puts in an error can carry a secret out, even where the runner's own masking would not see
// it (local runs, the command line, tests).
//
// A secret is found in any form the way out may have given it: as it is; with its punctuation
// escaped by backslashes (JSON, Markdown: `\"`, `\_`, `\\`), as HTML entities (`&lt;`), percent-
// encoded (`%2B`) or JSON-escaped (`\u003c`); and, for a secret of several lines, with its line
// breaks as they are, escaped (`\n`, `%0A`), turned into blanks, or as `<br>`. Each line of a
// multi-line secret (of 4 characters or more) is a secret of its own too, so a message that
// carries only one line of it is redacted as well.
const secrets = new Set();
let patterns = [];
let sink = () => { };
/** Lines of a multi-line secret shorter than this are not redacted on their own. */
const MIN_LINE_LENGTH = 4;
/** Registers a value to redact (and tells the sink, such as the runner's `::add-mask::`). */
function registerSecret(value) {
    if (!value || secrets.has(value))
        return;
    const added = [value];
    if (/[\r\n]/.test(value)) {
        for (const line of value.split(/\r\n|\r|\n/)) {
            const trimmed = line.trim();
            if (trimmed.length >= MIN_LINE_LENGTH && !secrets.has(trimmed))
                added.push(trimmed);
        }
    }
    for (const secret of added)
        secrets.add(secret);
    // Longest first, so a secret that contains another is replaced whole.
    patterns = [...secrets].sort((a, b) => b.length - a.length).map(secretPattern);
    for (const secret of added)
        sink(secret);
}
/** Where each secret registered from now on is also sent (the runner's `::add-mask::`). */
function setSecretSink(send) {
    sink = send;
}
function redact(text) {
    let out = text;
    for (const pattern of patterns)
        out = out.replace(pattern, '***');
    return out;
}
/** For tests that run the action more than once in one process. */
function forgetSecrets() {
    secrets.clear();
    patterns = [];
}
/** A run of line breaks, in any of the forms a line break takes on the way out. */
const LINE_BREAK = String.raw `(?:\s|\\+[rn]|%0[aAdD]|<br\s*/?>)+`;
const ENTITIES = {
    '&': ['&amp;'],
    '<': ['&lt;'],
    '>': ['&gt;'],
    '"': ['&quot;'],
    "'": ['&apos;']
};
/** The pattern of every form of `secret` (see the file's comment). */
function secretPattern(secret) {
    const chars = [...secret];
    let source = '';
    for (let i = 0; i < chars.length; i++) {
        const char = chars[i];
        if (char === '\r' || char === '\n') {
            while (chars[i + 1] === '\r' || chars[i + 1] === '\n')
                i++;
            source += LINE_BREAK;
        }
        else {
            source += charPattern(char);
        }
    }
    return new RegExp(source, 'g');
}
function charPattern(char) {
    if (/^[A-Za-z0-9]$/.test(char))
        return char;
    const code = char.codePointAt(0);
    const forms = [escapeRegExp(char)];
    if (code < 0x80) {
        const hex = code.toString(16).padStart(2, '0');
        forms.push(`%${hex.toUpperCase()}`, `%${hex.toLowerCase()}`, `&#${code};`, `&#x${hex};`);
        forms.push(...(ENTITIES[char] ?? []));
        if (char === ' ')
            forms.push(String.raw `\s+`, String.raw `\+`, '&nbsp;');
        if (char === '\t')
            forms.push(String.raw `\s+`, String.raw `\\+t`);
    }
    else {
        forms.push([...Buffer.from(char, 'utf8')].map(byte => `%${byte.toString(16).toUpperCase()}`).join(''));
    }
    if (code <= 0xffff) {
        const unicode = code.toString(16).padStart(4, '0');
        forms.push(String.raw `\\u${unicode}`, String.raw `\\u${unicode.toUpperCase()}`);
    }
    // Any number of backslashes before it: JSON, Markdown and double escaping.
    return String.raw `(?:\\*(?:${forms.join('|')}))`;
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}


/***/ })

};
