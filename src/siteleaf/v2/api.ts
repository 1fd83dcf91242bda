// The Siteleaf v2 API (every site made since 2016): one source tree per site under
// `/v2/sites/:site_id/source`, where a PUT creates or replaces a file in place (so a replaced
// file is never absent), publish at `/v2/sites/:site_id/publish`, the job stream at
// `/v2/jobs/:job_id` with `event:status`. v2 paths have no `.json` suffix.
import type { Log } from '../../log.js';
import { ApiAdapter } from '../api.js';
import type {
  ApiTraits,
  FileToUpload,
  JobKind,
  JobOutcomeOnSite,
  PutResult,
  RemoteFile,
  RemoteRole,
  SettledPuts,
  SiteInfo,
  SiteleafApi
} from '../api.js';
import { multipartWithFile } from '../file-part.js';
import { headerValue, idSegment, parseJson, type SiteleafHttp } from '../http.js';
import { SiteleafApiError } from '../errors.js';
import { publishedJobId, type PublishResponse } from '../job-types.js';
import { listSourceTree, sourcePath } from './source-listing.js';
import type { Site, SourceEntry } from './types.js';

export const V2_TRAITS: ApiTraits = {
  version: 'v2',
  checksumKind: 'git-blob-sha1',
  namesIgnoreCase: true,
  // Siteleaf reads `_config.yml` to tell pages, documents and files apart.
  uploadsFirst: ['_config.yml'],
  sourceIsJekyllSite: true,
  jobEventName: 'status'
};

export class V2Api extends ApiAdapter implements SiteleafApi {
  private readonly site: string;
  /** The site as API detection read it, so the flow's first read costs no request. */
  private known: Site | undefined;

  constructor(
    private readonly http: SiteleafHttp,
    siteId: string,
    private readonly log: Log,
    known?: Site
  ) {
    super(V2_TRAITS);
    this.site = idSegment(siteId, 'site id');
    this.known = known;
  }

  async readSite(): Promise<SiteInfo> {
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
        ? { runningSyncJob: syncJobId(site.jobs.sync.id) }
        : {})
    };
  }

  async listFiles(signal?: AbortSignal): Promise<RemoteFile[]> {
    const entries = await listSourceTree(this.http, this.site, signal);
    return entries.filter(entry => entry.type !== 'directory').map(toRemote);
  }

  /** PUT replaces in place: there is never a moment without the file, and nothing to delete. */
  async putFile(
    file: FileToUpload,
    _previous: readonly RemoteFile[],
    signal?: AbortSignal
  ): Promise<PutResult> {
    const step = `Uploading ${file.filename}`;
    const answer = await this.http.request(step, 'PUT', sourcePath(this.site, file.filename), {
      signal,
      body: () => multipartWithFile(file)
    });
    const entry = parseJson<Partial<SourceEntry> | null>(answer, step);
    const stored = typeof entry?.name === 'string' && entry.name ? entry.name : file.filename;
    if (stored !== file.filename) {
      this.log.warning(
        `Siteleaf stored ${file.filename} as ${stored}. Rename the local file to ${stored} ` +
          'so that the next run finds it unchanged.',
        { title: 'Renamed by Siteleaf' }
      );
    }
    return { filename: stored, date: headerValue(answer.headers.date) };
  }

  async deleteFile(file: RemoteFile, signal?: AbortSignal): Promise<void> {
    await this.http.request(
      `Deleting ${file.filename}`,
      'DELETE',
      sourcePath(this.site, file.filename),
      { signal }
    );
  }

  /** A PUT retried after a lost answer only puts the same bytes again: nothing to settle. */
  async settlePuts(): Promise<SettledPuts> {
    return { failed: [], extraCopiesRemoved: [] };
  }

  async publish(): Promise<string> {
    const { value } = await this.http.json<PublishResponse>(
      'Starting the publish',
      'POST',
      `/v2/sites/${this.site}/publish`,
      { body: () => '{}' }
    );
    return publishedJobId(value);
  }

  jobStreamPaths(jobId: string): string[] {
    return [`/v2/jobs/${idSegment(jobId, 'job id')}`];
  }

  openJobStream(jobPath: string, signal: AbortSignal) {
    return this.http.openStream('Following the job', jobPath, signal, [404, 410]);
  }

  /**
   * A gone job's end, as the site remembers it: `jobs.<kind>.last_id` is this job, and
   * `last_error` says whether it failed. Anything else cannot be told.
   */
  async jobOutcomeOnSite(jobId: string, kind: JobKind): Promise<JobOutcomeOnSite | undefined> {
    const site = await this.fetchSite(`Asking the site how ${kind} job ${jobId} ended`);
    const state = site.jobs?.[kind];
    if (!state || state.last_id !== jobId || state.id === jobId) return undefined;
    if (state.last_error === null || state.last_error === undefined) return { status: 'complete' };
    return { status: 'failed', message: String(state.last_error) };
  }

  private async fetchSite(step: string): Promise<Site> {
    const { value } = await this.http.json<Site>(step, 'GET', `/v2/sites/${this.site}`);
    return value;
  }
}

/** A sync job id to follow: one plain id, checked before it is printed or put in a URL. */
function syncJobId(id: string): string {
  idSegment(id, 'sync job id');
  return id;
}

/** What a source entry is to the flow: theme files are the repository's, content is editors'. */
export function toRemote(entry: SourceEntry): RemoteFile {
  return {
    filename: entry.name,
    checksum: typeof entry.sha === 'string' && entry.sha ? entry.sha.toLowerCase() : null,
    role: roleOf(entry.type),
    type: entry.type
  };
}

function roleOf(type: string): RemoteRole {
  if (type === 'file') return 'file';
  if (type === 'site') return 'config';
  // `page`, `document`, and any type this action does not know: someone edits it in Siteleaf.
  return 'content';
}
