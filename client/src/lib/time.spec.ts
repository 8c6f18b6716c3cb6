import { durationLabel, isoToLocalInput, localInputToIso, shortTime, waitingLabel, whenLabel } from './time';

describe('time labels', () => {
  const now = Date.parse('2025-03-04T15:00:00Z');

  it('says how long a patient has been waiting', () => {
    expect(waitingLabel(null, now)).toBeNull();
    expect(waitingLabel('nonsense', now)).toBeNull();
    expect(waitingLabel('2025-03-04T14:48:00Z', now)).toBe('waiting 12 min');
    expect(waitingLabel('2025-03-04T14:59:30Z', now)).toBe('waiting <1 min');
    expect(waitingLabel('2025-03-04T13:55:00Z', now)).toBe('waiting 1 h 5 min');
    expect(waitingLabel('2025-03-01T15:00:00Z', now)).toBe('waiting 3 days');
    expect(durationLabel(2 * 3_600_000)).toBe('2 h');
    expect(durationLabel(86_400_000)).toBe('1 day');
  });

  it('formats list times relative to today', () => {
    const today = new Date(2025, 2, 4, 15, 0);
    expect(shortTime(new Date(2025, 2, 4, 9, 5).toISOString(), today)).toBe('9:05 AM');
    expect(shortTime(new Date(2025, 2, 3, 23, 0).toISOString(), today)).toBe('Yesterday');
    expect(shortTime(new Date(2025, 0, 9, 8, 0).toISOString(), today)).toBe('Jan 9');
    expect(shortTime(new Date(2024, 0, 9, 8, 0).toISOString(), today)).toBe('Jan 9, 2024');
    expect(shortTime(null, today)).toBe('');
  });

  it('says when a scheduled text goes', () => {
    const today = new Date(2025, 2, 4, 22, 0);
    expect(whenLabel(new Date(2025, 2, 4, 23, 30).toISOString(), today)).toBe('11:30 PM');
    expect(whenLabel(new Date(2025, 2, 5, 8, 0).toISOString(), today)).toBe('tomorrow at 8:00 AM');
    expect(whenLabel(new Date(2025, 2, 7, 8, 0).toISOString(), today)).toBe('Fri, Mar 7 at 8:00 AM');
  });

  it('turns a datetime-local value into an instant with an offset and back', () => {
    const local = new Date(2025, 2, 4, 8, 30);
    expect(localInputToIso(isoToLocalInput(local))).toBe(local.toISOString());
    expect(localInputToIso('2025-03-04T08:30')).toMatch(/Z$/u);
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('tomorrow')).toBeNull();
  });
});
