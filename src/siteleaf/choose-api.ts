// Which API a site runs on. Sites made before 2016 run on v1, every later one on v2, and
// neither API serves the other's sites. `auto` asks v2 first (where nearly every site is):
// an answer whose `version` is not `v1` is a v2 site, already read; a 404, or `version: "v1"`,
// sends the question to v1, whose answer confirms it. Credentials refused (401, 403) are
// never a reason to try the other API: they fail as themselves.
import type { Log } from '../log.js';
import type { ApiTraits, ApiVersion, SiteInfo, SiteleafApi } from './api.js';
import { SiteleafApiError } from './errors.js';
import { idSegment, parseJson, type SiteleafHttp } from './http.js';
import { V1Api, V1_TRAITS } from './v1/api.js';
import { V2Api, V2_TRAITS } from './v2/api.js';
import type { Site as V2Site } from './v2/types.js';

export type ApiChoice = ApiVersion | 'auto';

/** What a choice tells before any request: the chosen API's traits, or undefined for `auto`. */
export function traitsOf(choice: ApiChoice): ApiTraits | undefined {
  return choice === 'v1' ? V1_TRAITS : choice === 'v2' ? V2_TRAITS : undefined;
}

export interface ChosenApi {
  readonly api: SiteleafApi;
  readonly site: SiteInfo;
  /** True when `auto` found the version; false when the input set it. */
  readonly detected: boolean;
}

export async function chooseApi(
  http: SiteleafHttp,
  choice: ApiChoice,
  siteId: string,
  log: Log
): Promise<ChosenApi> {
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
    const site = parseJson<V2Site>(answer, step);
    if (site?.version !== 'v1') {
      const api = new V2Api(http, siteId, log, site);
      return { api, site: await api.readSite(), detected: true };
    }
  }
  log.debug(`The v2 API does not serve site ${siteId}; asking the v1 API.`);
  const api = new V1Api(http, siteId, log);
  try {
    return { api, site: await api.readSite(), detected: true };
  } catch (error) {
    if (error instanceof SiteleafApiError && error.status === 404) {
      throw new SiteleafApiError(
        'Reading the site',
        404,
        `neither Siteleaf's v2 nor its v1 API knows site ${siteId}`,
        error.attempts
      );
    }
    throw error;
  }
}

/** A 404 under a version the input chose: the site may run on the other API. */
async function readSiteOf(api: SiteleafApi, siteId: string, version: ApiVersion) {
  try {
    return await api.readSite();
  } catch (error) {
    if (error instanceof SiteleafApiError && error.status === 404) {
      const other = version === 'v1' ? 'v2' : 'v1';
      throw new SiteleafApiError(
        'Reading the site',
        404,
        `Siteleaf's ${version} API does not know site ${siteId}; check site-id, or the site ` +
          `may run on the ${other} API (api-version: ${other}, or auto to let the action ask)`,
        error.attempts
      );
    }
    throw error;
  }
}
