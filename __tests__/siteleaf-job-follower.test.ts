// Following a job's stream, with the stream faked: what is final, replays known by identity,
// and a 200 that is not an event stream.
import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { StreamAnswer } from '../src/siteleaf/http.js';
import type { JobEvent } from '../src/siteleaf/job-events.js';
import { followJob, type JobStreamApi } from '../src/siteleaf/job-follower.js';
import { recordingLog } from './helpers/fixtures.js';

/** One answer of the fake job endpoint. */
interface Reply {
  status?: number;
  type?: string;
  body: string;
}

const sse = (...events: Array<Record<string, string>>) =>
  events.map(data => `event:publish\ndata:${JSON.stringify(data)}\n\n`).join('');
const ev = (status: string, message: string, updated_at = '100') => ({
  status,
  message,
  updated_at
});

/** A job endpoint that answers `replies` in turn (the last one again and again). */
function fakeApi(replies: Reply[]): JobStreamApi & { opened: number } {
  const api = {
    opened: 0,
    jobEventName: 'publish',
    jobStreamPaths: (id: string) => [`/v1/jobs/${id}`],
    jobOutcomeOnSite: async () => undefined,
    openJobStream: async (): Promise<StreamAnswer> => {
      const reply = replies[Math.min(api.opened, replies.length - 1)] as Reply;
      api.opened++;
      return {
        statusCode: reply.status ?? 200,
        headers: { 'content-type': reply.type ?? 'text/event-stream' },
        body: Readable.from([Buffer.from(reply.body)]) as unknown as StreamAnswer['body']
      };
    }
  };
  return api;
}

async function follow(replies: Reply[], deadlineMs = 2000) {
  const api = fakeApi(replies);
  const events: JobEvent[] = [];
  const log = recordingLog();
  const outcome = await followJob({
    api,
    jobId: 'abc',
    kind: 'publish',
    deadline: Date.now() + deadlineMs,
    idleTimeoutMs: 1000,
    reopenDelayMs: 1,
    onEvent: event => events.push(event),
    log
  });
  return {
    outcome,
    events,
    info: log.messages('info'),
    warnings: log.messages('warning'),
    opened: api.opened
  };
}

describe('what is final', () => {
  it('complete passes, error fails', async () => {
    expect((await follow([{ body: sse(ev('complete', 'Done')) }])).outcome.result).toBe('complete');
    expect((await follow([{ body: sse(ev('error', 'Boom')) }])).outcome.result).toBe('failed');
  });

  it('an unknown status followed by more events is progress', async () => {
    const { outcome, events } = await follow([
      { body: sse(ev('building', 'Pages', '1'), ev('complete', 'Done', '2')) }
    ]);
    expect(outcome.result).toBe('complete');
    expect(events.map(e => e.status)).toEqual(['building', 'complete']);
  });

  it('an unknown status followed by more events on a reopened stream is progress', async () => {
    const { outcome, events, opened } = await follow([
      { body: sse(ev('building', 'Pages', '1')) },
      { body: sse(ev('building', 'Pages', '1'), ev('complete', 'Done', '2')) }
    ]);
    expect(outcome.result).toBe('complete');
    expect(events.map(e => e.message)).toEqual(['Pages', 'Done']);
    expect(opened).toBe(2);
  });

  it('an unknown status the job ends on is final: failed, naming it', async () => {
    const { outcome, info, opened } = await follow([
      { body: sse(ev('working', 'Start', '1'), ev('archived', 'Stopped', '2')) }
    ]);
    expect(outcome.result).toBe('failed');
    expect(outcome.result === 'failed' && outcome.last.message).toBe(
      "the job ended with status 'archived': Stopped"
    );
    // Asked once more before calling it final, as a proxy may close a stream mid-job.
    expect(opened).toBe(2);
    expect(info).toEqual([
      "The job stream closed after status 'archived', which may be the job's end; reopening it."
    ]);
  });

  it('an unknown status, then the job gone (410): the job ended on it', async () => {
    const { outcome } = await follow([
      { body: sse(ev('archived', 'Stopped', '2')) },
      { status: 410, body: sse(ev('error', 'Job not found')) }
    ]);
    expect(outcome.result).toBe('failed');
    expect(outcome.result === 'failed' && outcome.last.message).toMatch(/'archived'/);
  });

  it('a known progress status the stream closes on is reopened until the deadline', async () => {
    const { outcome } = await follow([{ body: sse(ev('working', 'Start')) }], 200);
    expect(outcome.result).toBe('timeout');
  });
});

