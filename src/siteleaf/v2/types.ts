// The JSON the Siteleaf v2 API speaks, as its pages document it (reference/siteleaf-v2-docs:
// sites.md, source.md, jobs.md). Only the fields this action reads are required.

/** One kind of job in a site's `jobs`: the one running (`id`) and the last that ended. */
export interface SiteJobState {
  id?: string | null;
  last_id?: string | null;
  last_at?: string | null;
  /** The last job's error message; null when it completed. */
  last_error?: string | null;
}

/** `GET /v2/sites/:site_id` */
export interface Site {
  id: string;
  title?: string;
  domain?: string;
  /** `v2` for the sites this API serves; `v1` for an older site it only describes. */
  version?: string;
  jobs?: {
    publish?: SiteJobState;
    sync?: SiteJobState;
    preview?: SiteJobState;
  };
}

/** `site` is `_config.yml`; `page` and `document` are content; `directory` is not a file. */
export type SourceType = 'site' | 'page' | 'document' | 'file' | 'directory';

/** One entry of `GET /v2/sites/:site_id/source[/:dir]`, also the answer to a PUT. */
export interface SourceEntry {
  /** Path from the site's root: `_layouts/default.html`. */
  name: string;
  type: SourceType | string;
  /** Git blob SHA-1 of the content, lowercase hex; null for directories. */
  sha: string | null;
  filesize?: number | null;
  url?: string;
  download_url?: string;
  created_at?: string;
  updated_at?: string;
}
