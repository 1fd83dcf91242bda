// The site resource: how `GET /v1/sites/:id` and `GET /v2/sites/:id` describe it.
//
// A v2 site also reports its jobs: per kind, the one running and the last one that ended
// (with its error). The last ones are remembered here, not looked up in the job store,
// because a job that has expired (410 on its stream) is exactly when a client asks the site
// what became of it.
import type { JobEventData } from '../src/siteleaf/job-types.js';
import type { JobKind, ResolvedEmulatorOptions, SiteVersion } from './types.js';
import { isoSeconds, siteleafTime } from './util.js';

/** What `jobs.<kind>` says about the last job of that kind to end. */
interface LastJob {
  last_id: string | null;
  last_at: string | null;
  last_error: string | null;
}

/** The v2 site lists these kinds, whether the emulator runs such jobs or not. */
const SITE_JOB_KINDS = ['publish', 'sync', 'preview'] as const;
type SiteJobKind = (typeof SITE_JOB_KINDS)[number];

const NO_JOB: LastJob = { last_id: null, last_at: null, last_error: null };

/** Siteleaf's owner id for the example site (its value is never checked). */
export const USER_ID = '533d750e1829c7785c000001';

export class SiteRecord {
  private readonly createdMs = Date.now();
  private last = new Map<SiteJobKind, LastJob>();

  /** A job ended on `final`: it becomes the last of its kind. */
  jobEnded(kind: JobKind, id: string, final: JobEventData): void {
    this.last.set(kind, {
      last_id: id,
      last_at: isoSeconds(),
      last_error: final.status === 'complete' ? null : (final.message ?? final.status)
    });
  }

  /** Forget every job (reset). */
  clearJobs(): void {
    this.last = new Map();
  }

  /** The v1 site: unchanged from before v2 existed in the emulator. */
  v1Json(options: ResolvedEmulatorOptions): Record<string, unknown> {
    const created = new Date(this.createdMs).toISOString();
    return {
      id: options.siteId,
      title: 'Example Site',
      domain: options.domain,
      timezone: 'UTC',
      created_at: created,
      updated_at: created
    };
  }

  /**
   * The v2 site. `running(kind)` is the id of the job of that kind under way, if any.
   * `version` is 'v1' when a v1 site answers on v2 (`v1SiteOnV2: 'version'`).
   */
  v2Json(
    options: ResolvedEmulatorOptions,
    version: SiteVersion,
    running: (kind: JobKind) => string | null
  ): Record<string, unknown> {
    const jobs: Record<string, unknown> = {};
    for (const kind of SITE_JOB_KINDS) {
      const id = kind === 'preview' ? null : running(kind);
      jobs[kind] = { id, ...(this.last.get(kind) ?? NO_JOB) };
    }
    const created = siteleafTime(this.createdMs);
    return {
      id: options.siteId,
      title: 'Example Site',
      domain: options.domain,
      cname: null,
      version,
      timezone: 'UTC',
      user_id: USER_ID,
      metadata: {},
      defaults: [],
      jobs,
      created_at: created,
      updated_at: created
    };
  }
}
