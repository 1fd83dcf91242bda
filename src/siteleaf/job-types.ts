// The JSON of the job endpoints, the same on both API versions.

/** `POST /v1/sites/:id/publish`, `POST /v2/sites/:id/publish` */
export interface PublishResponse {
  /** 24 hex characters. */
  job_id: string;
}

/** The JSON inside one `data:` line of the job stream (`GET /v1/jobs/:id`, `GET /v2/jobs/:id`). */
export interface JobEventData {
  status: string;
  message?: string;
  /** Epoch seconds, as a string. */
  updated_at?: string;
}