describe('replays', () => {
  it('events whose updated_at goes backwards are each reported once across reopens', async () => {
    const all = [ev('working', 'a', '10'), ev('working', 'b', '5'), ev('working', 'c', '1')];
    const { events, outcome } = await follow([
      { body: sse(...all.slice(0, 2)) },
      { body: sse(...all) },
      { body: sse(...all, ev('complete', 'Done', '0')) }
    ]);
    expect(outcome.result).toBe('complete');
    expect(events.map(e => e.message)).toEqual(['a', 'b', 'c', 'Done']);
  });
});

describe('a 200 that is not an event stream', () => {
  it('JSON with a status is read as an event, and called out once', async () => {
    const { outcome, events, warnings } = await follow([
      { type: 'application/json', body: JSON.stringify(ev('working', 'Busy', '1')) },
      { type: 'application/json', body: JSON.stringify(ev('working', 'Busy', '1')) },
      { type: 'application/json', body: JSON.stringify(ev('complete', 'Done', '2')) }
    ]);
    expect(outcome.result).toBe('complete');
    expect(events.map(e => e.message)).toEqual(['Busy', 'Done']);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^The publish job's stream answered HTTP 200 with application\/json, not an event stream/
      )
    ]);
  });

  it('HTML is called out with its title, and asked again until the deadline', async () => {
    const { outcome, warnings, info, opened } = await follow(
      [{ type: 'text/html', body: '<html><title>Maintenance</title><p>Back soon</p></html>' }],
      150
    );
    expect(outcome.result).toBe('timeout');
    expect(opened).toBeGreaterThan(1);
    expect(warnings).toEqual([
      "The publish job's stream answered HTTP 200 with text/html, not an event stream: Maintenance."
    ]);
    // Said once, not once per time it is asked again.
    expect(info.filter(line => /text\/html/.test(line))).toHaveLength(1);
  });

  it('no content type but SSE text is read as SSE', async () => {
    const { outcome } = await follow([{ type: '', body: sse(ev('complete', 'Done')) }]);
    expect(outcome.result).toBe('complete');
  });
});

describe('event names', () => {
  it('reads events named as the API names them, and says nothing about it', async () => {
    const { outcome, info } = await follow([{ body: sse(ev('complete', 'Done')) }]);
    expect(outcome.result).toBe('complete');
    expect(info.filter(line => /events/.test(line))).toEqual([]);
  });

  it('reads unnamed events, or events under another name, all the same, and says so once', async () => {
    const unnamed = [ev('working', 'One'), ev('complete', 'Done', '101')]
      .map(data => `data:${JSON.stringify(data)}\n\n`)
      .join('');
    const first = await follow([{ body: unnamed }]);
    expect(first.outcome.result).toBe('complete');
    expect(first.events.map(e => e.message)).toEqual(['One', 'Done']);
    expect(first.info.filter(line => /events/.test(line))).toEqual([
      "The job stream sends unnamed events where 'publish' was expected; reading them all the same."
    ]);

    const other = unnamed.replace(/^data:/gm, 'event:status\ndata:');
    const second = await follow([{ body: other }]);
    expect(second.outcome.result).toBe('complete');
    expect(second.info.filter(line => /events/.test(line))).toEqual([
      "The job stream names its events 'status' where 'publish' was expected; reading them all the same."
    ]);
  });
});
