// Whether the job that publish handed back was already under way before this run's uploads.
import { describe, expect, it } from '@jest/globals';
import { startedBeforeUploads } from '../src/publish.js';
import type { JobEvent } from '../src/siteleaf/job-events.js';

const first = (updatedAt: string): JobEvent => ({
  status: 'working',
  message: 'Starting publish',
  updatedAt
});

// `Date: Sun, 22 Nov 2026 10:00:00 GMT` of the last upload's answer, in whole seconds.
const LAST_UPLOAD = Math.floor(Date.parse('Sun, 22 Nov 2026 10:00:00 GMT') / 1000);

describe('startedBeforeUploads', () => {
  it('a job whose first event is strictly earlier than the last upload was under way', () => {
    expect(startedBeforeUploads(first(String(LAST_UPLOAD - 1)), LAST_UPLOAD)).toBe(true);
    expect(startedBeforeUploads(first(String(LAST_UPLOAD - 3600)), LAST_UPLOAD)).toBe(true);
  });

  it('the same second is not earlier (both are whole seconds)', () => {
    expect(startedBeforeUploads(first(String(LAST_UPLOAD)), LAST_UPLOAD)).toBe(false);
  });

  it('a fraction of a second is dropped before comparing', () => {
    expect(startedBeforeUploads(first(`${LAST_UPLOAD}.75`), LAST_UPLOAD)).toBe(false);
    expect(startedBeforeUploads(first(`${LAST_UPLOAD - 1}.99`), LAST_UPLOAD)).toBe(true);
  });

  it('a job that began after the last upload is ours', () => {
    expect(startedBeforeUploads(first(String(LAST_UPLOAD + 1)), LAST_UPLOAD)).toBe(false);
  });

  it('nothing uploaded: any job will do', () => {
    expect(startedBeforeUploads(first(String(LAST_UPLOAD - 1000)), undefined)).toBe(false);
  });

  it('a first event without a usable time cannot be judged stale', () => {
    expect(startedBeforeUploads(first(''), LAST_UPLOAD)).toBe(false);
    expect(startedBeforeUploads(first('yesterday'), LAST_UPLOAD)).toBe(false);
  });
});
