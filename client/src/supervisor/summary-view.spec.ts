import type { InboxLineSummaryDto, UserSummaryDto } from '@care/shared';
import { assignableUsers, summaryTotals, waitingLongestLabel, waitingTone } from './summary-view';

const line = (overrides: Partial<InboxLineSummaryDto>): InboxLineSummaryDto => ({
  lineId: 'l1',
  lineName: 'Line',
  teamId: null,
  open: 0,
  unassigned: 0,
  waitingLongestSince: null,
  failed: 0,
  ...overrides,
});

describe('summaryTotals', () => {
  it('adds up the lines and keeps the oldest wait', () => {
    const totals = summaryTotals([
      line({ open: 3, unassigned: 1, failed: 2, waitingLongestSince: '2025-01-01T10:05:00.000Z' }),
      line({ open: 4, unassigned: 4, failed: 0, waitingLongestSince: '2025-01-01T10:00:00.000Z' }),
      line({ open: 1 }),
    ]);
    expect(totals).toEqual({ open: 8, unassigned: 5, failed: 2, waitingLongestSince: '2025-01-01T10:00:00.000Z' });
    expect(summaryTotals([])).toEqual({ open: 0, unassigned: 0, failed: 0, waitingLongestSince: null });
  });
});

describe('waiting labels', () => {
  const now = Date.parse('2025-01-01T12:00:00.000Z');
  it('says how long and how urgent', () => {
    expect(waitingLongestLabel(null, now)).toBe('Nobody waiting');
    expect(waitingLongestLabel('2025-01-01T11:48:00.000Z', now)).toBe('12 min');
    expect(waitingTone('2025-01-01T11:48:00.000Z', now)).toBe('ok');
    expect(waitingTone('2025-01-01T11:00:00.000Z', now)).toBe('warning');
    expect(waitingTone('2025-01-01T09:00:00.000Z', now)).toBe('danger');
  });
});

describe('assignableUsers', () => {
  const users: UserSummaryDto[] = [
    { id: 'a', name: 'Ada', role: 'admin', teamIds: [] },
    { id: 's', name: 'Sam', role: 'supervisor', teamIds: [] },
    { id: 'n', name: 'Nina', role: 'member', teamIds: ['cardio'] },
    { id: 'c', name: 'Cody', role: 'member', teamIds: ['diabetes'] },
  ];
  it('offers overseers and the line team’s members', () => {
    expect(assignableUsers(users, 'cardio').map((user) => user.id)).toEqual(['a', 's', 'n']);
    expect(assignableUsers(users, null).map((user) => user.id)).toEqual(['a', 's']);
  });
});
