import { isOutsideBusinessHours, parseBusinessDays } from './business-hours';

const hours = { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5], timeZone: 'America/New_York' };

describe('isOutsideBusinessHours', () => {
  it('is inside on a weekday during the day, in the organisation time zone', () => {
    // Wednesday 2026-12-02 10:00 in New York = 15:00 UTC.
    expect(isOutsideBusinessHours(new Date('2026-12-02T15:00:00Z'), hours)).toBe(false);
    // 07:59 and 18:00 local are outside.
    expect(isOutsideBusinessHours(new Date('2026-12-02T12:59:00Z'), hours)).toBe(true);
    expect(isOutsideBusinessHours(new Date('2026-12-02T23:00:00Z'), hours)).toBe(true);
  });

  it('is outside all weekend, and counts the weekday locally (Friday 23:00 UTC is still Friday in New York)', () => {
    expect(isOutsideBusinessHours(new Date('2026-12-05T15:00:00Z'), hours)).toBe(true); // Saturday
    expect(isOutsideBusinessHours(new Date('2026-12-04T22:30:00Z'), hours)).toBe(false); // Friday 17:30 local
  });

  it('parses stored business days', () => {
    expect(parseBusinessDays('1, 2,3,x,9,7')).toEqual([1, 2, 3, 7]);
  });
});
