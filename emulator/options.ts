// The emulator's options: defaults filled in at start, and put back by reset().
//
// Tests change `emulator.options` between requests; reset() restores the values the emulator
// started with, in the same object (callers hold references to it), so one test's knobs do
// not leak into the next.
import type { EmulatorOptions, JobScript, ResolvedEmulatorOptions } from './types.js';

export function resolveOptions(options: EmulatorOptions): ResolvedEmulatorOptions {
  return {
    apiKey: options.apiKey ?? 'demo-key',
    apiSecret: options.apiSecret ?? 'demo-secret',
    siteId: options.siteId ?? '5f1e2d3c4b5a69788796a5b4',
    domain: options.domain ?? 'example.siteleaf.net',
    port: options.port ?? 0,
    latencyMs: options.latencyMs ?? 0,
    duplicateFilenames: options.duplicateFilenames ?? 'keep-both',
    jobsPath: options.jobsPath ?? 'both',
    eventName: options.eventName ?? 'publish',
    replay: options.replay ?? 'all',
    job: options.job ?? {},
    rateLimit: options.rateLimit ?? { limit: 500, windowMs: 300_000 },
    keepBodyBytesUpTo: options.keepBodyBytesUpTo ?? 1024 * 1024,
    siteVersion: options.siteVersion ?? 'v1',
    v1SiteOnV2: options.v1SiteOnV2 ?? 'not-found',
    ignoreRecursive: options.ignoreRecursive ?? false,
    recursiveDirectories: options.recursiveDirectories ?? false,
    maxPerPage: options.maxPerPage ?? Number.POSITIVE_INFINITY,
    normalizeNames: options.normalizeNames ?? false,
    rewriteContent: options.rewriteContent ?? false,
    jobStreamFormat: options.jobStreamFormat ?? 'sse',
    echoCredentials: options.echoCredentials ?? false,
    forgedJobId: options.forgedJobId ?? '',
    onResponse: options.onResponse,
    tls: options.tls
  };
}

function copyScript(script: JobScript): JobScript {
  return script.steps
    ? { ...script, steps: script.steps.map(step => ({ ...step })) }
    : { ...script };
}

/**
 * A copy deep enough that nothing a test can reach through `options` is shared with it:
 * the job script and the rate limit are plain data a test may edit in place. The TLS
 * material and the callback are kept as they are.
 */
export function copyOptions(options: ResolvedEmulatorOptions): ResolvedEmulatorOptions {
  return { ...options, job: copyScript(options.job), rateLimit: { ...options.rateLimit } };
}

/** Make `target` equal to `initial` again, in place; fields added since are removed. */
export function restoreOptions(
  target: ResolvedEmulatorOptions,
  initial: ResolvedEmulatorOptions
): void {
  const fresh = copyOptions(initial);
  for (const key of Object.keys(target)) {
    if (!(key in fresh)) delete (target as unknown as Record<string, unknown>)[key];
  }
  Object.assign(target, fresh);
}
