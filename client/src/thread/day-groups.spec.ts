import { aMessage } from '../testing/factories';
import { dayKey, dayLabel, groupByDay, timeLabel } from './day-groups';
import { upsertMessages } from './message-list';

// Local-time dates so the test passes in any time zone.
const local = (day: number, hour: number): string => new Date(2025, 2, day, hour, 30).toISOString();

describe('groupByDay', () => {
  it('groups consecutive messages by local day with friendly labels', () => {
    const now = new Date(2025, 2, 10, 15, 0);
    const entries = upsertMessages([], [
      aMessage({ id: 'a', createdAt: local(3, 9) }),
      aMessage({ id: 'b', createdAt: local(9, 23) }),
      aMessage({ id: 'c', createdAt: local(10, 0) }),
      aMessage({ id: 'd', createdAt: local(10, 14) }),
    ]);
    const groups = groupByDay(entries, now);
    expect(groups.map((group) => [group.label, group.entries.map((entry) => entry.message.id)])).toEqual([
      ['Monday, March 3', ['a']],
      ['Yesterday', ['b']],
      ['Today', ['c', 'd']],
    ]);
    expect(groups[2]?.key).toBe('2025-03-10');
  });

  it('includes the year for other years', () => {
    expect(dayLabel(new Date(2023, 11, 24), new Date(2025, 0, 5))).toBe('December 24, 2023');
  });

  it('formats keys and times', () => {
    expect(dayKey(new Date(2025, 0, 5))).toBe('2025-01-05');
    expect(timeLabel(new Date(2025, 0, 5, 9, 5).toISOString())).toBe('9:05 AM');
    expect(timeLabel('not a date')).toBe('');
  });
});
