// The JSON the Siteleaf v1 API speaks, as documented in the API reference
// (only the fields this action reads are required; the rest are optional).

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

/** `POST /v1/sites/:id/publish` */
export interface PublishResponse {
  /** 24 hex characters. */
  job_id: string;
}

/** The JSON inside one `data:` line of the job stream (`GET /v1/jobs/:id`). */
export interface JobEventData {
  status: string;
  message?: string;
  /** Epoch seconds, as a string. */
  updated_at?: string;
}
