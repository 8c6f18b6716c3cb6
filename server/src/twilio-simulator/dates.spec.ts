import { parseDateFilter, toRawDlrDoneDate, toRfc2822 } from './dates';

describe('Twilio date formats', () => {
  const instant = new Date('2023-08-04T05:01:45.678Z');

  it('writes RFC 2822 in GMT like Twilio (two-digit day, +0000)', () => {
    expect(toRfc2822(instant)).toBe('Fri, 04 Aug 2023 05:01:45 +0000');
  });

  it('writes RawDlrDoneDate as YYMMDDhhmm in UTC', () => {
    expect(toRawDlrDoneDate(instant)).toBe('2308040501');
  });

  it('parses DateSent filters as a bare date or a full datetime', () => {
    expect(parseDateFilter('2024-01-02')).toEqual({
      instant: new Date('2024-01-02T00:00:00Z'),
      dayStart: new Date('2024-01-02T00:00:00Z'),
      nextDayStart: new Date('2024-01-03T00:00:00Z'),
      dateOnly: true,
    });
    expect(parseDateFilter('2024-01-02T10:30:00Z')).toMatchObject({
      instant: new Date('2024-01-02T10:30:00Z'),
      dayStart: new Date('2024-01-02T00:00:00Z'),
      dateOnly: false,
    });
    expect(parseDateFilter('yesterday')).toBeNull();
    expect(parseDateFilter('2024-13-45')).toBeNull();
  });
});
