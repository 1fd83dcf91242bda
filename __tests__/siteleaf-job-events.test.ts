// The publish job stream's events: parsing, meaning, log lines and replay de-duplication.
import { describe, expect, it } from '@jest/globals';
import {
  ReplayFilter,
  classifyJobEvent,
  eventEpochSeconds,
  formatJobEvent,
  parseJobEventData,
  type JobEvent
} from '../src/siteleaf/job-events.js';

const ev = (status: string, message = '', updatedAt = ''): JobEvent => ({
  status,
  message,
  updatedAt
});

describe('parseJobEventData', () => {
  it('reads the documented JSON with updated_at as a string', () => {
    expect(
      parseJobEventData(
        '{"status":"working","message":"Checking... /home","updated_at":"1700000000"}'
      )
    ).toEqual({
      event: { status: 'working', message: 'Checking... /home', updatedAt: '1700000000' }
    });
  });

  it('reads updated_at sent as a number', () => {
    expect(
      parseJobEventData('{"status":"complete","message":"Done","updated_at":1700000001}')
    ).toEqual({ event: { status: 'complete', message: 'Done', updatedAt: '1700000001' } });
  });

  it('tolerates a missing message and updated_at', () => {
    expect(parseJobEventData('{"status":"working"}')).toEqual({
      event: { status: 'working', message: '', updatedAt: '' }
    });
  });

  it('ignores fields of the wrong type rather than crashing', () => {
    expect(parseJobEventData('{"status":"working","message":{"x":1},"updated_at":[1]}')).toEqual({
      event: { status: 'working', message: '', updatedAt: '' }
    });
  });

  it.each(['not json', '{"status":', '', 'working'])('not JSON (%p) is a problem', data => {
    const parsed = parseJobEventData(data);
    expect(parsed).toHaveProperty('problem');
    expect((parsed as { problem: string }).problem).toMatch(/not JSON/);
  });

  it.each(['{"message":"hi"}', '{"status":""}', '{"status":3}', 'null', '[]', '"working"', '42'])(
    'JSON without a status (%p) is a problem',
    data => {
      const parsed = parseJobEventData(data);
      expect(parsed).toHaveProperty('problem');
      expect((parsed as { problem: string }).problem).toMatch(/without a status/);
    }
  );

  it('shortens a huge bad payload in the problem text', () => {
    const parsed = parseJobEventData('x'.repeat(10_000)) as { problem: string };
    expect(parsed.problem.length).toBeLessThan(300);
  });
});

describe('classifyJobEvent', () => {
  it.each([
    [ev('working', 'Checking... /home'), 'progress'],
    [ev('complete', 'Publish complete'), 'complete'],
    [ev('COMPLETE'), 'complete'],
    [ev('error', 'Liquid syntax error'), 'failed'],
    [ev('failed'), 'failed'],
    [ev('cancelled'), 'failed'],
    [ev('canceled'), 'failed'],
    [ev('error'), 'failed'],
    [ev('aborted'), 'failed'],
    [ev('something-new'), 'unknown'],
    [ev('building', 'Building 3 pages'), 'unknown'],
    [ev('working', 'Publish error: could not write /index.html'), 'failed'],
    [ev('working', 'publish error in _layouts/default.html'), 'failed'],
    [ev('working', 'Checking for Publish error'), 'progress']
  ])('%p is %p', (event, kind) => {
    expect(classifyJobEvent(event)).toBe(kind);
  });
});

describe('eventEpochSeconds', () => {
  it.each([
    ['1700000000', 1700000000],
    ['1700000000.9', 1700000000],
    ['', undefined],
    ['yesterday', undefined],
    ['2024-01-01T00:00:00Z', undefined]
  ])('%p → %p', (updatedAt, seconds) => {
    expect(eventEpochSeconds(ev('working', '', updatedAt))).toBe(seconds);
  });
});

describe('formatJobEvent', () => {
  it('prints UTC time, padded status and message', () => {
    // 1700000000 = 2023-11-14T22:13:20Z
    expect(formatJobEvent(ev('working', 'Checking... /home', '1700000000'))).toBe(
      '22:13:20  working   Checking... /home'
    );
  });

  it('shows dashes when there is no time, and no trailing spaces', () => {
    expect(formatJobEvent(ev('complete'))).toBe('--:--:--  complete');
  });

  it('keeps a long status whole', () => {
    expect(formatJobEvent(ev('cancelled_by_user', 'x', '0'))).toBe(
      '00:00:00  cancelled_by_user  x'
    );
  });

  it('does not crash on an updated_at too large for a date', () => {
    const line = formatJobEvent(ev('working', 'Building', '99999999999999999'));
    expect(line).toContain('Building');
    expect(line).toContain('working');
  });
});

