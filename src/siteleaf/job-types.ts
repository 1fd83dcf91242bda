// The JSON of the job endpoints, the same on both API versions, and the reading of it.
import { idSegment } from './http.js';

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

/**
 * The job id a publish answered with. Refused when missing, or when it is not a plain id,
 * before it is printed, set as an output or put in a URL.
 */
export function publishedJobId(answer: Partial<PublishResponse> | null | undefined): string {
  const jobId = answer?.job_id;
  if (typeof jobId !== 'string' || !jobId) {
    throw new Error('Starting the publish failed: Siteleaf answered without a job_id.');
  }
  idSegment(jobId, 'job id');
  return jobId;
}
