import { quietHoursEnd, retryDelayMs } from './outbound-timing';

describe('quietHoursEnd', () => {
  const newYork = { start: '21:00', end: '08:00', timeZone: 'America/New_York' };

  it('holds a text written at 22:30 in New York until 08:00 the next morning', () => {
    // 2026-03-02 22:30 EST = 2026-03-03 03:30Z
    expect(quietHoursEnd(new Date('2026-03-03T03:30:00Z'), newYork)?.toISOString()).toBe('2026-03-03T13:00:00.000Z');
  });

  it('holds a text written at 06:15 until 08:00 the same morning', () => {
    expect(quietHoursEnd(new Date('2026-03-03T11:15:00Z'), newYork)?.toISOString()).toBe('2026-03-03T13:00:00.000Z');
  });

  it('lets a text written during the day go at once', () => {
    expect(quietHoursEnd(new Date('2026-03-03T15:00:00Z'), newYork)).toBeNull();
    // 20:59 local is still allowed, 21:00 is not
    expect(quietHoursEnd(new Date('2026-03-04T01:59:00Z'), newYork)).toBeNull();
    expect(quietHoursEnd(new Date('2026-03-04T02:00:00Z'), newYork)).not.toBeNull();
  });

  it('uses the patient time zone, not the server one', () => {
    // 15:00Z is 07:00 in Los Angeles (quiet) but 10:00 in New York (not)
    const la = { ...newYork, timeZone: 'America/Los_Angeles' };
    expect(quietHoursEnd(new Date('2026-03-03T15:00:00Z'), la)?.toISOString()).toBe('2026-03-03T16:00:00.000Z');
  });

  it('lands on 08:00 local across the spring-forward night', () => {
    // 2026-03-07 22:00 EST; clocks go forward on 2026-03-08 at 02:00; 08:00 EDT = 12:00Z
    expect(quietHoursEnd(new Date('2026-03-08T03:00:00Z'), newYork)?.toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });

  it('supports a window within one day and an empty window', () => {
    const lunch = { start: '12:00', end: '13:00', timeZone: 'UTC' };
    expect(quietHoursEnd(new Date('2026-03-03T12:30:00Z'), lunch)?.toISOString()).toBe('2026-03-03T13:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-03-03T13:00:00Z'), lunch)).toBeNull();
    expect(quietHoursEnd(new Date('2026-03-03T12:30:00Z'), { ...lunch, end: '12:00' })).toBeNull();
  });
});

describe('retryDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 10_000 };

  it('doubles per attempt, with jitter between half and all of the step', () => {
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, () => 1)).toBe(1000);
    expect(retryDelayMs(3, policy, () => 0)).toBe(2000);
    expect(retryDelayMs(3, policy, () => 1)).toBe(4000);
  });

  it('never exceeds the maximum', () => {
    expect(retryDelayMs(30, policy, () => 1)).toBe(10_000);
  });
});