describe('ReplayFilter', () => {
  const events = [
    ev('working', 'Starting publish', '100'),
    ev('working', 'Checking... /home', '101'),
    ev('working', 'Checking... /about', '101'),
    ev('working', 'Uploading', '102'),
    ev('working', 'Uploading', '103')
  ];

  it('passes every distinct event once', () => {
    const filter = new ReplayFilter();
    expect(events.map(e => filter.isNew(e))).toEqual([true, true, true, true, true]);
  });

  it('a reopened stream that replays every event prints nothing again', () => {
    const filter = new ReplayFilter();
    events.forEach(e => filter.isNew(e));
    expect(events.map(e => filter.isNew({ ...e }))).toEqual([false, false, false, false, false]);
    // ...and what comes after the replay is new.
    expect(filter.isNew(ev('complete', 'Done', '104'))).toBe(true);
  });

  it('a reopened stream that replays only the last event prints nothing again', () => {
    const filter = new ReplayFilter();
    events.forEach(e => filter.isNew(e));
    expect(filter.isNew({ ...events[events.length - 1]! })).toBe(false);
    expect(filter.isNew(ev('complete', 'Done', '103'))).toBe(true);
  });

  it('a replay of the last second with several events repeats none of them', () => {
    const filter = new ReplayFilter();
    const same = [ev('working', 'a', '200'), ev('working', 'b', '200'), ev('working', 'c', '200')];
    same.forEach(e => filter.isNew(e));
    expect(same.map(e => filter.isNew(e))).toEqual([false, false, false]);
  });

  it('events in the same second with different messages are both new', () => {
    const filter = new ReplayFilter();
    expect(filter.isNew(ev('working', 'Checking... /a', '300'))).toBe(true);
    expect(filter.isNew(ev('working', 'Checking... /b', '300'))).toBe(true);
  });

  it('same message and time but a different status is new', () => {
    const filter = new ReplayFilter();
    expect(filter.isNew(ev('working', 'Done', '300'))).toBe(true);
    expect(filter.isNew(ev('complete', 'Done', '300'))).toBe(true);
  });

  it('the same text at a later time is new (a job can repeat a message)', () => {
    const filter = new ReplayFilter();
    expect(filter.isNew(ev('working', 'Uploading', '300'))).toBe(true);
    expect(filter.isNew(ev('working', 'Uploading', '301'))).toBe(true);
  });

  it('updated_at as a number or a string is the same event', () => {
    const filter = new ReplayFilter();
    const a = parseJobEventData('{"status":"working","message":"x","updated_at":"400"}');
    const b = parseJobEventData('{"status":"working","message":"x","updated_at":400}');
    expect(filter.isNew((a as { event: JobEvent }).event)).toBe(true);
    expect(filter.isNew((b as { event: JobEvent }).event)).toBe(false);
  });

  it('untimed events: a replay is not printed again, a different one is', () => {
    const filter = new ReplayFilter();
    expect(filter.isNew(ev('working', 'one'))).toBe(true);
    expect(filter.isNew(ev('working', 'two'))).toBe(true);
    expect(filter.isNew(ev('working', 'one'))).toBe(false);
    expect(filter.isNew(ev('working', 'two'))).toBe(false);
    expect(filter.isNew(ev('complete', 'two'))).toBe(true);
  });

  it('untimed and timed events do not hide each other', () => {
    const filter = new ReplayFilter();
    expect(filter.isNew(ev('working', 'x', '500'))).toBe(true);
    expect(filter.isNew(ev('working', 'x'))).toBe(true);
    expect(filter.isNew(ev('working', 'x', '500'))).toBe(false);
  });

  /** What the filter holds: no collection grows with the events; its bits are of fixed size. */
  function expectBounded(filter: ReplayFilter): void {
    for (const value of Object.values(filter as unknown as Record<string, unknown>)) {
      if (value instanceof Set || value instanceof Map) expect(value.size).toBeLessThanOrEqual(256);
      if (Array.isArray(value)) expect(value.length).toBeLessThanOrEqual(256);
      if (value instanceof Uint8Array) expect(value.byteLength).toBeLessThanOrEqual(1024 * 1024);
    }
  }

  it('keeps memory bounded over a long job (20,000 events, one per second)', () => {
    const filter = new ReplayFilter();
    for (let i = 0; i < 20_000; i++) {
      expect(filter.isNew(ev('working', `Checking... /page-${i}`, String(1_700_000_000 + i)))).toBe(
        true
      );
    }
    expectBounded(filter);
    // Still de-duplicates a full replay, its start as well as its tail.
    for (let i = 0; i < 20_000; i++) {
      expect(filter.isNew(ev('working', `Checking... /page-${i}`, String(1_700_000_000 + i)))).toBe(
        false
      );
    }
  });

  it('keeps memory bounded over 20,000 untimed events', () => {
    const filter = new ReplayFilter();
    for (let i = 0; i < 20_000; i++) filter.isNew(ev('working', `untimed ${i}`));
    expectBounded(filter);
    expect(filter.isNew(ev('working', 'untimed 19999'))).toBe(false);
    expect(filter.isNew(ev('working', 'untimed 0'))).toBe(false);
  });

  it('events whose updated_at goes backwards are each new once, in any order', () => {
    const filter = new ReplayFilter();
    const events = [
      ev('working', 'a', '1000'),
      ev('working', 'b', '990'),
      ev('working', 'c', '1005'),
      ev('working', 'd', '900'),
      ev('complete', 'Done', '800')
    ];
    expect(events.map(e => filter.isNew(e))).toEqual([true, true, true, true, true]);
    // A replay of all, or of the last one, repeats none of them.
    expect(events.map(e => filter.isNew({ ...e }))).toEqual([false, false, false, false, false]);
    expect(filter.isNew(ev('working', 'e', '700'))).toBe(true);
  });

  it('a job of unknown statuses is de-duplicated like any other', () => {
    const filter = new ReplayFilter();
    expect(filter.isNew(ev('building', 'x', '1'))).toBe(true);
    expect(filter.isNew(ev('building', 'x', '1'))).toBe(false);
    expect(filter.isNew(ev('building', 'y', '1'))).toBe(true);
  });
});

describe('ReplayFilter and clock skew', () => {
  it('never drops a final event stamped earlier than the last working event', () => {
    const filter = new ReplayFilter();
    const working = { status: 'working', message: 'Uploading', updatedAt: '1005' };
    const failed = { status: 'error', message: 'Build failed', updatedAt: '1004' };
    expect(filter.isNew(working)).toBe(true);
    expect(filter.isNew(failed)).toBe(true);
    // ...and a reopened stream replaying both prints neither again.
    expect(filter.isNew(working)).toBe(false);
    expect(filter.isNew(failed)).toBe(false);
  });
});
