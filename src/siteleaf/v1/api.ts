// The Siteleaf v1 API (sites made before 2016): theme assets under
// `/v1/sites/:site_id/theme/assets`, publish at `/v1/sites/:id/publish`, the job stream at
// `/v1/jobs/:id` (or `/api/v1/jobs/:id`, the path the announcement post shows). Paths carry the
// `.json` suffix, as the official v1 gem sends them.
import type { Log } from '../../log.js';
import { ApiAdapter } from '../api.js';
import type {
  ApiTraits,
  FileToUpload,
  JobOutcomeOnSite,
  RemoteFile,
  SettledPuts,
  SiteInfo,
  SiteleafApi
} from '../api.js';
import { multipartWithFile } from '../file-part.js';
import { headerValue, idSegment, type SiteleafHttp } from '../http.js';
import { publishedJobId, type PublishResponse } from '../job-types.js';
import { AssetWriter, toRemote, type AssetEndpoints } from './asset-writer.js';
import type { Site, ThemeAsset } from './types.js';

export const V1_TRAITS: ApiTraits = {
  version: 'v1',
  checksumKind: 'md5',
  namesIgnoreCase: false,
  uploadsFirst: [],
  sourceIsJekyllSite: false,
  jobEventName: 'publish'
};

export class V1Api extends ApiAdapter implements SiteleafApi {
  private readonly site: string;
  private readonly writer: AssetWriter;

  constructor(
    private readonly http: SiteleafHttp,
    siteId: string,
    log: Log
  ) {
    super(V1_TRAITS);
    this.site = idSegment(siteId, 'site id');
    this.writer = new AssetWriter(new V1AssetEndpoints(http, this.site), log);
  }

  async readSite(): Promise<SiteInfo> {
    const { value } = await this.http.json<Site>(
      'Reading the site',
      'GET',
      `/v1/sites/${this.site}.json`
    );
    return { title: stringOr(value?.title), domain: stringOr(value?.domain) };
  }

  async listFiles(signal?: AbortSignal): Promise<RemoteFile[]> {
    return (await listAssets(this.http, this.site, signal)).map(toRemote);
  }

  putFile(file: FileToUpload, previous: readonly RemoteFile[], signal?: AbortSignal) {
    return this.writer.put(file, previous, signal);
  }

  async deleteFile(file: RemoteFile, signal?: AbortSignal): Promise<void> {
    await deleteAsset(this.http, file.id as string, signal);
  }

  settlePuts(signal?: AbortSignal): Promise<SettledPuts> {
    return this.writer.settle(signal);
  }

  async publish(): Promise<string> {
    const { value } = await this.http.json<PublishResponse>(
      'Starting the publish',
      'POST',
      `/v1/sites/${this.site}/publish.json`
    );
    return publishedJobId(value);
  }

  jobStreamPaths(jobId: string): string[] {
    const id = idSegment(jobId, 'job id');
    return [`/v1/jobs/${id}`, `/api/v1/jobs/${id}`];
  }

  openJobStream(jobPath: string, signal: AbortSignal) {
    return this.http.openStream('Following the publish job', jobPath, signal, [404, 410]);
  }

  /** v1 sites say nothing of past jobs: a 410 stays "job not found". */
  async jobOutcomeOnSite(): Promise<JobOutcomeOnSite | undefined> {
    return undefined;
  }
}

async function listAssets(
  http: SiteleafHttp,
  site: string,
  signal?: AbortSignal,
  ignoreCancel = false
): Promise<ThemeAsset[]> {
  const step = 'Listing the theme assets';
  const { value } = await http.json<ThemeAsset[]>(
    step,
    'GET',
    `/v1/sites/${site}/theme/assets.json`,
    { signal, ignoreCancel }
  );
  if (!Array.isArray(value)) {
    throw new Error(`${step} failed: Siteleaf did not answer with a list.`);
  }
  return value;
}

async function deleteAsset(http: SiteleafHttp, id: string, signal?: AbortSignal) {
  await http.request(
    `Deleting asset ${id}`,
    'DELETE',
    `/v1/assets/${idSegment(id, 'asset id')}.json`,
    {
      signal
    }
  );
}

/** The requests AssetWriter makes, over HTTP. */
class V1AssetEndpoints implements AssetEndpoints {
  constructor(
    private readonly http: SiteleafHttp,
    private readonly site: string
  ) {}

  /** Multipart `file` + `filename`, streamed from disk. Never sends `replace` (it swaps the whole theme). */
  async upload(file: FileToUpload, signal?: AbortSignal) {
    // A POST retried after a lost answer may have created the asset twice: the writer checks.
    let uncertain = false;
    const step = `Uploading ${file.filename}`;
    const answer = await this.http.request(
      step,
      'POST',
      `/v1/sites/${this.site}/theme/assets.json`,
      {
        signal,
        onUncertainRetry: () => (uncertain = true),
        body: () => multipartWithFile(file, { filename: file.filename })
      }
    );
    let asset: ThemeAsset | undefined;
    try {
      asset = JSON.parse(answer.text) as ThemeAsset;
    } catch {
      asset = undefined;
    }
    // Which old copies get deleted depends on this id: never guess it.
    if (!asset || typeof asset.id !== 'string' || !asset.id) {
      throw new Error(
        `${step}: Siteleaf answered without an asset id, so whether the upload replaced the ` +
          'previous copy is unknown (the previous copy was kept).'
      );
    }
    return { asset, date: headerValue(answer.headers.date), uncertain };
  }

  delete(id: string, signal?: AbortSignal): Promise<void> {
    return deleteAsset(this.http, id, signal);
  }

  async restore(id: string, signal: AbortSignal): Promise<void> {
    await this.http.request(
      `Restoring asset ${id}`,
      'PUT',
      `/v1/assets/${idSegment(id, 'asset id')}/restore.json`,
      { signal, ignoreCancel: true }
    );
  }

  list(signal?: AbortSignal, evenIfCancelled = false): Promise<ThemeAsset[]> {
    return listAssets(this.http, this.site, signal, evenIfCancelled);
  }
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
