// The JSON the Siteleaf v1 API speaks, as its API reference documents it (only the fields
// this action reads are required; the rest are optional). Job JSON: ../job-types.ts.

/** `GET /v1/sites/:id` */
export interface Site {
  id: string;
  title?: string;
  domain?: string;
  cname?: string;
  timezone?: string;
  created_at?: string;
  updated_at?: string;
}

/** One entry of `GET /v1/sites/:site_id/theme/assets`, also the answer to an upload. */
export interface ThemeAsset {
  id: string;
  /** Path relative to the theme root, `/`-separated: `assets/css/site.css`. */
  filename: string;
  /** MD5 of the content, lowercase hex. */
  checksum: string;
  url?: string;
  permalink?: string;
  content_type?: string;
  filesize?: number;
  created_at?: string;
  updated_at?: string;
}
